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
package io.jetstream.spring.boot.autoconfigure.devserver;

import org.jspecify.annotations.Nullable;

import io.jetstream.spring.JetStreamException;

/**
 * Thrown when the NATS dev server cannot be started; the message says how to fix it.
 *
 * @since 0.1.0
 */
public class NatsDevServerException extends JetStreamException {

	/**
	 * Create an exception with a message and a cause.
	 * @param message what failed and what to do
	 * @param cause the underlying failure
	 */
	public NatsDevServerException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
