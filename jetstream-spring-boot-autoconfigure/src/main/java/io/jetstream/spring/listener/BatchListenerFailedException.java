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
 * Thrown by a batch listener to say which message of its batch failed, as Spring for
 * Apache Kafka's exception of the same name: the messages before it are acknowledged, the
 * one at the index is handed to the error handler with the cause, and the rest are handed
 * to the listener again at once, as a batch of their own, on the same worker (not nak'ed
 * for redelivery, where Spring Kafka seeks back: a nak of a message's last allowed
 * delivery would end it without a dead letter).
 *
 * @since 0.1.0
 */
public class BatchListenerFailedException extends JetStreamException {

	private final int index;

	/**
	 * Create an exception.
	 * @param index the index of the failed message in the list the method received
	 * @param cause why it failed
	 */
	public BatchListenerFailedException(int index, Throwable cause) {
		super("Message " + index + " of the batch failed: " + cause.getMessage(), cause);
		this.index = index;
	}

	/**
	 * Return the index of the failed message in the list the method received.
	 * @return the index
	 */
	public int getIndex() {
		return this.index;
	}

}
