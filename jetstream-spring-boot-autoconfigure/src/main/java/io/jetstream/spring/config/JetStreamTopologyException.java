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

import io.jetstream.spring.JetStreamException;

/**
 * Thrown when the declared topology cannot be applied to, or does not match, the server.
 *
 * @since 0.1.0
 */
public class JetStreamTopologyException extends JetStreamException {

	/**
	 * Create an exception.
	 * @param message what differs or failed, naming the stream and the setting
	 * @param cause the underlying failure, if any
	 */
	public JetStreamTopologyException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
