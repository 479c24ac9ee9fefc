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

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a stream or consumer declaration is invalid, before the server is touched.
 * It names the setting by its full property path (such as
 * {@code nats.jetstream.streams.ORDERS.max-bytes}) so that the user finds it.
 *
 * @since 0.1.0
 */
public class TopologyDeclarationException extends JetStreamTopologyException {

	private final String propertyPath;

	private final @Nullable Object value;

	private final String reason;

	/**
	 * Create an exception.
	 * @param propertyPath the full path of the offending setting
	 * @param value the offending value
	 * @param reason what is wrong with it
	 */
	public TopologyDeclarationException(String propertyPath, @Nullable Object value, String reason) {
		super(propertyPath + (value != null ? " (" + TopologySetting.format(value) + ")" : "") + " " + reason, null);
		this.propertyPath = propertyPath;
		this.value = value;
		this.reason = reason;
	}

	/**
	 * Return the full property path of the offending setting.
	 * @return the property path
	 */
	public String getPropertyPath() {
		return this.propertyPath;
	}

	/**
	 * Return the offending value.
	 * @return the value, or {@code null}
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * Return what is wrong with the value.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
