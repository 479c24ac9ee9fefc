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

/**
 * Thrown when no stream captures the subject of a publish: the message was not stored,
 * and was not sent as a plain NATS message either.
 *
 * @since 0.1.0
 */
public class NoStreamForSubjectException extends JetStreamPublishException {

	/**
	 * Create an exception.
	 * @param subject the subject published to
	 * @param messageId the message id, if any
	 * @param cause the underlying failure
	 */
	public NoStreamForSubjectException(String subject, @Nullable String messageId, @Nullable Throwable cause) {
		super(subject, messageId, "no stream captures this subject (declare one in nats.jetstream.streams)", cause);
	}

}
