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
package io.jetstream.spring.config;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.IncomingHeadersProcessor;
import io.nats.client.support.JsonParseException;
import io.nats.client.support.JsonParser;
import io.nats.client.support.JsonValue;
import io.nats.client.support.JsonValueUtils;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;
import org.springframework.util.Assert;

import io.jetstream.spring.listener.DeadLetterPublishingRecoverer;
import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.listener.MessageMetadata;
import io.jetstream.spring.listener.UnacknowledgedDeliveryException;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.DeadLetterReason;
import io.jetstream.spring.support.HeaderValues;

/**
 * Turns the messages the server gives up silently into dead letters with reason
 * {@code max_deliveries_unacknowledged}.
 * <p>
 * When the last allowed delivery of a message runs out of ack-wait (the instance holding
 * it crashed, a manual-ack listener never settled it, a handler hung), the server stops
 * delivering it and only publishes a {@code $JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.
 * <stream>.<consumer>} advisory, a core NATS message that is lost when nobody listens. A
 * stream captures those advisories (declared as {@link #advisoryStream(String, Duration)
 * here} unless turned off), so that one published while every instance is down waits for
 * the next one. For each consumer {@link #register registered} (the listeners' and the
 * consumers declared in YAML), a durable consumer on that stream, filtered on the
 * consumer's advisory subject and shared by every instance of the application, hands each
 * advisory to one instance: it reads the original from its stream by sequence, publishes
 * its dead letter through the consumer's {@link DeadLetterPublishingRecoverer} (same
 * subject, headers and {@code Nats-Msg-Id: <stream>:<consumer>:<sequence>} as any dead
 * letter, so a dead letter stored before is not stored twice) and only then acknowledges
 * the advisory. A failure to store is retried after a delay; an original that is no
 * longer in its stream gets a dead letter without payload that says so.
 * <p>
 * The original is read through the JetStream API's JSON answer, not as a message, so that
 * header values the Java client refuses (non-ASCII values from other clients, which stop
 * its reader, so that such a message can never reach a listener and runs out of
 * deliveries this way) are kept as valid header values and named in the dead letter's
 * error.
 *
 * @since 0.1.0
 */
public class MaxDeliveriesAdvisoryListener implements SmartLifecycle {

	/**
	 * The subject prefix of the server's advisories of messages that ran out of
	 * deliveries; {@code <stream>.<consumer>} follow.
	 */
	public static final String ADVISORY_PREFIX = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.";

	private static final LogAccessor logger = new LogAccessor(MaxDeliveriesAdvisoryListener.class);

	private static final int NO_MESSAGE_FOUND = 10037;

	private static final int CONSUMER_NOT_FOUND = 10014;

	private static final Pattern HEADER_NAME = Pattern.compile("[!-9;-~]+");

	private static final Duration ADVISORY_ACK_WAIT = Duration.ofSeconds(60);

	private final Connection connection;

	private final String advisoryStream;

	private final Map<String, Registration> registrations = new LinkedHashMap<>();

	private @Nullable JetStreamTopologyDeclarer topology;

	private @Nullable StreamDeclaration streamDeclaration;

	private JetStreamMetricsRecorder metrics = new JetStreamMetricsRecorder() {
	};

	private Duration retryDelay = Duration.ofSeconds(5);

	private Duration requestTimeout = Duration.ofSeconds(5);

	private volatile boolean running;

	private @Nullable ScheduledExecutorService scheduler;

	private @Nullable Dispatcher dispatcher;

	/**
	 * Create a listener of the advisories captured in a stream.
	 * @param connection the connection
	 * @param advisoryStream the stream that captures {@value #ADVISORY_PREFIX}{@code >}
	 */
	public MaxDeliveriesAdvisoryListener(Connection connection, String advisoryStream) {
		Assert.hasText(advisoryStream, "advisoryStream must not be empty");
		this.connection = connection;
		this.advisoryStream = advisoryStream;
	}

	/**
	 * Return the declaration of a stream that captures every {@code MAX_DELIVERIES}
	 * advisory.
	 * @param name the stream name
	 * @param maxAge how long an advisory is kept if no instance handles it
	 * @return the declaration
	 */
	public static StreamDeclaration advisoryStream(String name, Duration maxAge) {
		return StreamDeclaration.builder(name)
			.origin("nats.jetstream.listener.dead-letter.advisories")
			.description("MAX_DELIVERIES advisories, turned into dead letters by jetstream-spring-boot")
			.subjects(ADVISORY_PREFIX + ">")
			.storage(io.nats.client.api.StorageType.File)
			.maxAge(maxAge)
			.build();
	}

	/**
	 * Declare the advisory stream and the durable consumers on it with this declarer (its
	 * mode applies) before consuming.
	 * @param topology the declarer
	 * @param stream the advisory stream's declaration, or {@code null} to declare only
	 * the consumers (the stream is declared elsewhere)
	 */
	public void setTopology(@Nullable JetStreamTopologyDeclarer topology, @Nullable StreamDeclaration stream) {
		this.topology = topology;
		this.streamDeclaration = stream;
	}

	/**
	 * Count dead letters with this recorder.
	 * @param metrics the recorder
	 */
	public void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
	}

	/**
	 * Set how long to wait before trying again after a failure to store a dead letter or
	 * to start consuming.
	 * @param retryDelay the delay, 5 seconds by default
	 */
	public void setRetryDelay(Duration retryDelay) {
		this.retryDelay = retryDelay;
	}

	/**
	 * Handle the advisories of a consumer, publishing dead letters with this recoverer
	 * (replaces an earlier registration of the same consumer).
	 * @param stream the stream
	 * @param consumer the durable consumer
	 * @param recoverer publishes its dead letters, {@code null} to leave this consumer's
	 * advisories alone (its listener turned dead letters off)
	 */
	public synchronized void register(String stream, String consumer,
			@Nullable DeadLetterPublishingRecoverer recoverer) {
		Registration registration = new Registration(stream, consumer, recoverer);
		Registration previous = this.registrations.put(durableName(stream, consumer), registration);
		startLate(registration, previous);
	}

	/**
	 * Handle the advisories of a consumer unless it is registered already.
	 * @param stream the stream
	 * @param consumer the durable consumer
	 * @param recoverer publishes its dead letters
	 */
	public synchronized void registerIfAbsent(String stream, String consumer, DeadLetterPublishingRecoverer recoverer) {
		Registration registration = new Registration(stream, consumer, recoverer);
		if (this.registrations.putIfAbsent(durableName(stream, consumer), registration) == null) {
			startLate(registration, null);
		}
	}

	/**
	 * A consumer registered while running (a container created after startup): declared
	 * and read on the retry thread, as the others were at start.
	 */
	private void startLate(Registration registration, @Nullable Registration previous) {
		if (!this.running) {
			return;
		}
		MessageConsumer old = (previous != null) ? previous.consumer() : null;
		if (old != null) {
			try {
				old.close();
			}
			catch (Exception ex) {
				logger.debug(ex, () -> "Could not stop reading advisories of " + previous);
			}
		}
		if (registration.recoverer == null) {
			return;
		}
		executor().execute(() -> {
			JetStreamTopologyDeclarer declarer = this.topology;
			if (declarer != null) {
				try {
					declarer.declare((this.streamDeclaration != null) ? List.of(this.streamDeclaration) : List.of(),
							List.of(advisoryConsumer(this.advisoryStream, registration.stream, registration.consumer)));
				}
				catch (RuntimeException ex) {
					logger
						.warn(() -> "Cannot declare the advisory consumer of " + registration + ": " + ex.getMessage());
					return;
				}
			}
			consume(registration);
		});
	}

	/**
	 * The retry thread and the dispatcher, made with the first consumer to read.
	 */
	private ScheduledExecutorService executor() {
		ScheduledExecutorService retries = this.scheduler;
		if (retries == null) {
			retries = Executors.newSingleThreadScheduledExecutor((task) -> {
				Thread thread = new Thread(task, "jetstream-dlq-advisories");
				thread.setDaemon(true);
				return thread;
			});
			this.scheduler = retries;
			this.dispatcher = this.connection.createDispatcher();
		}
		return retries;
	}

	/**
	 * Return the durable consumer on the advisory stream that reads a consumer's
	 * advisories.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @return {@code dlq-advisories-<stream>-<consumer>}
	 */
	public static String durableName(String stream, String consumer) {
		return "dlq-advisories-" + stream + "-" + consumer;
	}

	/**
	 * Return the declaration of the durable consumer that reads a consumer's advisories.
	 * @param advisoryStream the advisory stream
	 * @param stream the stream
	 * @param consumer the consumer
	 * @return the declaration
	 */
	public static ConsumerDeclaration advisoryConsumer(String advisoryStream, String stream, String consumer) {
		return ConsumerDeclaration.builder(durableName(stream, consumer), advisoryStream)
			.origin("nats.jetstream.listener.dead-letter.advisories")
			.description("dead letters of unacknowledged last deliveries of " + consumer + " on " + stream)
			.filterSubjects(ADVISORY_PREFIX + stream + "." + consumer)
			.ackWait(ADVISORY_ACK_WAIT)
			.maxDeliver(-1)
			.build();
	}

	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		List<Registration> all = this.registrations.values().stream().filter((each) -> each.recoverer != null).toList();
		if (this.topology != null && !all.isEmpty()) {
			List<ConsumerDeclaration> consumers = all.stream()
				.map((each) -> advisoryConsumer(this.advisoryStream, each.stream, each.consumer))
				.toList();
			this.topology.declare((this.streamDeclaration != null) ? List.of(this.streamDeclaration) : List.of(),
					consumers);
		}
		this.running = true;
		if (all.isEmpty()) {
			return;
		}
		ScheduledExecutorService retries = executor();
		all.forEach((each) -> retries.execute(() -> consume(each)));
	}

	@Override
	public void stop() {
		ScheduledExecutorService retries;
		Dispatcher messages;
		List<Registration> all;
		synchronized (this) {
			if (!this.running) {
				return;
			}
			this.running = false;
			retries = this.scheduler;
			messages = this.dispatcher;
			this.scheduler = null;
			this.dispatcher = null;
			all = List.copyOf(this.registrations.values());
		}
		if (retries != null) {
			retries.shutdownNow();
		}
		for (Registration each : all) {
			MessageConsumer consumer = each.consumer();
			if (consumer != null) {
				try {
					consumer.close();
				}
				catch (Exception ex) {
					logger.debug(ex, () -> "Could not stop reading advisories of " + each);
				}
			}
		}
		if (messages != null) {
			try {
				this.connection.closeDispatcher(messages);
			}
			catch (RuntimeException ex) {
				// closed with the connection already
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Start after the listeners (the consumers and the dead-letter stream exist by then),
	 * stop before them.
	 */
	@Override
	public int getPhase() {
		return JetStreamListenerRegistry.PHASE + 1;
	}

	private void consume(Registration registration) {
		Dispatcher messages = this.dispatcher;
		if (!this.running || messages == null) {
			return;
		}
		try {
			JetStream jetStream = this.connection.jetStream();
			MessageConsumer consumer = jetStream
				.getConsumerContext(this.advisoryStream, durableName(registration.stream, registration.consumer))
				.consume(ConsumeOptions.builder().batchSize(16).build(), messages,
						(advisory) -> handle(advisory, registration));
			registration.started(consumer);
			logger.debug(() -> "Reading MAX_DELIVERIES advisories of " + registration + " from stream "
					+ this.advisoryStream);
		}
		catch (Exception ex) {
			if (registration.failedToStart()) {
				logger.warn(() -> "Cannot read MAX_DELIVERIES advisories of " + registration + " from stream "
						+ this.advisoryStream + " yet (" + ex.getMessage() + "); trying again every "
						+ this.retryDelay);
			}
			ScheduledExecutorService retries = this.scheduler;
			if (this.running && retries != null) {
				retries.schedule(() -> consume(registration), this.retryDelay.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
	}

	private void handle(Message advisory, Registration registration) {
		DeadLetterPublishingRecoverer recoverer = registration.recoverer;
		if (!this.running || recoverer == null) {
			// redelivered to an instance that runs after ack-wait
			return;
		}
		Advisory parsed;
		try {
			parsed = Advisory.parse(advisory.getData());
		}
		catch (RuntimeException ex) {
			logger.warn(() -> "Ignoring an unreadable advisory on " + advisory.getSubject() + ": " + ex.getMessage());
			advisory.ack();
			return;
		}
		try {
			String untrusted = untrusted(advisory, parsed, registration);
			if (untrusted != null) {
				logger.warn(() -> "Ignoring a MAX_DELIVERIES advisory on " + advisory.getSubject() + " (message "
						+ parsed.sequence + " of stream " + parsed.stream + ", consumer " + parsed.consumer + "): "
						+ untrusted);
				advisory.ack();
				return;
			}
			Original original = readOriginal(parsed);
			PublishAck stored = recoverer.publish(original.message, original.metadata(parsed),
					DeadLetterReason.MAX_DELIVERIES_UNACKNOWLEDGED,
					new UnacknowledgedDeliveryException(original.explanation(parsed)),
					original.deadLetterHeaders(parsed));
			if (!stored.isDuplicate()) {
				this.metrics.deadLettered(parsed.stream, parsed.consumer,
						DeadLetterReason.MAX_DELIVERIES_UNACKNOWLEDGED.headerValue());
				logger.warn(() -> "Message " + parsed.sequence + " of stream " + parsed.stream + " was not "
						+ "acknowledged in its last allowed delivery to " + parsed.consumer + " (" + parsed.deliveries
						+ "): dead-lettered as " + DeadLetterReason.MAX_DELIVERIES_UNACKNOWLEDGED.headerValue());
			}
			advisory.ack();
		}
		catch (Exception ex) {
			if (ex instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			logger.warn(() -> "Dead letter of message " + parsed.sequence + " of stream " + parsed.stream + " ("
					+ "last delivery to " + parsed.consumer + " unacknowledged) not stored yet: " + ex.getMessage()
					+ "; trying again in " + this.retryDelay);
			advisory.nakWithDelay(this.retryDelay);
		}
	}

	/**
	 * Why an advisory is not acted on, or {@code null}: its body is what its publisher
	 * wrote. The subject it came on must name the consumer it was read for (the server
	 * sets it on its own advisories), the body must agree, and the consumer must have a
	 * max-deliver the deliveries reached and have delivered the sequence. A sequence the
	 * consumer acknowledged above its ack floor cannot be told apart: the server keeps no
	 * record per message (README: deny publishing to {@code $JS.EVENT.ADVISORY.>}).
	 */
	private @Nullable String untrusted(Message advisory, Advisory parsed, Registration registration) throws Exception {
		String expected = ADVISORY_PREFIX + registration.stream + "." + registration.consumer;
		if (!expected.equals(advisory.getSubject())) {
			return "it was read for consumer " + registration.consumer + " of stream " + registration.stream
					+ " but came on another subject";
		}
		if (!registration.stream.equals(parsed.stream) || !registration.consumer.equals(parsed.consumer)) {
			return "its body names another stream or consumer than its subject";
		}
		ConsumerInfo info;
		try {
			info = this.connection.jetStreamManagement().getConsumerInfo(parsed.stream, parsed.consumer);
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == CONSUMER_NOT_FOUND) {
				return "the consumer does not exist";
			}
			throw ex;
		}
		long maxDeliver = info.getConsumerConfiguration().getMaxDeliver();
		if (maxDeliver <= 0 || parsed.deliveries < maxDeliver) {
			return "the consumer's max-deliver is " + ((maxDeliver <= 0) ? "unlimited" : maxDeliver)
					+ ", the advisory claims " + parsed.deliveries + " deliveries";
		}
		if (parsed.sequence < 1 || parsed.sequence > info.getDelivered().getStreamSequence()) {
			return "the consumer has not delivered that sequence (its last delivered is "
					+ info.getDelivered().getStreamSequence() + ")";
		}
		return null;
	}

	/**
	 * Read a message by its stream sequence through the JetStream API's JSON answer.
	 */
	private Original readOriginal(Advisory advisory) throws Exception {
		byte[] request = ("{\"seq\":" + advisory.sequence + "}").getBytes(StandardCharsets.US_ASCII);
		Message reply = this.connection.request(
				NatsJetStreamConstants.DEFAULT_API_PREFIX + "STREAM.MSG.GET." + advisory.stream, request,
				this.requestTimeout);
		if (reply == null || reply.isStatusMessage()) {
			String status = (reply != null) ? reply.getStatus().toString() : "no answer";
			throw new IllegalStateException("could not read the original from stream " + advisory.stream + ": " + status
					+ " within " + this.requestTimeout);
		}
		JsonValue answer = JsonParser.parse(reply.getData());
		JsonValue error = JsonValueUtils.readValue(answer, "error");
		if (error != null) {
			int code = JsonValueUtils.readInteger(error, "err_code", 0);
			String description = JsonValueUtils.readString(error, "description", "?");
			if (code == NO_MESSAGE_FOUND) {
				return Original.missing(advisory, description);
			}
			throw new IllegalStateException("could not read the original from stream " + advisory.stream + ": "
					+ description + " (" + code + ")");
		}
		JsonValue stored = JsonValueUtils.readValue(answer, "message");
		String subject = JsonValueUtils.readString(stored, "subject", "");
		byte[] data = JsonValueUtils.readBase64(stored, "data");
		byte[] headerBytes = JsonValueUtils.readBase64(stored, "hdrs");
		ZonedDateTime time = JsonValueUtils.readDate(stored, "time");
		List<String> unreadable = new ArrayList<>();
		Headers headers = (headerBytes != null) ? readHeaders(headerBytes, unreadable) : null;
		NatsMessage message = NatsMessage.builder()
			.subject(subject.isEmpty() ? "?" : subject)
			.headers(headers)
			.data((data != null) ? data : new byte[0])
			.build();
		return new Original(message, subject, (time != null) ? time.toInstant() : Instant.now(), unreadable, null);
	}

	/**
	 * Read headers as the client does, or, where it refuses a value, keep the value made
	 * valid and note the header.
	 */
	static Headers readHeaders(byte[] bytes, List<String> unreadable) {
		try {
			Headers headers = new IncomingHeadersProcessor(bytes).getHeaders();
			return (headers != null) ? headers : new Headers();
		}
		catch (IllegalArgumentException ex) {
			Headers headers = new Headers();
			String[] lines = new String(bytes, StandardCharsets.UTF_8).split("\r\n");
			for (int i = 1; i < lines.length; i++) {
				int colon = lines[i].indexOf(':');
				if (colon <= 0) {
					continue;
				}
				String name = lines[i].substring(0, colon).strip();
				String value = lines[i].substring(colon + 1).strip();
				if (!HEADER_NAME.matcher(name).matches()) {
					unreadable.add(HeaderValues.encode(name, 64) + " (name not valid, dropped)");
					continue;
				}
				String valid = HeaderValues.encode(value);
				if (!valid.equals(value)) {
					unreadable.add(name);
				}
				headers.add(name, valid);
			}
			return headers;
		}
	}

	/**
	 * A consumer whose advisories are handled, and its consumption once started.
	 */
	private static final class Registration {

		final String stream;

		final String consumer;

		final @Nullable DeadLetterPublishingRecoverer recoverer;

		private volatile @Nullable MessageConsumer started;

		private boolean warned;

		Registration(String stream, String consumer, @Nullable DeadLetterPublishingRecoverer recoverer) {
			this.stream = stream;
			this.consumer = consumer;
			this.recoverer = recoverer;
		}

		void started(MessageConsumer consumer) {
			this.started = consumer;
			this.warned = false;
		}

		@Nullable MessageConsumer consumer() {
			MessageConsumer consumer = this.started;
			this.started = null;
			return consumer;
		}

		/**
		 * @return whether this is the first failure in a row
		 */
		boolean failedToStart() {
			boolean first = !this.warned;
			this.warned = true;
			return first;
		}

		@Override
		public String toString() {
			return "consumer " + this.consumer + " of stream " + this.stream;
		}

	}

	/**
	 * A {@code io.nats.jetstream.advisory.v1.max_deliver} advisory.
	 */
	private record Advisory(String stream, String consumer, long sequence, long deliveries) {

		static Advisory parse(byte[] json) {
			JsonValue value;
			try {
				value = JsonParser.parse(json);
			}
			catch (JsonParseException ex) {
				throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
			}
			String stream = JsonValueUtils.readString(value, "stream");
			String consumer = JsonValueUtils.readString(value, "consumer");
			long sequence = JsonValueUtils.readLong(value, "stream_seq", 0);
			if (stream == null || consumer == null || sequence <= 0) {
				throw new IllegalArgumentException("no stream, consumer or stream_seq in " + value.toJson());
			}
			return new Advisory(stream, consumer, sequence, JsonValueUtils.readLong(value, "deliveries", 0));
		}

	}

	/**
	 * The original as read from its stream.
	 */
	private record Original(Message message, String subject, Instant timestamp, List<String> unreadableHeaders,
			@Nullable String missing) {

		static Original missing(Advisory advisory, String description) {
			NatsMessage message = NatsMessage.builder().subject("?").data(new byte[0]).build();
			return new Original(message, "", Instant.now(), List.of(), description);
		}

		/**
		 * What the dead letter says beyond the original's headers (which are what its
		 * publisher wrote).
		 */
		Map<String, String> deadLetterHeaders(Advisory advisory) {
			if (this.missing == null) {
				return Map.of();
			}
			return Map.of(DeadLetterHeaders.PAYLOAD_OMITTED,
					"the original is no longer in stream " + advisory.stream + " (" + this.missing + ")");
		}

		MessageMetadata metadata(Advisory advisory) {
			return new MessageMetadata(advisory.stream, advisory.consumer, this.subject, advisory.sequence, 0,
					advisory.deliveries, 0, this.timestamp);
		}

		String explanation(Advisory advisory) {
			StringBuilder text = new StringBuilder("delivery ").append(advisory.deliveries)
				.append(", the last allowed, was not acknowledged within ack-wait and the server stopped delivering "
						+ "the message");
			if (!this.unreadableHeaders.isEmpty()) {
				text.append("; the Java client cannot read its header(s) ")
					.append(String.join(", ", this.unreadableHeaders))
					.append(" (values must be ASCII), so no delivery could reach the listener");
			}
			if (this.missing != null) {
				text.append("; the original is no longer in the stream");
			}
			return text.toString();
		}

	}

}
