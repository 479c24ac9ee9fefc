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
package io.jetstream.spring.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectPatternsTests {

	@Test
	void overlappingPatterns() {
		assertThat(SubjectPatterns.overlap("orders.>", "orders.created")).isTrue();
		assertThat(SubjectPatterns.overlap("orders.*", "orders.created")).isTrue();
		assertThat(SubjectPatterns.overlap("*.created", "orders.*")).isTrue();
		assertThat(SubjectPatterns.overlap("orders", "orders")).isTrue();
		assertThat(SubjectPatterns.overlap(">", "a.b.c")).isTrue();
	}

	@Test
	void disjointPatterns() {
		assertThat(SubjectPatterns.overlap("orders.>", "orders")).isFalse();
		assertThat(SubjectPatterns.overlap("orders.*", "orders.a.b")).isFalse();
		assertThat(SubjectPatterns.overlap("orders.created", "returns.created")).isFalse();
		assertThat(SubjectPatterns.overlap("a.*.c", "a.b.d")).isFalse();
	}

}
