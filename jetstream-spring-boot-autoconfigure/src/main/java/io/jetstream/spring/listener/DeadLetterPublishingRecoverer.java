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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiFunction;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.NUID;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.util.Assert;

import io.jetstream.spring.core.JetStreamAdmin;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.JetStreamPublishException;
import io.jetstream.spring.core.JetStreamReadException;
import io.jetstream.spring.core.StoredMessage;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.DeadLetterReason;
import io.jetstream.spring.support.HeaderValues;
import io.jetstream.spring.support.RedriveSignature;

/**
 * Publishes a failed message to its dead-letter subject through
 * {@link JetStreamOperations} (so dead letters are counted, observed and retried as every
 * publish is), and only once the server stored it terminates the original. The dead
 * letter carries the original data and headers plus the {@link DeadLetterHeaders} that
 * say why and where it came from (values derived from text made valid header values by
 * {@link HeaderValues#encode(String)}), with
 * {@code Nats-Msg-Id: <stream>:<consumer>:<sequence>}: a dead letter published twice by
 * one consumer is stored once (a duplicate answer means "already stored"), while two
 * consumers of one stream that both give up on a message each store theirs.
 * <p>
 * A dead letter that can never be stored as built — a header the client refuses, larger
 * than the dead-letter stream's or the server's maximum message size — is stored reduced
 * instead: first without the original's headers, then also without its payload, each time
 * with {@value DeadLetterHeaders#REDUCED} saying why (and
 * {@value DeadLetterHeaders#PAYLOAD_OMITTED} how large the payload was), so that the
 * original can still be settled.
 * <p>
 * The subject comes from a {@link DestinationResolver} (by default
 * {@code <prefix>.<stream>.<consumer>}); more headers from a
 * {@link #setHeadersFunction(BiFunction) headers function}. Modelled on Spring for Apache
 * Kafka's {@code DeadLetterPublishingRecoverer}.
 *
 * @since 0.1.0
 */
public class DeadLetterPublishingRecoverer {

	private static final LogAccessor logger = new LogAccessor(DeadLetterPublishingRecoverer.class);

	private static final int MESSAGE_TOO_LARGE = 10054;

	private final JetStreamOperations operations;

	private final DestinationResolver destinationResolver;

	private BiFunction<Message, Throwable, Map<String, String>> headersFunction = (message, failure) -> Map.of();

	private @Nullable JetStreamAdmin admin;

	private RedriveSignature redriveSignature = RedriveSignature.NONE;

	/**
	 * Create a recoverer that publishes to {@code <subjectPrefix>.<stream>.<consumer>}.
	 * @param operations publishes the dead letters
	 * @param subjectPrefix the prefix of dead-letter subjects, such as {@code dlq}
	 */
	public DeadLetterPublishingRecoverer(JetStreamOperations operations, String subjectPrefix) {
		this(operations,
				(original, metadata, failure) -> subjectPrefix + "." + metadata.stream() + "." + metadata.consumer());
		Assert.hasText(subjectPrefix, "subjectPrefix must not be empty");
	}

	/**
	 * Create a recoverer.
	 * @param operations publishes the dead letters
	 * @param destinationResolver the subject of each dead letter
	 */
	public DeadLetterPublishingRecoverer(JetStreamOperations operations, DestinationResolver destinationResolver) {
		this.operations = operations;
		this.destinationResolver = destinationResolver;
	}

	/**
	 * Add headers of your own to every dead letter (a tenant, a trace id); values are
	 * made valid header values, and the {@code X-DLQ-*} headers win over them.
	 * @param headersFunction returns the headers for a failed message and its failure
	 */
	public void setHeadersFunction(BiFunction<Message, Throwable, Map<String, String>> headersFunction) {
		this.headersFunction = headersFunction;
	}

	/**
	 * Read what the dead-letter stream holds under a dead letter's id when the server
	 * answers "duplicate": any publisher could have taken the id first, so the answer
	 * counts only when the message stored there is this dead letter (same original
	 * stream, sequence, consumer and payload); otherwise, and without an admin, the dead
	 * letter is stored under a fresh id.
	 * @param admin reads the dead-letter stream
	 */
	public void setAdmin(@Nullable JetStreamAdmin admin) {
		this.admin = admin;
	}

	/**
	 * Verify redriven originals: with a redrive key, only the redrive count of a message
	 * this application signed carries into its new dead letter (without one, the count is
	 * taken as written); the other {@code X-DLQ-*} and {@code X-Redrive-*} headers of an
	 * original are what its publisher wrote and are left out.
	 * @param redriveSignature the signature made with the application's redrive key
	 */
	public void setRedriveSignature(RedriveSignature redriveSignature) {
		this.redriveSignature = redriveSignature;
	}

	/**
	 * Return a recoverer like this one that publishes every dead letter to one subject:
	 * for a listener whose {@code deadLetter} attribute names one.
	 * @param subject the dead-letter subject
	 * @return a new recoverer
	 */
	public DeadLetterPublishingRecoverer withDestination(String subject) {
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(this.operations,
				(original, metadata, failure) -> subject);
		recoverer.setHeadersFunction(this.headersFunction);
		recoverer.setAdmin(this.admin);
		recoverer.setRedriveSignature(this.redriveSignature);
		return recoverer;
	}

	/**
	 * Return the dead-letter subject of a failed message.
	 * @param original the failed message
	 * @param metadata its metadata
	 * @param failure the failure
	 * @return the subject
	 */
	public String resolveDestination(Message original, MessageMetadata metadata, Throwable failure) {
		return this.destinationResolver.resolve(original, metadata, failure);
	}

	/**
	 * Publish the dead letter of a failed message, wait until it is stored, then
	 * terminate the original.
	 * @param original the failed message
	 * @param metadata its metadata
	 * @param reason why it is dead-lettered
	 * @param failure the failure
	 * @param acknowledgment settles the original
	 * @return the server's acknowledgement of the dead letter
	 * @throws JetStreamPublishException if the dead letter was not stored (the original
	 * is then left as it was): a failure that may pass (stream missing or full, timeout,
	 * disconnected), or one that not even the reduced dead letter escapes
	 */
	public PublishAck recover(Message original, MessageMetadata metadata, DeadLetterReason reason, Throwable failure,
			Acknowledgment acknowledgment) {
		PublishAck stored = publish(original, metadata, reason, rootCause(failure));
		acknowledgment.term(reason.headerValue());
		return stored;
	}

	/**
	 * Publish the dead letter of a message and wait until it is stored, without settling
	 * the original: for a message the server no longer delivers (its last delivery was
	 * not acknowledged), read back from its stream.
	 * @param original the message as stored in its stream
	 * @param metadata its metadata
	 * @param reason why it is dead-lettered
	 * @param failure the failure
	 * @return the server's acknowledgement of the dead letter (a duplicate if it was
	 * stored before)
	 * @throws JetStreamPublishException if the dead letter was not stored, as
	 * {@link #recover}
	 */
	public PublishAck publish(Message original, MessageMetadata metadata, DeadLetterReason reason, Throwable failure) {
		return publish(original, metadata, reason, failure, Map.of());
	}

	/**
	 * Publish the dead letter of a message with headers of the caller's, and wait until
	 * it is stored, without settling the original. The original's own {@code X-DLQ-*}
	 * headers are what its publisher wrote and are left out; these are the caller's word
	 * (such as {@value DeadLetterHeaders#PAYLOAD_OMITTED} for an original no longer in
	 * its stream). Values are made valid header values; the starter's own headers win.
	 * @param original the message as stored in its stream
	 * @param metadata its metadata
	 * @param reason why it is dead-lettered
	 * @param failure the failure
	 * @param deadLetterHeaders headers to add
	 * @return the server's acknowledgement of the dead letter
	 * @throws JetStreamPublishException if the dead letter was not stored, as
	 * {@link #recover}
	 */
	public PublishAck publish(Message original, MessageMetadata metadata, DeadLetterReason reason, Throwable failure,
			Map<String, String> deadLetterHeaders) {
		String messageId = messageId(metadata);
		String subject;
		try {
			subject = resolveDestination(original, metadata, failure);
		}
		catch (RuntimeException ex) {
			throw new JetStreamPublishException("?", messageId, "no dead-letter subject: " + ex.getMessage(), ex);
		}
		byte[] data = (original.getData() != null) ? original.getData() : new byte[0];
		RuntimeException permanent;
		try {
			Headers headers = originalHeaders(original);
			addDeadLetterHeaders(headers, original, metadata, reason, failure, deadLetterHeaders);
			return store(subject, messageId, headers, data, metadata);
		}
		catch (RuntimeException ex) {
			permanent = permanentOrThrow(subject, messageId, ex);
		}
		String why = "the dead letter as built could not be stored (" + permanent.getMessage() + ")";
		logger.warn(() -> "Dead letter of " + messageId + " to " + subject + " is stored without the original's "
				+ "headers: " + why);
		try {
			Headers headers = new Headers();
			addDeadLetterHeaders(headers, original, metadata, reason, failure, deadLetterHeaders);
			headers.put(DeadLetterHeaders.REDUCED, HeaderValues.encode("original headers dropped: " + why));
			return store(subject, messageId, headers, data, metadata);
		}
		catch (RuntimeException ex) {
			permanent = permanentOrThrow(subject, messageId, ex);
		}
		String whyNoPayload = "not even without the original's headers (" + permanent.getMessage() + ")";
		logger.warn(() -> "Dead letter of " + messageId + " to " + subject + " is stored without the payload ("
				+ data.length + " bytes): " + whyNoPayload);
		try {
			Headers headers = new Headers();
			addDeadLetterHeaders(headers, original, metadata, reason, failure, deadLetterHeaders);
			headers.put(DeadLetterHeaders.REDUCED, HeaderValues.encode("original headers and payload dropped: " + why
					+ ", " + whyNoPayload + "; the original is at its stream sequence until the stream discards it"));
			headers.put(DeadLetterHeaders.PAYLOAD_OMITTED, data.length + " bytes");
			return store(subject, messageId, headers, new byte[0], metadata);
		}
		catch (RuntimeException ex) {
			throw new JetStreamPublishException(subject, messageId,
					"dead letter not stored, not even reduced: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return the {@code Nats-Msg-Id} of a message's dead letter. It names the consumer:
	 * without it, a second consumer giving up on the same message within the duplicate
	 * window would be answered "duplicate" and its dead letter lost.
	 * @param metadata the original's metadata
	 * @return {@code <stream>:<consumer>:<sequence>}
	 */
	public static String messageId(MessageMetadata metadata) {
		return metadata.stream() + ":" + metadata.consumer() + ":" + metadata.streamSequence();
	}

	private Headers originalHeaders(Message original) {
		Headers headers = new Headers();
		if (original.getHeaders() != null) {
			original.getHeaders().forEach((name, values) -> {
				// Nats-* headers steer the server (ids, expectations, rollups): not for
				// the copy; the starter's own are set below, and on an original they are
				// what its publisher wrote (a forged redrive count would make the dead
				// letter not redrivable)
				if (RedriveSignature.isCarried(name)) {
					headers.put(name, values);
				}
			});
			// with a redrive key only the count of a redrive this application signed;
			// without one it is taken as written (a forged count parks that message's
			// dead letter: max-redrives needs the count to stop a message that keeps
			// failing)
			String redrives = original.getHeaders().getFirst(DeadLetterHeaders.REDRIVE_COUNT);
			if (redrives != null && (!this.redriveSignature.isEnabled() || this.redriveSignature.verify(original))) {
				headers.put(DeadLetterHeaders.REDRIVE_COUNT, redrives);
			}
			String originalId = original.getHeaders().getFirst("Nats-Msg-Id");
			if (originalId != null) {
				headers.put(DeadLetterHeaders.ORIGINAL_MESSAGE_ID, originalId);
			}
		}
		return headers;
	}

	/**
	 * Every value is made a valid header value: exception messages, and even class names
	 * and subjects, may hold characters a header cannot.
	 */
	private void addDeadLetterHeaders(Headers headers, Message original, MessageMetadata metadata,
			DeadLetterReason reason, Throwable failure, Map<String, String> deadLetterHeaders) {
		this.headersFunction.apply(original, failure)
			.forEach((name, value) -> headers.put(name, HeaderValues.encode(value)));
		deadLetterHeaders.forEach((name, value) -> headers.put(name, HeaderValues.encode(value)));
		headers.put(DeadLetterHeaders.REASON, reason.headerValue());
		headers.put(DeadLetterHeaders.ERROR, HeaderValues.encode(failureMessage(failure)));
		headers.put(DeadLetterHeaders.EXCEPTION_CLASS, HeaderValues.encode(failure.getClass().getName()));
		headers.put(DeadLetterHeaders.ORIGINAL_SUBJECT, HeaderValues.encode(original.getSubject()));
		headers.put(DeadLetterHeaders.ORIGINAL_STREAM, HeaderValues.encode(metadata.stream()));
		headers.put(DeadLetterHeaders.ORIGINAL_SEQUENCE, String.valueOf(metadata.streamSequence()));
		headers.put(DeadLetterHeaders.CONSUMER, HeaderValues.encode(metadata.consumer()));
		headers.put(DeadLetterHeaders.DELIVERY_COUNT, String.valueOf(metadata.deliveredCount()));
		headers.put(DeadLetterHeaders.TIMESTAMP, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
	}

	private PublishAck store(String subject, String messageId, Headers headers, byte[] data, MessageMetadata metadata) {
		this.redriveSignature.signDeadLetter(headers, data);
		PublishAck ack = this.operations
			.publish(NatsMessage.builder().subject(subject).headers(headers).data(data).build(), messageId);
		if (!ack.isDuplicate() || isThisDeadLetter(ack, data, metadata)) {
			return ack;
		}
		String fresh = messageId + ":" + NUID.nextGlobal();
		logger.warn(() -> "The dead-letter id " + messageId + " is taken by message " + ack.getSeqno() + " of stream "
				+ ack.getStream() + ", which is not its dead letter"
				+ ((this.admin != null) ? "" : " (no admin to read it)") + "; storing the dead letter as " + fresh);
		return this.operations.publish(NatsMessage.builder().subject(subject).headers(headers).data(data).build(),
				fresh);
	}

	/**
	 * A stored message's headers as jnats headers, to verify a signature over them.
	 * @param stored the stored message
	 * @return its headers
	 */
	static Headers toHeaders(StoredMessage<?> stored) {
		Headers headers = new Headers();
		stored.headers().forEach(headers::put);
		return headers;
	}

	private boolean isThisDeadLetter(PublishAck ack, byte[] data, MessageMetadata metadata) {
		JetStreamAdmin reader = this.admin;
		if (reader == null) {
			return false;
		}
		try {
			StoredMessage<byte[]> held = reader.getMessage(ack.getStream(), ack.getSeqno(), byte[].class);
			if (this.redriveSignature.isEnabled()
					&& !this.redriveSignature.verifyDeadLetter(toHeaders(held), held.payload())) {
				// with a key, a copy made by someone else (another redrive count,
				// subject,
				// reduced form) does not pass for this application's dead letter
				return false;
			}
			return metadata.stream().equals(HeaderValues.decode(held.header(DeadLetterHeaders.ORIGINAL_STREAM)))
					&& metadata.consumer().equals(HeaderValues.decode(held.header(DeadLetterHeaders.CONSUMER)))
					&& String.valueOf(metadata.streamSequence())
						.equals(held.header(DeadLetterHeaders.ORIGINAL_SEQUENCE))
					&& Arrays.equals(data, held.payload());
		}
		catch (JetStreamReadException ex) {
			// gone (a limit, deleted): nothing says it was this dead letter
			return false;
		}
	}

	/**
	 * Return a failure that storing the same dead letter again cannot cure, or throw one
	 * that may pass.
	 */
	private static RuntimeException permanentOrThrow(String subject, String messageId, RuntimeException ex) {
		if (isPermanent(ex)) {
			return ex;
		}
		if (ex instanceof JetStreamPublishException publish) {
			throw publish;
		}
		throw new JetStreamPublishException(subject, messageId, "dead letter not stored: " + ex.getMessage(), ex);
	}

	/**
	 * Whether a publish can never succeed as built: the client refuses it (a header
	 * value, a payload over the server's maximum), or the stream does (over its maximum
	 * message size).
	 * @param ex the failure of a publish, or its translation
	 * @return {@code true} if publishing the same again would fail again
	 */
	public static boolean isPermanent(Throwable ex) {
		Throwable cause = (ex instanceof JetStreamPublishException && ex.getCause() != null) ? ex.getCause() : ex;
		return cause instanceof IllegalArgumentException
				|| (cause instanceof JetStreamApiException api && api.getApiErrorCode() == MESSAGE_TOO_LARGE);
	}

	/**
	 * The failure's message without the message it failed on: Spring Messaging appends
	 * the whole message ({@code for GenericMessage [...]}, {@code failedMessage=...}),
	 * whose raw NATS message prints the payload, which belongs in the dead letter's body
	 * and not in a header or a log line.
	 * @param failure the failure
	 * @return its message, shortened
	 */
	public static String failureMessage(Throwable failure) {
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
	 * The failure that says what went wrong: the deepest cause, or the
	 * {@link NonRetryableException} or {@link JetStreamPublishException} on the way there
	 * (the latter names the subject and why it was not stored, where the client's cause
	 * only says "503 No Responders").
	 * @param failure the failure as thrown
	 * @return its root cause
	 */
	public static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof NonRetryableException)
				&& !(cause instanceof JetStreamPublishException)) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Resolves the subject a dead letter is published to.
	 */
	@FunctionalInterface
	public interface DestinationResolver {

		/**
		 * Return the dead-letter subject of a failed message.
		 * @param original the failed message
		 * @param metadata its metadata (stream and consumer among them)
		 * @param failure the failure
		 * @return the subject, captured by a stream
		 */
		String resolve(Message original, MessageMetadata metadata, @Nullable Throwable failure);

	}

}
