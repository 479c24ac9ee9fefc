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

package io.jetstream.spring.core;

import org.jspecify.annotations.Nullable;

import io.jetstream.spring.JetStreamException;

/**
 * Thrown when a stream or a message cannot be read: no such stream, no message at that
 * sequence or for that subject, or a payload that cannot be converted to the requested
 * type. The message names the stream (and sequence or subject).
 *
 * @since 0.1.0
 */
public class JetStreamReadException extends JetStreamException {

	private final Kind kind;

	/**
	 * Create an exception.
	 * @param kind what went wrong
	 * @param message what failed, naming stream and sequence or subject
	 * @param cause the underlying failure
	 */
	public JetStreamReadException(Kind kind, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	/**
	 * Return what went wrong.
	 * @return the kind
	 */
	public Kind getKind() {
		return this.kind;
	}

	/**
	 * What went wrong.
	 */
	public enum Kind {

		/** The stream does not exist. */
		STREAM_NOT_FOUND,

		/** No message at that sequence, or for that subject. */
		MESSAGE_NOT_FOUND,

		/** The stream has no such consumer. */
		CONSUMER_NOT_FOUND,

		/** The payload could not be converted to the requested type. */
		CONVERSION_FAILED,

		/** The server could not be asked. */
		UNAVAILABLE

	}

}
