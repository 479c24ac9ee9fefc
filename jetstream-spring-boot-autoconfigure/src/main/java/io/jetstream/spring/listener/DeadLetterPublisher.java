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
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.core.JetStreamPublishException;
import io.jetstream.spring.support.HeaderValues;

/**
 * Publishes a failed message to its dead-letter subject: the original data and headers,
 * plus {@code X-DLQ-*} headers that say why and where it came from (values derived from
 * text are made valid header values by {@link HeaderValues#encode(String)}), with
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

	/**
	 * Why the dead letter lacks the original's headers (or payload): present only on a
	 * dead letter that could not be stored as built.
	 */
	public static final String REDUCED = "X-DLQ-Reduced";

	/** The size of a payload left out of a reduced dead letter. */
	public static final String PAYLOAD_OMITTED = "X-DLQ-Payload-Omitted";

	private static final int MESSAGE_TOO_LARGE = 10054;

	private static final LogAccessor logger = new LogAccessor(DeadLetterPublisher.class);

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
	 * Publish a dead letter and wait until it is stored. A dead letter that can never be
	 * stored as built — a header the client refuses, larger than the dead-letter stream's
	 * or the server's maximum message size — is stored reduced instead: first without the
	 * original's headers, then without its payload, each time with {@value #REDUCED}
	 * saying why (and {@value #PAYLOAD_OMITTED} how large the payload was), so that the
	 * original can still be settled.
	 * @param subject the dead-letter subject
	 * @param original the failed message
	 * @param metadata its metadata
	 * @param reason why it is dead-lettered
	 * @param failure the failure, if any
	 * @return the server's acknowledgement
	 * @throws JetStreamPublishException if the dead letter was not stored: a failure that
	 * may pass (stream missing or full, timeout, disconnected), or one that not even the
	 * reduced dead letter escapes
	 */
	public PublishAck publish(String subject, Message original, MessageMetadata metadata, DeadLetterReason reason,
			Throwable failure) {
		String messageId = metadata.stream() + ":" + metadata.streamSequence();
		byte[] data = (original.getData() != null) ? original.getData() : new byte[0];
		Exception permanent;
		try {
			Headers headers = originalHeaders(original);
			addDeadLetterHeaders(headers, original, metadata, reason, failure);
			return store(subject, messageId, headers, data);
		}
		catch (Exception ex) {
			permanent = permanentOrThrow(subject, messageId, ex);
		}
		String why = "the dead letter as built could not be stored (" + permanent.getMessage() + ")";
		logger.warn(() -> "Dead letter of " + messageId + " to " + subject + " is stored without the original's "
				+ "headers: " + why);
		try {
			Headers headers = new Headers();
			addDeadLetterHeaders(headers, original, metadata, reason, failure);
			headers.put(REDUCED, HeaderValues.encode("original headers dropped: " + why));
			return store(subject, messageId, headers, data);
		}
		catch (Exception ex) {
			permanent = permanentOrThrow(subject, messageId, ex);
		}
		String whyNoPayload = "not even without the original's headers (" + permanent.getMessage() + ")";
		logger.warn(() -> "Dead letter of " + messageId + " to " + subject + " is stored without the payload ("
				+ data.length + " bytes): " + whyNoPayload);
		try {
			Headers headers = new Headers();
			addDeadLetterHeaders(headers, original, metadata, reason, failure);
			headers.put(REDUCED, HeaderValues.encode("original headers and payload dropped: " + why + ", "
					+ whyNoPayload + "; the original is at its stream sequence until the stream discards it"));
			headers.put(PAYLOAD_OMITTED, data.length + " bytes");
			return store(subject, messageId, headers, new byte[0]);
		}
		catch (Exception ex) {
			throw new JetStreamPublishException(subject, messageId,
					"dead letter not stored, not even reduced: " + ex.getMessage(), ex);
		}
	}

	private static Headers originalHeaders(Message original) {
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
		return headers;
	}

	/**
	 * Every value is made a valid header value: exception messages, and even class names
	 * and subjects, may hold characters a header cannot.
	 */
	private static void addDeadLetterHeaders(Headers headers, Message original, MessageMetadata metadata,
			DeadLetterReason reason, Throwable failure) {
		headers.put(REASON, reason.headerValue());
		headers.put(ERROR, HeaderValues.encode(failureMessage(failure)));
		headers.put(EXCEPTION_CLASS, HeaderValues.encode(failure.getClass().getName()));
		headers.put(ORIGINAL_SUBJECT, HeaderValues.encode(original.getSubject()));
		headers.put(ORIGINAL_STREAM, HeaderValues.encode(metadata.stream()));
		headers.put(ORIGINAL_SEQUENCE, String.valueOf(metadata.streamSequence()));
		headers.put(CONSUMER, HeaderValues.encode(metadata.consumer()));
		headers.put(DELIVERY_COUNT, String.valueOf(metadata.deliveredCount()));
		headers.put(TIMESTAMP, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
	}

	private PublishAck store(String subject, String messageId, Headers headers, byte[] data) throws Exception {
		PublishOptions options = PublishOptions.builder().messageId(messageId).streamTimeout(this.timeout).build();
		return this.jetStream.publish(subject, headers, data, options);
	}

	/**
	 * Return a failure that storing the same dead letter again cannot cure, or throw one
	 * that may pass.
	 */
	private static Exception permanentOrThrow(String subject, String messageId, Exception ex) {
		if (isPermanent(ex)) {
			return ex;
		}
		throw new JetStreamPublishException(subject, messageId, "dead letter not stored: " + ex.getMessage(), ex);
	}

	/**
	 * Whether a dead letter can never be stored as built: the client refuses it (a header
	 * value, a payload over the server's maximum), or the stream does (over its maximum
	 * message size).
	 * @param ex the failure of a publish
	 * @return {@code true} if storing it again would fail again
	 */
	static boolean isPermanent(Throwable ex) {
		return ex instanceof IllegalArgumentException
				|| (ex instanceof JetStreamApiException api && api.getApiErrorCode() == MESSAGE_TOO_LARGE);
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

}
