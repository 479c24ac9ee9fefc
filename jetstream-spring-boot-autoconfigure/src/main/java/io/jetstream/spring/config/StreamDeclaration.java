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

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.nats.client.api.StreamConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A stream the application needs: its name and only the settings the user chose. Settings
 * left out keep the server's value (or default), so that a declaration never overwrites
 * what another tool or operator configured.
 */
public final class StreamDeclaration {

	private final String name;

	private final Map<StreamField, Object> settings;

	private final String origin;

	/**
	 * Create a declaration.
	 * @param name the stream name
	 * @param settings the configured settings, jnats-typed (for example a
	 * {@code StorageType} for {@link StreamField#STORAGE}, a {@code Long} for sizes)
	 * @param origin where it was declared, such as {@code nats.jetstream.streams.ORDERS},
	 * used in messages
	 */
	public StreamDeclaration(String name, Map<StreamField, Object> settings, String origin) {
		Assert.hasText(name, "Stream name must not be empty");
		Assert.isTrue(!name.contains(".") && !name.contains("*") && !name.contains(">") && !name.contains(" "),
				() -> "Stream name '" + name + "' must not contain '.', '*', '>' or spaces (" + origin + ")");
		this.name = name;
		this.settings = settings.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(settings));
		this.origin = origin;
	}

	/**
	 * Return the stream name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the configured settings.
	 * @return the settings, by field
	 */
	public Map<StreamField, Object> getSettings() {
		return this.settings;
	}

	/**
	 * Return where this stream was declared.
	 * @return the origin, such as a property prefix
	 */
	public String getOrigin() {
		return this.origin;
	}

	/**
	 * Return the configured subjects.
	 * @return the subjects, empty if none were configured
	 */
	@SuppressWarnings("unchecked")
	public List<String> getSubjects() {
		Object subjects = this.settings.get(StreamField.SUBJECTS);
		return (subjects != null) ? (List<String>) subjects : List.of();
	}

	/**
	 * Build the configuration for a new stream, or for an update of the given one.
	 * @param existing the server's configuration, or {@code null} to create
	 * @return the configuration to send
	 */
	public StreamConfiguration toConfiguration(@Nullable StreamConfiguration existing) {
		StreamConfiguration.Builder builder = (existing != null) ? StreamConfiguration.builder(existing)
				: StreamConfiguration.builder().name(this.name);
		this.settings.forEach((field, value) -> field.write(builder, value));
		return builder.build();
	}

}
