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
package io.jetstream.spring.boot.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizableData;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link NatsSanitizingFunction}.
 */
class NatsSanitizingFunctionTests {

	private final NatsSanitizingFunction function = new NatsSanitizingFunction();

	@Test
	void secretsAreHidden() {
		for (String key : List.of("nats.password", "nats.token", "nats.nkey", "NATS.PASSWORD", "NATS_PASSWORD",
				"NATS_TOKEN", "NATS_NKEY", "nats.jetstream.listener.dead-letter.redrive-key",
				"NATS_JETSTREAM_LISTENER_DEADLETTER_REDRIVEKEY")) {
			assertThat(sanitize(key, "s3cret")).as(key).isEqualTo(SanitizableData.SANITIZED_VALUE);
		}
	}

	@Test
	void credentialsInServerUrlsAreHiddenAndTheRestKept() {
		assertThat(sanitize("nats.servers", "nats://app:s3cret@host:4222,nats://other:4222"))
			.isEqualTo("nats://***@host:4222,nats://other:4222");
		assertThat(sanitize("nats.servers[0]", "tls://app:s3cret@host:4222")).isEqualTo("tls://***@host:4222");
		assertThat(sanitize("NATS_SERVERS", "nats://app:s3cret@host:4222")).isEqualTo("nats://***@host:4222");
		assertThat(sanitize("nats.servers", List.of("nats://app:s3cret@host:4222")))
			.isEqualTo(List.of("nats://***@host:4222"));
	}

	@Test
	void otherPropertiesAreLeftAlone() {
		assertThat(sanitize("nats.username", "app")).isEqualTo("app");
		assertThat(sanitize("nats.connection-name", "orders")).isEqualTo("orders");
		assertThat(this.function.filter().test(new SanitizableData(null, "spring.datasource.password", "x"))).isFalse();
	}

	private Object sanitize(String key, Object value) {
		return this.function.applyUnlessFiltered(new SanitizableData(null, key, value)).getValue();
	}

}
