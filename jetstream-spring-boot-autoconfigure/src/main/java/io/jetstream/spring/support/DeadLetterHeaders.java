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

/**
 * Names of the headers a dead letter carries besides the original's own, so that code
 * that reads dead letters (a dead-letter listener, a replay tool) does not repeat them as
 * literals. Values derived from text are encoded by {@link HeaderValues}; decode them
 * with {@link HeaderValues#decode(String)}.
 *
 * @since 0.1.0
 */
public final class DeadLetterHeaders {

	/** Why the message was dead-lettered: a {@link DeadLetterReason#headerValue()}. */
	public static final String REASON = "X-DLQ-Reason";

	/** The failure's message. */
	public static final String ERROR = "X-DLQ-Error";

	/** The failure's class. */
	public static final String EXCEPTION_CLASS = "X-DLQ-Exception-Class";

	/** The subject the original was published to. */
	public static final String ORIGINAL_SUBJECT = "X-DLQ-Original-Subject";

	/** The stream of the original. */
	public static final String ORIGINAL_STREAM = "X-DLQ-Original-Stream";

	/** The stream sequence of the original. */
	public static final String ORIGINAL_SEQUENCE = "X-DLQ-Original-Sequence";

	/** The consumer that gave up. */
	public static final String CONSUMER = "X-DLQ-Consumer";

	/** Deliveries of the original, the last one included. */
	public static final String DELIVERY_COUNT = "X-DLQ-Delivery-Count";

	/** When it was dead-lettered (RFC 3339). */
	public static final String TIMESTAMP = "X-DLQ-Timestamp";

	/** The original's {@code Nats-Msg-Id}, if it had one. */
	public static final String ORIGINAL_MESSAGE_ID = "X-DLQ-Original-Msg-Id";

	/**
	 * Why the dead letter lacks the original's headers (or payload): present only on a
	 * dead letter that could not be stored as built.
	 */
	public static final String REDUCED = "X-DLQ-Reduced";

	/**
	 * On a dead letter, when a redrive key is configured: the HMAC-SHA256 (base64) of its
	 * original stream, consumer, sequence and subject, redrive count and payload, made
	 * with the key. With a key, only a dead letter whose signature verifies is redriven.
	 */
	public static final String SIGNATURE = "X-DLQ-Signature";

	/** The size of a payload left out of a reduced dead letter. */
	public static final String PAYLOAD_OMITTED = "X-DLQ-Payload-Omitted";

	/**
	 * On a redriven message: {@code <stream>/<consumer>}, the only consumer that handles
	 * it; listeners of other consumers acknowledge it without calling their method.
	 */
	public static final String REDRIVE_FOR = "X-Redrive-For";

	/**
	 * On a redriven message, and on its dead letter if it fails again: how often it was
	 * redriven.
	 */
	public static final String REDRIVE_COUNT = "X-Redrive-Count";

	/**
	 * On a redriven message: the id it was published with,
	 * {@code redrive:<dlq>:<dlq created>:<sequence>}.
	 */
	public static final String REDRIVE_ID = "X-Redrive-Id";

	/**
	 * On a redriven message, when a redrive key is configured: the HMAC-SHA256 (base64)
	 * of the consumer it is for, its subject, its redrive id and count and its payload's
	 * digest, made with the key. Only a message whose signature verifies is skipped by
	 * listeners of other consumers; its count carries into a new dead letter.
	 */
	public static final String REDRIVE_SIGNATURE = "X-Redrive-Signature";

	private DeadLetterHeaders() {
	}

}
