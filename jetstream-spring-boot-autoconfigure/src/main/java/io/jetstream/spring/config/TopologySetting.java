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

import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * One setting of a stream or consumer that a declaration may set: how it is read from the
 * server's configuration and written to a builder, its property name, whether the server
 * can change it on an existing stream or consumer, and the server version it needs.
 *
 * @param <C> the client's configuration type
 * @param <B> the client's configuration builder type
 * @since 0.1.0
 */
public interface TopologySetting<C, B> {

	/**
	 * Return how this setting is named, read and written.
	 * @return the definition
	 */
	Definition<C, B> definition();

	/**
	 * Return the property name, such as {@code max-age}.
	 * @return the property name
	 */
	default String getPropertyName() {
		return definition().propertyName();
	}

	/**
	 * Whether the server can change this setting on an existing stream or consumer.
	 * @return {@code true} if updatable
	 */
	default boolean isUpdatable() {
		return definition().updatable();
	}

	/**
	 * Return the oldest server version that supports this value of the setting.
	 * @param value the configured value
	 * @return a version such as {@code 2.10.0}, or {@code null} if any server does
	 */
	default @Nullable String getRequiredServerVersion(Object value) {
		return null;
	}

	/**
	 * Read the setting from the server's configuration, in the type declarations use.
	 * @param configuration the server's configuration
	 * @return the value, or {@code null} if unset
	 */
	default @Nullable Object read(C configuration) {
		return definition().reader().apply(configuration);
	}

	/**
	 * Write a configured value to a builder.
	 * @param builder the builder
	 * @param value the configured value
	 */
	default void write(B builder, Object value) {
		definition().writer().accept(builder, value);
	}

	/**
	 * Whether the order of a list value matters (backoff delays); otherwise lists compare
	 * as sets, since the server may reorder them.
	 * @return {@code true} for ordered lists
	 */
	default boolean isOrdered() {
		return false;
	}

	/**
	 * Whether the server's value satisfies the configured one: unordered lists compare as
	 * sets, maps as "contains every configured entry" (the server adds metadata of its
	 * own).
	 * @param serverValue the server's value
	 * @param configured the configured value
	 * @return {@code true} if nothing needs to change
	 */
	default boolean matches(@Nullable Object serverValue, Object configured) {
		if (!isOrdered() && serverValue instanceof Collection<?> server && configured instanceof Collection<?> wanted) {
			return new HashSet<>(server).equals(new HashSet<>(wanted));
		}
		if (configured instanceof Map<?, ?> wanted) {
			Map<?, ?> server = (serverValue instanceof Map<?, ?> map) ? map : Map.of();
			return wanted.entrySet().stream().allMatch((e) -> Objects.equals(server.get(e.getKey()), e.getValue()));
		}
		return Objects.equals(serverValue, configured);
	}

	/**
	 * Format a value for a message, enums lower-case as in properties.
	 * @param value the value
	 * @return the text
	 */
	static String format(@Nullable Object value) {
		if (value instanceof Enum<?> e) {
			return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		return String.valueOf(value);
	}

	/**
	 * How a setting is named, read from a configuration and written to a builder.
	 *
	 * @param <C> the client's configuration type
	 * @param <B> the client's configuration builder type
	 * @param propertyName the property name, such as {@code max-age}
	 * @param updatable whether the server can change it on an existing stream or consumer
	 * @param reader reads it from the server's configuration
	 * @param writer writes a configured value to a builder
	 */
	record Definition<C, B>(String propertyName, boolean updatable, Function<C, @Nullable Object> reader,
			BiConsumer<B, Object> writer) {

	}

}
