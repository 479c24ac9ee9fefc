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

package io.jetstream.spring.observation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SubjectTagMapperTests {

	@Test
	void fullKeepsTheSubject() {
		assertThat(SubjectTagMapper.FULL.mapper(2).apply("orders.created.4711")).isEqualTo("orders.created.4711");
	}

	@Test
	void truncatedKeepsTheFirstTokens() {
		assertThat(SubjectTagMapper.TRUNCATED.mapper(2).apply("orders.created.4711")).isEqualTo("orders.created.>");
		assertThat(SubjectTagMapper.TRUNCATED.mapper(2).apply("orders.created")).isEqualTo("orders.created");
		assertThat(SubjectTagMapper.TRUNCATED.mapper(1).apply("orders.created")).isEqualTo("orders.>");
	}

	@Test
	void noneIsOneValue() {
		assertThat(SubjectTagMapper.NONE.mapper(2).apply("orders.created.4711")).isEqualTo("*");
	}

}
