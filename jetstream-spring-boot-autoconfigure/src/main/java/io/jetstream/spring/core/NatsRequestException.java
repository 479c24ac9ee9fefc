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
 * A core NATS request ({@link JetStreamOperations#request}) that got no usable reply.
 *
 * @since 0.1.0
 */
public class NatsRequestException extends JetStreamException {

	private final String subject;

	private final Reason reason;

	/**
	 * Create an exception.
	 * @param subject the subject requested
	 * @param reason why there is no reply
	 * @param detail what happened
	 * @param cause the underlying failure, if any
	 */
	public NatsRequestException(String subject, Reason reason, String detail, @Nullable Throwable cause) {
		super("Request to '" + subject + "' failed: " + detail, cause);
		this.subject = subject;
		this.reason = reason;
	}

	/**
	 * Return the subject requested.
	 * @return the subject
	 */
	public String getSubject() {
		return this.subject;
	}

	/**
	 * Return why there is no reply.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a request got no usable reply.
	 */
	public enum Reason {

		/** No reply within the timeout. */
		TIMEOUT,

		/** Nobody subscribes to the subject. */
		NO_RESPONDERS,

		/**
		 * The responder answered with an error ({@code Nats-Service-Error} header), such
		 * as a {@code @NatsListener} method that threw.
		 */
		ERROR_REPLY,

		/** The request or the reply could not be converted. */
		CONVERSION_FAILED,

		/** The connection failed or the wait was interrupted. */
		FAILED

	}

}
