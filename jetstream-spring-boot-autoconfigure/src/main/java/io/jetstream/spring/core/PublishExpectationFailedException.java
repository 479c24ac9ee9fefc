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
 * Thrown when the server refused a publish because an expectation did not hold (expected
 * stream, last sequence, last subject sequence or last message id): the
 * optimistic-concurrency check failed and the message was not stored. Catch it to re-read
 * and retry.
 *
 * @since 0.1.0
 */
public class PublishExpectationFailedException extends JetStreamPublishException {

	/**
	 * Create an exception.
	 * @param subject the subject published to
	 * @param messageId the message id, if any
	 * @param reason the server's reason, such as {@code wrong last sequence: 7}
	 * @param cause the underlying failure
	 */
	public PublishExpectationFailedException(String subject, @Nullable String messageId, String reason,
			@Nullable Throwable cause) {
		super(subject, messageId, "expectation failed: " + reason, cause);
	}

}
