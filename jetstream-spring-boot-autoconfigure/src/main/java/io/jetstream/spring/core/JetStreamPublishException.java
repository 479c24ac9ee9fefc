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
 * Thrown when a message was not stored by JetStream. The message says so, and why.
 *
 * @since 0.1.0
 */
public class JetStreamPublishException extends JetStreamException {

	private final String subject;

	private final @Nullable String messageId;

	/**
	 * Create an exception.
	 * @param subject the subject published to
	 * @param messageId the message id, if any
	 * @param reason why the message was not stored
	 * @param cause the underlying failure
	 */
	public JetStreamPublishException(String subject, @Nullable String messageId, String reason,
			@Nullable Throwable cause) {
		super("Message to subject '" + subject + "'" + ((messageId != null) ? " (id " + messageId + ")" : "")
				+ " was not stored: " + reason, cause);
		this.subject = subject;
		this.messageId = messageId;
	}

	/**
	 * Return the subject published to.
	 * @return the subject
	 */
	public String getSubject() {
		return this.subject;
	}

	/**
	 * Return the message id ({@code Nats-Msg-Id}), if the message had one.
	 * @return the message id or {@code null}
	 */
	public @Nullable String getMessageId() {
		return this.messageId;
	}

}
