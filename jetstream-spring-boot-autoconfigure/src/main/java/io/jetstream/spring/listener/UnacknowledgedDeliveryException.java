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

import io.jetstream.spring.JetStreamException;

/**
 * The failure named by a dead letter with reason {@code max_deliveries_unacknowledged}:
 * the last allowed delivery of a message was neither acknowledged nor rejected within
 * ack-wait (the instance holding it crashed, a manual-ack listener never settled it, a
 * handler hung), and the server gave the message up, saying so only in a
 * {@code MAX_DELIVERIES} advisory. It is never thrown at a listener; it travels in the
 * dead letter's {@code X-DLQ-Error} and {@code X-DLQ-Exception-Class} headers.
 *
 * @since 0.1.0
 */
public class UnacknowledgedDeliveryException extends JetStreamException {

	/**
	 * Create an exception.
	 * @param message what happened to the message
	 */
	public UnacknowledgedDeliveryException(String message) {
		super(message);
	}

}
