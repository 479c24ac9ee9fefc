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
package io.jetstream.spring.listener;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by a listener when retrying cannot help (an order for a product that does not
 * exist, say): the message goes to the dead-letter stream at once with reason
 * {@code non_retryable}. Any exception whose cause chain contains one counts.
 *
 * @since 0.1.0
 */
public class NonRetryableException extends RuntimeException {

	/**
	 * Create an exception.
	 * @param message why the message cannot be processed
	 */
	public NonRetryableException(String message) {
		super(message);
	}

	/**
	 * Create an exception with a cause.
	 * @param message why the message cannot be processed
	 * @param cause the underlying failure
	 */
	public NonRetryableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
