/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */
package io.jetstream.spring.support;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link NatsUrls}: no part of a password survives.
 */
class NatsUrlsTests {

	@Test
	void userInformationIsRemovedUpToTheHost() {
		assertThat(NatsUrls.redact("nats://app:s3cret@host:4222")).isEqualTo("nats://***@host:4222");
		assertThat(NatsUrls.redact("nats://app:p@ss@w@rd@host:4222")).isEqualTo("nats://***@host:4222");
		assertThat(NatsUrls.redact("nats://app:a,b@host:4222")).isEqualTo("nats://***@host:4222");
		assertThat(NatsUrls.redact("nats://token@host")).isEqualTo("nats://***@host");
		assertThat(NatsUrls.redact("nats://app:p/ss@host")).isEqualTo("nats://***@host");
		assertThat(NatsUrls.redact("Could not connect to nats://app:p@ss@host:4222/x (refused)"))
			.isEqualTo("Could not connect to nats://***@host:4222/x (refused)");
	}

	@Test
	void listsKeepEveryHost() {
		assertThat(NatsUrls.redact("nats://a:b@h1:4222,nats://c:d@h2:4222,nats://h3:4222"))
			.isEqualTo("nats://***@h1:4222,nats://***@h2:4222,nats://h3:4222");
		assertThat(NatsUrls.redact(List.of("nats://a:b@h1", "tls://h2"))).isEqualTo("nats://***@h1, tls://h2");
	}

}
