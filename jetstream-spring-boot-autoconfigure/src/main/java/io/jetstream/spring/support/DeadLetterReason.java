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
package io.jetstream.spring.support;

import java.util.Locale;

/**
 * Why a message went to the dead-letter stream; the value of the {@code X-DLQ-Reason}
 * header.
 *
 * @since 0.1.0
 */
public enum DeadLetterReason {

	/** The listener failed on the consumer's last allowed delivery. */
	MAX_DELIVERIES_EXCEEDED,

	/** The listener threw a {@code NonRetryableException}. */
	NON_RETRYABLE,

	/** The payload could not be converted to the parameter type. */
	CONVERSION_FAILED,

	/** The payload failed bean validation. */
	VALIDATION_FAILED,

	/**
	 * The consumer's last allowed delivery was not acknowledged within ack-wait and the
	 * server gave the message up (it said so in a {@code MAX_DELIVERIES} advisory).
	 */
	MAX_DELIVERIES_UNACKNOWLEDGED;

	/**
	 * Return the header value, such as {@code max_deliveries_exceeded}.
	 * @return the header value
	 */
	public String headerValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
