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
package io.jetstream.spring.listener;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.mockito.Mockito.mock;

/**
 * The factory's template and its copies: no server needed.
 */
class JetStreamContainerPropertiesTests {

	private static final Set<String> NAMING = Set.of("stream", "consumer");

	@Test
	void aCopyTakesEverySettingOfItsTemplate() throws Exception {
		JetStreamContainerProperties template = new JetStreamContainerProperties();
		JetStreamContainerProperties defaults = new JetStreamContainerProperties("S", "C");
		for (Field field : settings()) {
			Object value = unlike(field.getType(), field.get(defaults));
			field.set(template, value);
		}
		JetStreamContainerProperties copy = new JetStreamContainerProperties("ORDERS", "worker", template);
		assertThat(copy.getStream()).isEqualTo("ORDERS");
		assertThat(copy.getConsumer()).isEqualTo("worker");
		for (Field field : settings()) {
			// a setting added to the class but not to the copy constructor fails here
			assertThat(field.get(copy)).as(field.getName()).isEqualTo(field.get(template));
			assertThat(field.get(copy)).as(field.getName() + " differs from the default")
				.isNotEqualTo(field.get(defaults));
		}
	}

	@Test
	void aTemplateNamesNoStreamOrConsumer() {
		JetStreamContainerProperties template = new JetStreamContainerProperties();
		assertThatIllegalStateException().isThrownBy(template::getStream).withMessageContaining("template");
		assertThatIllegalStateException().isThrownBy(template::getConsumer).withMessageContaining("template");
	}

	private static java.util.List<Field> settings() {
		java.util.List<Field> fields = new java.util.ArrayList<>();
		ReflectionUtils.doWithFields(JetStreamContainerProperties.class, (field) -> {
			ReflectionUtils.makeAccessible(field);
			fields.add(field);
		}, (field) -> !Modifier.isStatic(field.getModifiers()) && !NAMING.contains(field.getName()));
		return fields;
	}

	private static Object unlike(Class<?> type, Object value) {
		if (type == int.class) {
			return (int) value + 7;
		}
		if (type == long.class) {
			return (long) value + 7;
		}
		if (type == boolean.class) {
			return !(boolean) value;
		}
		if (type == Duration.class) {
			return ((Duration) value).plusSeconds(7);
		}
		if (type == String.class) {
			return "group";
		}
		if (type.isEnum()) {
			Object[] constants = type.getEnumConstants();
			return (constants[0] != value) ? constants[0] : constants[constants.length - 1];
		}
		return mock(type);
	}

}
