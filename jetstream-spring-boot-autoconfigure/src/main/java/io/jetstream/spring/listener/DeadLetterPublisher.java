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

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.nats.client.JetStream;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;

import io.jetstream.spring.core.JetStreamPublishException;

/**
 * Publishes a failed message to its dead-letter subject: the original data and headers,
 * plus {@code X-DLQ-*} headers that say why and where it came from, with
 * {@code Nats-Msg-Id: <stream>:<sequence>} so that a dead letter published twice is
 * stored once. It returns only after the server stored the dead letter.
 */
public class DeadLetterPublisher {

	/** Why the message was dead-lettered. */
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

	private static final int MAX_ERROR_LENGTH = 1024;

	private final JetStream jetStream;

	private final Duration timeout;

	/**
	 * Create a publisher.
	 * @param jetStream the JetStream context
	 * @param timeout how long to wait for the server's acknowledgement
	 */
	public DeadLetterPublisher(JetStream jetStream, Duration timeout) {
		this.jetStream = jetStream;
		this.timeout = timeout;
	}

	/**
	 * Publish a dead letter and wait until it is stored.
	 * @param subject the dead-letter subject
	 * @param original the failed message
	 * @param metadata its metadata
	 * @param reason why it is dead-lettered
	 * @param failure the failure, if any
	 * @return the server's acknowledgement
	 * @throws JetStreamPublishException if the dead letter was not stored
	 */
	public PublishAck publish(String subject, Message original, MessageMetadata metadata, DeadLetterReason reason,
			Throwable failure) {
		Headers headers = new Headers();
		if (original.getHeaders() != null) {
			original.getHeaders().forEach((name, values) -> {
				// Nats-* headers steer the server (ids, expectations, rollups): not for
				// the copy
				if (!name.regionMatches(true, 0, "Nats-", 0, 5)) {
					headers.put(name, values);
				}
			});
			String originalId = original.getHeaders().getFirst("Nats-Msg-Id");
			if (originalId != null) {
				headers.put(ORIGINAL_MESSAGE_ID, originalId);
			}
		}
		headers.put(REASON, reason.headerValue());
		headers.put(ERROR, headerValue(failureMessage(failure)));
		headers.put(EXCEPTION_CLASS, failure.getClass().getName());
		headers.put(ORIGINAL_SUBJECT, original.getSubject());
		headers.put(ORIGINAL_STREAM, metadata.stream());
		headers.put(ORIGINAL_SEQUENCE, String.valueOf(metadata.streamSequence()));
		headers.put(CONSUMER, metadata.consumer());
		headers.put(DELIVERY_COUNT, String.valueOf(metadata.deliveredCount()));
		headers.put(TIMESTAMP, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
		String messageId = metadata.stream() + ":" + metadata.streamSequence();
		PublishOptions options = PublishOptions.builder().messageId(messageId).streamTimeout(this.timeout).build();
		byte[] data = (original.getData() != null) ? original.getData() : new byte[0];
		try {
			return this.jetStream.publish(subject, headers, data, options);
		}
		catch (Exception ex) {
			throw new JetStreamPublishException(subject, messageId, "dead letter not stored: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The failure's message without the message it failed on: Spring Messaging appends
	 * the whole message ({@code for GenericMessage [...]}, {@code failedMessage=...}),
	 * whose raw NATS message prints the payload, which belongs in the dead letter's body
	 * and not in a header or a log line.
	 * @param failure the failure
	 * @return its message, shortened
	 */
	static String failureMessage(Throwable failure) {
		String message = String.valueOf(failure.getMessage());
		for (String marker : new String[] { " for GenericMessage [", ", failedMessage=" }) {
			int at = message.indexOf(marker);
			if (at >= 0) {
				message = message.substring(0, at);
			}
		}
		return message;
	}

	/**
	 * Header values cannot hold line breaks, and a stack of messages can be long.
	 */
	private static String headerValue(String text) {
		String single = text.replaceAll("[\\r\\n]+", " ").strip();
		return (single.length() > MAX_ERROR_LENGTH) ? single.substring(0, MAX_ERROR_LENGTH) + "..." : single;
	}

}
