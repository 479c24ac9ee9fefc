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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;
import java.util.concurrent.locks.LockSupport;

import io.nats.client.NUID;
import io.nats.client.api.PublishAck;
import io.nats.client.api.Source;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.Validator;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.util.Assert;

import io.jetstream.spring.core.JetStreamAdmin;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.JetStreamReadException;
import io.jetstream.spring.core.StoredMessage;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.HeaderValues;
import io.jetstream.spring.support.RedriveSignature;
import io.jetstream.spring.support.Subjects;

/**
 * Browse, redrive and remove the dead letters in a dead-letter stream.
 * <p>
 * <b>Redrive</b> publishes a dead letter's original payload and headers to its original
 * subject, so that it is stored in its original stream again, with
 * {@value DeadLetterHeaders#REDRIVE_FOR} naming the consumer that gave up on it
 * ({@code <stream>/<consumer>}) and {@value DeadLetterHeaders#REDRIVE_COUNT}. A dead
 * letter's headers are what a publisher wrote: it is redriven only to a subject its
 * original stream captures and the dead-letter stream does not, never into the server's
 * name spaces ({@code $JS.}, {@code $SYS.}, ...) or an inbox, and only for a consumer
 * that exists; otherwise it is reported {@link Outcome#NOT_REDRIVABLE} and left. With a
 * {@link #setRedriveSignature redrive key}, listeners of this starter on other consumers
 * of that stream acknowledge such a message without calling their method (counted as
 * {@code skipped}), so it reaches only the consumer it failed in; without one, and for
 * consumers read by other clients, it is a new message. The redrive is published with
 * {@code Nats-Msg-Id: redrive:<dlq>:<dlq created>:<sequence>} (a redrive retried within
 * the duplicate window is stored once); a "duplicate" answer counts only when the message
 * stored under that id is this redrive, otherwise it is published under a fresh id. The
 * dead letter is deleted only after the server stored the redriven message. A dead letter
 * redriven {@link #setMaxRedrives(int) max-redrives} times that failed again is
 * <em>parked</em>: not redriven again, so that a message that keeps failing does not
 * loop.
 * <p>
 * Reading scans the stream in sequence order, one request per dead letter, and filters by
 * the {@code X-DLQ-*} headers; a page ends after its limit of matches or at the end of
 * the stream.
 *
 * @since 0.1.0
 */
public class DeadLetters {

	/**
	 * Header names (or parts of them) whose values say who a publisher is: shown masked
	 * where dead letters are described (the actuator endpoint), kept in the dead letter.
	 */
	public static final List<String> DEFAULT_SENSITIVE_HEADERS = List.of("authorization", "cookie", "token", "secret",
			"password", "api-key", "apikey", "credential");

	private static final LogAccessor logger = new LogAccessor(DeadLetters.class);

	private final JetStreamAdmin admin;

	private final JetStreamOperations operations;

	private final String stream;

	private int maxRedrives = 3;

	private RedriveSignature signature = RedriveSignature.NONE;

	private JetStreamMetricsRecorder metrics = JetStreamMetricsRecorder.NONE;

	private BiPredicate<String, String> consumers = (stream, consumer) -> true;

	/**
	 * Create the dead letters of a stream.
	 * @param admin reads and deletes
	 * @param operations publishes redriven messages
	 * @param stream the dead-letter stream
	 */
	public DeadLetters(JetStreamAdmin admin, JetStreamOperations operations, String stream) {
		Assert.hasText(stream, "stream must not be empty");
		this.admin = admin;
		this.operations = operations;
		this.stream = stream;
	}

	/**
	 * Set how often a message may be redriven; a dead letter redriven that often is
	 * parked.
	 * @param maxRedrives at least 1 (default 3)
	 */
	public void setMaxRedrives(int maxRedrives) {
		Assert.isTrue(maxRedrives >= 1, "maxRedrives must be at least 1");
		this.maxRedrives = maxRedrives;
	}

	/**
	 * Sign redriven messages, so that listeners of the stream's other consumers skip them
	 * (see {@link RedriveSignature}); without a key they handle them.
	 * @param signature the signature made with the application's redrive key
	 */
	public void setRedriveSignature(RedriveSignature signature) {
		this.signature = signature;
	}

	/**
	 * Redrive, without a redrive key, only to the consumers this application runs or
	 * declares: an unsigned dead letter names whatever stream and consumer its publisher
	 * wrote, and its redrive publishes with the application's rights (with a key, only
	 * dead letters the application signed are redriven, whatever the consumer).
	 * @param consumers whether a stream's consumer is one of the application's (default:
	 * any)
	 */
	public void setConsumers(BiPredicate<String, String> consumers) {
		this.consumers = consumers;
	}

	/**
	 * Count redrives with this recorder.
	 * @param metrics the recorder
	 */
	public void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
	}

	/**
	 * Return the dead-letter stream.
	 * @return its name
	 */
	public String getStream() {
		return this.stream;
	}

	/**
	 * Return how often a message may be redriven.
	 * @return the limit
	 */
	public int getMaxRedrives() {
		return this.maxRedrives;
	}

	/**
	 * List dead letters, in stream order.
	 * @param query which ones, from where, how many
	 * @return a page of them
	 * @throws JetStreamReadException if the stream does not exist or cannot be read
	 */
	public Page list(Query query) {
		List<DeadLetter> found = new ArrayList<>();
		long sequence = Math.max(1, query.from());
		while (found.size() < query.limit()) {
			Match match = nextMatch(query, sequence);
			if (match == null) {
				return new Page(found, 0);
			}
			found.add(match.deadLetter());
			sequence = match.deadLetter().sequence() + 1;
		}
		return new Page(found, (next(sequence) != null) ? sequence : 0);
	}

	/**
	 * Read one dead letter's description.
	 * @param sequence its sequence in the dead-letter stream
	 * @return the dead letter
	 * @throws JetStreamReadException ({@code MESSAGE_NOT_FOUND},
	 * {@code STREAM_NOT_FOUND}) if there is none
	 */
	public DeadLetter get(long sequence) {
		return DeadLetter.of(this.admin.getMessage(this.stream, sequence, byte[].class));
	}

	/**
	 * Read one dead letter with its payload converted as a listener's parameter would be.
	 * @param <T> the payload type
	 * @param sequence its sequence in the dead-letter stream
	 * @param type the payload type
	 * @return the message with all its headers
	 * @throws JetStreamReadException if there is none, or it cannot be converted
	 */
	public <T> StoredMessage<T> read(long sequence, Class<T> type) {
		return this.admin.getMessage(this.stream, sequence, type);
	}

	/**
	 * Count the dead letters per consumer and reason, reading the whole stream.
	 * @return one entry per consumer, by stream and consumer
	 * @throws JetStreamReadException if the stream does not exist or cannot be read
	 */
	public List<ConsumerSummary> summary() {
		Map<String, Tally> tallies = new TreeMap<>();
		this.admin.replay(this.stream, JetStreamAdmin.ReplayStart.beginning(), byte[].class, (message) -> {
			DeadLetter deadLetter = DeadLetter.of(message);
			tallies.computeIfAbsent(deadLetter.originalStream() + "/" + deadLetter.consumer(), (key) -> new Tally())
				.add(deadLetter, this.maxRedrives);
		});
		return tallies.values().stream().map(Tally::summary).toList();
	}

	/**
	 * Redrive one dead letter to the consumer it failed in.
	 * @param sequence its sequence in the dead-letter stream
	 * @param dryRun {@code true} to only say what would happen
	 * @return what happened
	 * @throws JetStreamReadException if there is no such dead letter, or its consumer or
	 * original stream does not exist ({@code CONSUMER_NOT_FOUND},
	 * {@code STREAM_NOT_FOUND})
	 * @throws IllegalArgumentException if the message is not a dead letter of this
	 * starter
	 * @throws io.jetstream.spring.core.JetStreamPublishException if the redriven message
	 * was not stored (the dead letter is kept)
	 */
	public RedriveResult redrive(long sequence, boolean dryRun) {
		StoredMessage<byte[]> stored = this.admin.getMessage(this.stream, sequence, byte[].class);
		return redrive(stored, DeadLetter.of(stored), dryRun);
	}

	/**
	 * Redrive a selection of dead letters to the consumers they failed in, in stream
	 * order; those parked or without payload are reported and left.
	 * @param query which ones (its limit bounds how many are redriven)
	 * @param perSecond at most this many per second ({@code 0} or less for no limit)
	 * @param dryRun {@code true} to only say what would happen
	 * @return one result per dead letter that matched
	 * @throws JetStreamReadException if the stream cannot be read, or a consumer does not
	 * exist (those before it are redriven)
	 */
	public List<RedriveResult> redrive(Query query, double perSecond, boolean dryRun) {
		List<RedriveResult> results = new ArrayList<>();
		long interval = (perSecond > 0) ? (long) (TimeUnit.SECONDS.toNanos(1) / perSecond) : 0;
		long nextAt = System.nanoTime();
		long sequence = Math.max(1, query.from());
		while (results.size() < query.limit()) {
			Match match = nextMatch(query, sequence);
			if (match == null) {
				break;
			}
			sequence = match.deadLetter().sequence() + 1;
			if (interval > 0 && !dryRun) {
				long wait = nextAt - System.nanoTime();
				if (wait > 0) {
					LockSupport.parkNanos(wait);
				}
				nextAt = Math.max(nextAt, System.nanoTime() - interval) + interval;
			}
			results.add(redrive(match.stored(), match.deadLetter(), dryRun));
		}
		return results;
	}

	/**
	 * Delete one dead letter (handled by other means).
	 * @param sequence its sequence in the dead-letter stream
	 * @return {@code true} if it was deleted, {@code false} if there was none
	 */
	public boolean delete(long sequence) {
		return this.admin.deleteMessage(this.stream, sequence);
	}

	/**
	 * Delete the dead letters a query selects (its limit applies).
	 * @param query which ones
	 * @return how many were deleted
	 */
	public long delete(Query query) {
		long deleted = 0;
		for (DeadLetter deadLetter : list(query).deadLetters()) {
			if (delete(deadLetter.sequence())) {
				deleted++;
			}
		}
		return deleted;
	}

	private RedriveResult redrive(StoredMessage<byte[]> stored, DeadLetter deadLetter, boolean dryRun) {
		String originalStream = deadLetter.originalStream();
		String consumer = deadLetter.consumer();
		String subject = deadLetter.originalSubject();
		if (originalStream == null || consumer == null || subject == null) {
			throw new IllegalArgumentException("Message " + deadLetter.sequence() + " of stream " + this.stream
					+ " is not a dead letter of this starter: it has no " + DeadLetterHeaders.ORIGINAL_STREAM + ", "
					+ DeadLetterHeaders.CONSUMER + " or " + DeadLetterHeaders.ORIGINAL_SUBJECT + " header");
		}
		try {
			// names a publisher wrote: one with a '.' or a wildcard would address another
			// API subject, and at best time out
			Validator.validateStreamName(originalStream, true);
			Validator.validateConsumerName(consumer, true);
		}
		catch (IllegalArgumentException ex) {
			return result(deadLetter, Outcome.NOT_REDRIVABLE, 0,
					"it names stream '" + originalStream + "' and consumer '" + consumer + "': " + ex.getMessage());
		}
		// the consumer must exist: a redrive for none would be skipped by every listener
		this.admin.getConsumerInfo(originalStream, consumer);
		// its headers are what a publisher wrote, not proof: the redrive publishes with
		// the application's rights, so only where the original stream captures
		String refused = refusal(subject, originalStream);
		if (refused != null) {
			logger.warn(() -> "Dead letter " + deadLetter.sequence() + " of stream " + this.stream
					+ " is not redriven: " + refused);
			return result(deadLetter, Outcome.NOT_REDRIVABLE, 0, refused);
		}
		if (!this.signature.isEnabled() && !this.consumers.test(originalStream, consumer)) {
			return result(deadLetter, Outcome.NOT_REDRIVABLE, 0,
					"consumer " + consumer + " of stream " + originalStream
							+ " is not one this application runs or declares (without a redrive key, a dead "
							+ "letter names whatever its publisher wrote)");
		}
		if (this.signature.isEnabled() && !this.signature
			.verifyDeadLetter(DeadLetterPublishingRecoverer.toHeaders(stored), stored.payload())) {
			// anyone who may publish to the dead-letter subjects can store one naming any
			// stream, consumer and subject: a redrive would publish it with this
			// application's rights, signed
			return result(deadLetter, Outcome.NOT_REDRIVABLE, 0,
					"not signed with the redrive key: not a dead letter this application stored");
		}
		if (deadLetter.redriveCount() < 0) {
			return result(deadLetter, Outcome.NOT_REDRIVABLE, 0,
					"its redrive count is " + deadLetter.redriveCount() + ": not a dead letter of this starter");
		}
		if (stored.header(DeadLetterHeaders.PAYLOAD_OMITTED) != null) {
			return result(deadLetter, Outcome.NOT_REDRIVABLE, 0, "stored without its payload ("
					+ HeaderValues.decode(stored.header(DeadLetterHeaders.PAYLOAD_OMITTED))
					+ "); the original is message " + deadLetter.originalSequence() + " of stream " + originalStream);
		}
		if (deadLetter.redriveCount() >= this.maxRedrives) {
			return result(deadLetter, Outcome.PARKED, 0, "redriven " + deadLetter.redriveCount()
					+ " times already (max-redrives " + this.maxRedrives + "); left in " + this.stream);
		}
		if (dryRun) {
			return new RedriveResult(deadLetter.sequence(), Outcome.DRY_RUN, originalStream, consumer, 0,
					"would be published to " + subject + " for " + originalStream + "/" + consumer);
		}
		// named after the original and its redrive count, not the dead letter: copies of
		// a
		// dead letter (anyone who may read and publish the dead-letter subjects can make
		// them) collapse into one redrive within the stream's duplicate window; a
		// re-created stream's new message of the same sequence differs and gets a fresh
		// id (publishRedrive)
		String id = "redrive:" + originalStream + ":" + consumer + ":" + deadLetter.originalSequence() + ":"
				+ (deadLetter.redriveCount() + 1);
		Headers headers = new Headers();
		stored.headers().forEach((name, values) -> {
			if (RedriveSignature.isCarried(name)) {
				headers.put(name, values);
			}
		});
		headers.put(DeadLetterHeaders.REDRIVE_FOR, originalStream + "/" + consumer);
		headers.put(DeadLetterHeaders.REDRIVE_COUNT, String.valueOf(deadLetter.redriveCount() + 1));
		headers.put(DeadLetterHeaders.REDRIVE_ID, id);
		this.signature.sign(headers, subject, stored.payload());
		PublishAck ack = publishRedrive(subject, headers, stored.payload(), id, deadLetter);
		this.admin.deleteMessage(this.stream, deadLetter.sequence());
		logger.info(() -> "Redrove dead letter " + deadLetter.sequence() + " of stream " + this.stream + " to "
				+ subject + " for " + consumer + " (message " + ack.getSeqno() + " of stream " + ack.getStream() + ")");
		return result(deadLetter, Outcome.REDRIVEN, ack.getSeqno(),
				"published to " + subject + " for " + originalStream + "/" + consumer);
	}

	/**
	 * Why a dead letter's original subject may not be published to, or {@code null}.
	 */
	private @Nullable String refusal(String subject, String originalStream) {
		String invalid = Subjects.whyNotForMessages(subject);
		if (invalid != null) {
			return "its original subject " + invalid;
		}
		if (Subjects.matchesAny(subject, this.admin.getStreamInfo(this.stream).getConfiguration().getSubjects())) {
			return "its original subject '" + subject + "' is captured by the dead-letter stream " + this.stream
					+ " itself";
		}
		if (!Subjects.matchesAny(subject, capturedBy(originalStream))) {
			return "its original subject '" + subject + "' is not one of stream " + originalStream
					+ "'s subjects: its headers do not agree with the stream they name";
		}
		return null;
	}

	/**
	 * The subjects whose messages land in a stream: its own, or for one that only sources
	 * others (an aggregate), those of the streams it sources in this account.
	 */
	private List<String> capturedBy(String stream) {
		StreamConfiguration configuration = this.admin.getStreamInfo(stream).getConfiguration();
		if (!configuration.getSubjects().isEmpty()) {
			return configuration.getSubjects();
		}
		List<String> subjects = new ArrayList<>();
		for (Source source : configuration.getSources()) {
			if (source.getExternal() == null) {
				try {
					subjects.addAll(this.admin.getStreamInfo(source.getName()).getConfiguration().getSubjects());
				}
				catch (JetStreamReadException ex) {
					// a source that is gone captures nothing
				}
			}
		}
		return subjects;
	}

	/**
	 * Publish a redriven message under its id. A "duplicate" answer is what the server
	 * holds under that id, which any publisher could have taken: it counts only if the
	 * message stored there is this redrive; otherwise it is published under a fresh id.
	 */
	private PublishAck publishRedrive(String subject, Headers headers, byte[] payload, String id,
			DeadLetter deadLetter) {
		PublishAck ack = this.operations
			.publish(NatsMessage.builder().subject(subject).headers(headers).data(payload).build(), id);
		if (!ack.isDuplicate() || isThisRedrive(ack, subject, payload, headers)) {
			return ack;
		}
		String fresh = id + ":" + NUID.nextGlobal();
		logger.warn(() -> "The id " + id + " of the redrive of dead letter " + deadLetter.sequence() + " of stream "
				+ this.stream + " is taken by message " + ack.getSeqno() + " of stream " + ack.getStream()
				+ ", which is not that redrive; publishing it as " + fresh);
		headers.put(DeadLetterHeaders.REDRIVE_ID, fresh);
		this.signature.sign(headers, subject, payload);
		return this.operations.publish(NatsMessage.builder().subject(subject).headers(headers).data(payload).build(),
				fresh);
	}

	private boolean isThisRedrive(PublishAck ack, String subject, byte[] payload, Headers headers) {
		try {
			StoredMessage<byte[]> held = this.admin.getMessage(ack.getStream(), ack.getSeqno(), byte[].class);
			for (String name : new String[] { DeadLetterHeaders.REDRIVE_ID, DeadLetterHeaders.REDRIVE_FOR,
					DeadLetterHeaders.REDRIVE_COUNT, DeadLetterHeaders.REDRIVE_SIGNATURE }) {
				if (!Objects.equals(headers.getFirst(name), held.header(name))) {
					return false;
				}
			}
			return subject.equals(held.subject()) && Arrays.equals(payload, held.payload());
		}
		catch (JetStreamReadException ex) {
			// gone (a work queue, a limit, deleted): nothing says it was this redrive
			return false;
		}
	}

	private RedriveResult result(DeadLetter deadLetter, Outcome outcome, long sequence, String detail) {
		this.metrics.redriven(String.valueOf(deadLetter.originalStream()), String.valueOf(deadLetter.consumer()),
				outcome.value());
		return new RedriveResult(deadLetter.sequence(), outcome, deadLetter.originalStream(), deadLetter.consumer(),
				sequence, detail);
	}

	/**
	 * The first dead letter at or after a sequence that the query selects.
	 */
	private @Nullable Match nextMatch(Query query, long from) {
		long sequence = from;
		while (true) {
			StoredMessage<byte[]> next = next(sequence);
			if (next == null) {
				return null;
			}
			DeadLetter deadLetter = DeadLetter.of(next);
			if (query.matches(deadLetter)) {
				return new Match(next, deadLetter);
			}
			sequence = next.sequence() + 1;
		}
	}

	private record Match(StoredMessage<byte[]> stored, DeadLetter deadLetter) {
	}

	private @Nullable StoredMessage<byte[]> next(long sequence) {
		try {
			return this.admin.getNextMessage(this.stream, sequence, null, byte[].class);
		}
		catch (JetStreamReadException ex) {
			if (ex.getKind() == JetStreamReadException.Kind.MESSAGE_NOT_FOUND) {
				return null;
			}
			throw ex;
		}
	}

	/**
	 * Which dead letters to list, redrive or delete. Immutable; start with
	 * {@link #all()}.
	 *
	 * @param stream only those of this original stream, or {@code null}
	 * @param consumer only those of this consumer, or {@code null}
	 * @param reason only those of this {@code X-DLQ-Reason}, or {@code null}
	 * @param from the first dead-letter sequence to look at
	 * @param limit at most this many
	 */
	public record Query(@Nullable String stream, @Nullable String consumer, @Nullable String reason, long from,
			int limit) {

		/** The default page size. */
		public static final int DEFAULT_LIMIT = 100;

		/**
		 * Every dead letter, from the first, {@value #DEFAULT_LIMIT} at most.
		 * @return the query
		 */
		public static Query all() {
			return new Query(null, null, null, 1, DEFAULT_LIMIT);
		}

		/**
		 * Those of one consumer.
		 * @param stream the original stream
		 * @param consumer the consumer
		 * @return the query
		 */
		public static Query of(String stream, String consumer) {
			return all().withStream(stream).withConsumer(consumer);
		}

		/**
		 * @param stream the original stream, or {@code null} for any
		 * @return a copy with it
		 */
		public Query withStream(@Nullable String stream) {
			return new Query(stream, this.consumer, this.reason, this.from, this.limit);
		}

		/**
		 * @param consumer the consumer, or {@code null} for any
		 * @return a copy with it
		 */
		public Query withConsumer(@Nullable String consumer) {
			return new Query(this.stream, consumer, this.reason, this.from, this.limit);
		}

		/**
		 * @param reason an {@code X-DLQ-Reason} value, or {@code null} for any
		 * @return a copy with it
		 */
		public Query withReason(@Nullable String reason) {
			return new Query(this.stream, this.consumer, reason, this.from, this.limit);
		}

		/**
		 * @param from the first dead-letter sequence to look at (a page's
		 * {@link Page#next()})
		 * @return a copy with it
		 */
		public Query withFrom(long from) {
			return new Query(this.stream, this.consumer, this.reason, from, this.limit);
		}

		/**
		 * @param limit at most this many (at least 1)
		 * @return a copy with it
		 */
		public Query withLimit(int limit) {
			Assert.isTrue(limit >= 1, "limit must be at least 1");
			return new Query(this.stream, this.consumer, this.reason, this.from, limit);
		}

		/**
		 * Whether a dead letter is selected.
		 * @param deadLetter the dead letter
		 * @return {@code true} if it matches every criterion set
		 */
		public boolean matches(DeadLetter deadLetter) {
			return (this.stream == null || this.stream.equals(deadLetter.originalStream()))
					&& (this.consumer == null || this.consumer.equals(deadLetter.consumer()))
					&& (this.reason == null || this.reason.equals(deadLetter.reason()));
		}

	}

	/**
	 * A page of dead letters.
	 *
	 * @param deadLetters the dead letters, in stream order
	 * @param next the sequence the next page starts from, {@code 0} if this is the last
	 */
	public record Page(List<DeadLetter> deadLetters, long next) {
	}

	/**
	 * A dead letter as its headers describe it; the payload is read with
	 * {@link DeadLetters#read(long, Class)}.
	 *
	 * @param sequence its sequence in the dead-letter stream
	 * @param subject its subject
	 * @param timestamp when it was stored
	 * @param reason the {@code X-DLQ-Reason} value
	 * @param error the failure's message, decoded
	 * @param exceptionClass the failure's class
	 * @param originalStream where the original is
	 * @param originalSubject the subject the original was published to
	 * @param originalSequence the original's sequence
	 * @param consumer the consumer that gave up
	 * @param deliveryCount deliveries of the original
	 * @param redriveCount how often the message was redriven before
	 * @param size the payload's size in bytes
	 * @param headers all headers
	 */
	public record DeadLetter(long sequence, String subject, Instant timestamp, @Nullable String reason,
			@Nullable String error, @Nullable String exceptionClass, @Nullable String originalStream,
			@Nullable String originalSubject, long originalSequence, @Nullable String consumer, long deliveryCount,
			int redriveCount, int size, Map<String, List<String>> headers) {

		static DeadLetter of(StoredMessage<byte[]> message) {
			return new DeadLetter(message.sequence(), message.subject(), message.timestamp(),
					message.header(DeadLetterHeaders.REASON),
					HeaderValues.decode(message.header(DeadLetterHeaders.ERROR)),
					HeaderValues.decode(message.header(DeadLetterHeaders.EXCEPTION_CLASS)),
					HeaderValues.decode(message.header(DeadLetterHeaders.ORIGINAL_STREAM)),
					HeaderValues.decode(message.header(DeadLetterHeaders.ORIGINAL_SUBJECT)),
					number(message.header(DeadLetterHeaders.ORIGINAL_SEQUENCE)),
					HeaderValues.decode(message.header(DeadLetterHeaders.CONSUMER)),
					number(message.header(DeadLetterHeaders.DELIVERY_COUNT)),
					(int) number(message.header(DeadLetterHeaders.REDRIVE_COUNT)), message.payload().length,
					message.headers());
		}

		private static long number(@Nullable String value) {
			if (value == null) {
				return 0;
			}
			try {
				return Long.parseLong(value.trim());
			}
			catch (NumberFormatException ex) {
				return 0;
			}
		}

	}

	/**
	 * The dead letters of one consumer.
	 *
	 * @param stream the original stream
	 * @param consumer the consumer
	 * @param count how many
	 * @param reasons how many per {@code X-DLQ-Reason}
	 * @param parked how many were redriven max-redrives times already
	 */
	public record ConsumerSummary(@Nullable String stream, @Nullable String consumer, long count,
			Map<String, Long> reasons, long parked) {
	}

	private static final class Tally {

		private @Nullable DeadLetter first;

		private long count;

		private long parked;

		private final Map<String, Long> reasons = new TreeMap<>();

		void add(DeadLetter deadLetter, int maxRedrives) {
			if (this.first == null) {
				this.first = deadLetter;
			}
			this.count++;
			if (deadLetter.redriveCount() >= maxRedrives) {
				this.parked++;
			}
			this.reasons.merge(String.valueOf(deadLetter.reason()), 1L, Long::sum);
		}

		ConsumerSummary summary() {
			DeadLetter any = this.first;
			return new ConsumerSummary((any != null) ? any.originalStream() : null,
					(any != null) ? any.consumer() : null, this.count, Map.copyOf(this.reasons), this.parked);
		}

	}

	/**
	 * What a redrive did with one dead letter.
	 *
	 * @param deadLetter its sequence in the dead-letter stream
	 * @param outcome what happened
	 * @param stream the original stream
	 * @param consumer the consumer it is redriven for
	 * @param sequence the redriven message's sequence in the original stream, {@code 0}
	 * if none was published
	 * @param detail what happened, in words
	 */
	public record RedriveResult(long deadLetter, Outcome outcome, @Nullable String stream, @Nullable String consumer,
			long sequence, String detail) {
	}

	/**
	 * What a redrive did.
	 */
	public enum Outcome {

		/** Published to the original subject for its consumer, and deleted. */
		REDRIVEN,

		/** Redriven max-redrives times already: left in the dead-letter stream. */
		PARKED,

		/** Stored without its payload: nothing to redrive, left. */
		NOT_REDRIVABLE,

		/** A dry run: nothing was done. */
		DRY_RUN;

		/**
		 * Return the metric tag value, such as {@code redriven}.
		 * @return the value
		 */
		public String value() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
