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
package io.jetstream.spring.boot.autoconfigure;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.jetstream.spring.config.TopologyMode;

/**
 * Configuration properties for JetStream: the streams the application needs and what to
 * do when the server's differ. Only the settings written here are applied; every other
 * setting keeps the server's value.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("nats.jetstream")
public class JetStreamProperties implements Validator {

	private final Topology topology = new Topology();

	private final Template template = new Template();

	private final Listener listener = new Listener();

	private final Metrics metrics = new Metrics();

	/**
	 * Streams to declare at startup, by stream name.
	 */
	private Map<String, Stream> streams = new LinkedHashMap<>();

	/**
	 * Durable pull consumers to declare at startup, by durable name.
	 */
	private Map<String, Consumer> consumers = new LinkedHashMap<>();

	public Topology getTopology() {
		return this.topology;
	}

	public Template getTemplate() {
		return this.template;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	@Override
	public boolean supports(Class<?> type) {
		return JetStreamProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		Template template = ((JetStreamProperties) target).getTemplate();
		if (template.getMaxInFlight() < 1) {
			errors.rejectValue("template.maxInFlight", "nats.jetstream.template.max-in-flight", "must be at least 1");
		}
		if (template.getTimeout() != null && (template.getTimeout().isNegative() || template.getTimeout().isZero())) {
			errors.rejectValue("template.timeout", "nats.jetstream.template.timeout", "must be positive");
		}
		if (((JetStreamProperties) target).getTopology().getRetryTimeout().isNegative()) {
			errors.rejectValue("topology.retryTimeout", "nats.jetstream.topology.retry-timeout",
					"must not be negative");
		}
		Listener listener = ((JetStreamProperties) target).getListener();
		if (listener.getConcurrency() < 1) {
			errors.rejectValue("listener.concurrency", "nats.jetstream.listener.concurrency", "must be at least 1");
		}
		if (listener.getBatchSize() < 1) {
			errors.rejectValue("listener.batchSize", "nats.jetstream.listener.batch-size", "must be at least 1");
		}
		if (listener.getMaxPendingResults() < 1) {
			errors.rejectValue("listener.maxPendingResults", "nats.jetstream.listener.max-pending-results",
					"must be at least 1");
		}
		if (listener.getMaxBytesAhead().toBytes() < 1) {
			errors.rejectValue("listener.maxBytesAhead", "nats.jetstream.listener.max-bytes-ahead",
					"must be at least 1B");
		}
		if (((JetStreamProperties) target).getMetrics().getPollInterval().compareTo(Duration.ofMillis(100)) < 0) {
			errors.rejectValue("metrics.pollInterval", "nats.jetstream.metrics.poll-interval",
					"must be at least 100ms");
		}
		if (listener.getPullExpires().compareTo(Duration.ofSeconds(1)) < 0) {
			errors.rejectValue("listener.pullExpires", "nats.jetstream.listener.pull-expires", "must be at least 1s");
		}
		if (listener.getShutdownTimeout().isNegative()) {
			errors.rejectValue("listener.shutdownTimeout", "nats.jetstream.listener.shutdown-timeout",
					"must not be negative");
		}
		if (listener.getBackoff().getInitial().isNegative() || listener.getBackoff().getMax().isNegative()) {
			errors.rejectValue("listener.backoff.initial", "nats.jetstream.listener.backoff", "must not be negative");
		}
		Listener.DeadLetter deadLetter = listener.getDeadLetter();
		if (deadLetter.getMaxRedrives() < 1) {
			errors.rejectValue("listener.deadLetter.maxRedrives", "nats.jetstream.listener.dead-letter.max-redrives",
					"must be at least 1");
		}
		if (!(deadLetter.getRedriveRate() > 0)) {
			errors.rejectValue("listener.deadLetter.redriveRate", "nats.jetstream.listener.dead-letter.redrive-rate",
					"must be positive");
		}
		if (deadLetter.getAdvisories().getStream().isBlank()) {
			errors.rejectValue("listener.deadLetter.advisories.stream",
					"nats.jetstream.listener.dead-letter.advisories.stream", "must not be empty");
		}
		Template.Retry retry = template.getRetry();
		if (retry.getMaxRetries() < 0) {
			errors.rejectValue("template.retry.maxRetries", "nats.jetstream.template.retry.max-retries",
					"must not be negative");
		}
		if (retry.getDelay().isNegative()) {
			errors.rejectValue("template.retry.delay", "nats.jetstream.template.retry.delay", "must not be negative");
		}
		if (retry.getMaxDelay().isNegative()) {
			errors.rejectValue("template.retry.maxDelay", "nats.jetstream.template.retry.max-delay",
					"must not be negative");
		}
		if (retry.getMultiplier() < 1) {
			errors.rejectValue("template.retry.multiplier", "nats.jetstream.template.retry.multiplier",
					"must be at least 1");
		}
	}

	public Map<String, Stream> getStreams() {
		return this.streams;
	}

	public void setStreams(Map<String, Stream> streams) {
		this.streams = streams;
	}

	public Map<String, Consumer> getConsumers() {
		return this.consumers;
	}

	public void setConsumers(Map<String, Consumer> consumers) {
		this.consumers = consumers;
	}

	/**
	 * How declarations are applied.
	 */
	public static class Topology {

		/**
		 * What to do at startup: create-or-update, create (only missing ones), validate
		 * (change nothing, fail on a difference) or none.
		 */
		private TopologyMode mode = TopologyMode.CREATE_OR_UPDATE;

		/**
		 * How long one declaration call is retried while the server refuses it for a
		 * passing reason (a JetStream cluster that is forming or electing a leader, a
		 * request timeout) before startup fails; 0 fails at once.
		 */
		private Duration retryTimeout = Duration.ofSeconds(30);

		public TopologyMode getMode() {
			return this.mode;
		}

		public void setMode(TopologyMode mode) {
			this.mode = mode;
		}

		public Duration getRetryTimeout() {
			return this.retryTimeout;
		}

		public void setRetryTimeout(Duration retryTimeout) {
			this.retryTimeout = retryTimeout;
		}

	}

	/**
	 * Micrometer meters of publishing, consuming, streams and consumers.
	 */
	public static class Metrics {

		/**
		 * Value of the subject tag: full (the subject), truncated (its first
		 * subject-tag-depth tokens, then >) or none (one value for all subjects).
		 */
		private io.jetstream.spring.observation.SubjectTagMapper subjectTag = io.jetstream.spring.observation.SubjectTagMapper.FULL;

		/**
		 * Tokens kept by subject-tag=truncated.
		 */
		private int subjectTagDepth = 2;

		/**
		 * Buckets of the listener processing-time histogram.
		 */
		private List<Duration> processingBuckets = new ArrayList<>(
				List.of(Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
						Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
						Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)));

		/**
		 * Time between background polls of stream and consumer statistics (the gauges).
		 */
		private Duration pollInterval = Duration.ofSeconds(15);

		public io.jetstream.spring.observation.SubjectTagMapper getSubjectTag() {
			return this.subjectTag;
		}

		public void setSubjectTag(io.jetstream.spring.observation.SubjectTagMapper subjectTag) {
			this.subjectTag = subjectTag;
		}

		public int getSubjectTagDepth() {
			return this.subjectTagDepth;
		}

		public void setSubjectTagDepth(int subjectTagDepth) {
			this.subjectTagDepth = subjectTagDepth;
		}

		public List<Duration> getProcessingBuckets() {
			return this.processingBuckets;
		}

		public void setProcessingBuckets(List<Duration> processingBuckets) {
			this.processingBuckets = processingBuckets;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			this.pollInterval = pollInterval;
		}

	}

	/**
	 * Defaults of @JetStreamListener containers.
	 */
	public static class Listener {

		/**
		 * Workers per listener sharing its durable consumer.
		 */
		private int concurrency = 1;

		/**
		 * Subject patterns a @NatsListener may reply to besides inboxes (_INBOX.> and the
		 * connection's inbox prefix). A request's reply subject is what the requester
		 * wrote; replies go out with the application's rights, so a reply to any other
		 * subject is dropped and logged.
		 */
		private List<String> replySubjects = new ArrayList<>();

		public List<String> getReplySubjects() {
			return this.replySubjects;
		}

		public void setReplySubjects(List<String> replySubjects) {
			this.replySubjects = replySubjects;
		}

		/**
		 * Messages pulled ahead per worker, at most. The listener pulls fewer when its
		 * measured handling time says the workers would not reach them within half the
		 * ack-wait, and keeps messages that wait longer in progress.
		 */
		private int batchSize = io.jetstream.spring.listener.JetStreamContainerProperties.DEFAULT_BATCH_SIZE;

		/**
		 * Bytes of messages one listener holds and has asked for, at most: each pull
		 * carries what is left as its max bytes (with 1 MB messages, 64 MB means 64
		 * ahead).
		 */
		private DataSize maxBytesAhead = io.jetstream.spring.listener.JetStreamContainerProperties.DEFAULT_MAX_BYTES_AHEAD;

		/**
		 * Asynchronous results (a listener returning a CompletableFuture or a Mono) one
		 * worker waits for, at most; at the bound it takes no message until one
		 * completes.
		 */
		private int maxPendingResults = io.jetstream.spring.listener.JetStreamContainerProperties.DEFAULT_MAX_PENDING_RESULTS;

		/**
		 * How long a batch listener's worker collects a batch after its first message, at
		 * most; a batch also ends at the listener's batch size.
		 */
		private Duration batchWait = io.jetstream.spring.listener.JetStreamContainerProperties.DEFAULT_BATCH_WAIT;

		/**
		 * Who acknowledges: auto (the container, from the outcome) or manual (the
		 * listener, through an Acknowledgment parameter).
		 */
		private io.jetstream.spring.listener.AckMode ackMode = io.jetstream.spring.listener.AckMode.AUTO;

		/**
		 * Whether each ack waits for the server's confirmation. Costs a round trip per
		 * message; without it a lost ack means one redelivery.
		 */
		private boolean ackSync;

		/**
		 * Whether each message is processed inside a "jetstream.process" observation (a
		 * tracing span continuing the publisher's trace). Default: on when Micrometer
		 * Tracing is on the classpath, off otherwise (an observation per message costs
		 * throughput).
		 */
		private @Nullable Boolean observationEnabled;

		/**
		 * How long stopping a listener waits for handlers in flight before giving up on
		 * them (their messages are redelivered after ack-wait).
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(30);

		/**
		 * Whether listeners start with the application.
		 */
		private boolean autoStartup = true;

		/**
		 * Time without a message while messages are pending, after which the health
		 * indicator reports a running listener as stalled (DOWN).
		 */
		private Duration stallTimeout = Duration.ofMinutes(2);

		public Duration getStallTimeout() {
			return this.stallTimeout;
		}

		public void setStallTimeout(Duration stallTimeout) {
			this.stallTimeout = stallTimeout;
		}

		/**
		 * How long one pull request waits on the server for messages (at least 1s); its
		 * idle heartbeat is half of it, and pulls without a message or heartbeat for this
		 * long plus a second are pulled again.
		 */
		private Duration pullExpires = io.jetstream.spring.listener.JetStreamContainerProperties.DEFAULT_PULL_EXPIRES;

		public Duration getPullExpires() {
			return this.pullExpires;
		}

		public void setPullExpires(Duration pullExpires) {
			this.pullExpires = pullExpires;
		}

		private final BackOff backoff = new BackOff();

		private final DeadLetter deadLetter = new DeadLetter();

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			this.concurrency = concurrency;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			this.batchSize = batchSize;
		}

		public Duration getBatchWait() {
			return this.batchWait;
		}

		public void setBatchWait(Duration batchWait) {
			this.batchWait = batchWait;
		}

		public int getMaxPendingResults() {
			return this.maxPendingResults;
		}

		public void setMaxPendingResults(int maxPendingResults) {
			this.maxPendingResults = maxPendingResults;
		}

		public DataSize getMaxBytesAhead() {
			return this.maxBytesAhead;
		}

		public void setMaxBytesAhead(DataSize maxBytesAhead) {
			this.maxBytesAhead = maxBytesAhead;
		}

		public io.jetstream.spring.listener.AckMode getAckMode() {
			return this.ackMode;
		}

		public void setAckMode(io.jetstream.spring.listener.AckMode ackMode) {
			this.ackMode = ackMode;
		}

		public boolean isAckSync() {
			return this.ackSync;
		}

		public void setAckSync(boolean ackSync) {
			this.ackSync = ackSync;
		}

		public @Nullable Boolean getObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(@Nullable Boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public boolean isAutoStartup() {
			return this.autoStartup;
		}

		public void setAutoStartup(boolean autoStartup) {
			this.autoStartup = autoStartup;
		}

		public BackOff getBackoff() {
			return this.backoff;
		}

		public DeadLetter getDeadLetter() {
			return this.deadLetter;
		}

		/**
		 * Redelivery delays after a failure, for consumers without a backoff list.
		 */
		public static class BackOff {

			/**
			 * Delay after the first failed delivery.
			 */
			private Duration initial = Duration.ofSeconds(1);

			/**
			 * Factor applied to the delay after each further failure.
			 */
			private double multiplier = 2.0;

			/**
			 * Maximum delay.
			 */
			private Duration max = Duration.ofSeconds(30);

			/**
			 * Random variation added to or removed from each delay.
			 */
			private Duration jitter = Duration.ZERO;

			public Duration getInitial() {
				return this.initial;
			}

			public void setInitial(Duration initial) {
				this.initial = initial;
			}

			public double getMultiplier() {
				return this.multiplier;
			}

			public void setMultiplier(double multiplier) {
				this.multiplier = multiplier;
			}

			public Duration getMax() {
				return this.max;
			}

			public void setMax(Duration max) {
				this.max = max;
			}

			public Duration getJitter() {
				return this.jitter;
			}

			public void setJitter(Duration jitter) {
				this.jitter = jitter;
			}

		}

		/**
		 * Where failed messages go.
		 */
		public static class DeadLetter {

			/**
			 * Whether failed messages are published to a dead-letter subject; when false
			 * they are terminated with a log line.
			 */
			private boolean enabled = true;

			/**
			 * Prefix of the dead-letter subject, which is prefix.stream.consumer.
			 */
			private String subjectPrefix = "dlq";

			/**
			 * Name of the stream that captures prefix.>.
			 */
			private String stream = "DLQ";

			/**
			 * Whether to declare that stream before the first listener starts (unless it
			 * is declared in nats.jetstream.streams).
			 */
			private boolean declareStream = true;

			/**
			 * Dead letters of messages whose last allowed delivery was not acknowledged
			 * (the server drops those and only publishes a MAX_DELIVERIES advisory).
			 */
			private final Advisories advisories = new Advisories();

			/**
			 * How often a dead letter may be redriven to its consumer; one that was
			 * redriven this often and failed again is parked (not redriven again).
			 */
			private int maxRedrives = 3;

			/**
			 * Most redriven messages per second when a selection is redriven (the
			 * actuator endpoint's default).
			 */
			private double redriveRate = 100;

			/**
			 * Key that signs redriven messages (HMAC-SHA256), so that listeners of the
			 * stream's other consumers skip them. Without one, a redriven message reaches
			 * every consumer of its stream whose filter takes it: its X-Redrive-For
			 * header alone, which any publisher can set, never makes a listener skip a
			 * message. The same key on every instance; keep it secret.
			 */
			private @Nullable String redriveKey;

			/**
			 * Header names whose values the deadletters endpoint shows as ******: a name
			 * matches when it contains one of them, ignoring case. Dead letters keep the
			 * original's headers as they were.
			 */
			private List<String> sensitiveHeaders = new ArrayList<>(
					io.jetstream.spring.listener.DeadLetters.DEFAULT_SENSITIVE_HEADERS);

			public List<String> getSensitiveHeaders() {
				return this.sensitiveHeaders;
			}

			public void setSensitiveHeaders(List<String> sensitiveHeaders) {
				this.sensitiveHeaders = sensitiveHeaders;
			}

			public @Nullable String getRedriveKey() {
				return this.redriveKey;
			}

			public void setRedriveKey(@Nullable String redriveKey) {
				this.redriveKey = redriveKey;
			}

			public Advisories getAdvisories() {
				return this.advisories;
			}

			public int getMaxRedrives() {
				return this.maxRedrives;
			}

			public void setMaxRedrives(int maxRedrives) {
				this.maxRedrives = maxRedrives;
			}

			public double getRedriveRate() {
				return this.redriveRate;
			}

			public void setRedriveRate(double redriveRate) {
				this.redriveRate = redriveRate;
			}

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public String getSubjectPrefix() {
				return this.subjectPrefix;
			}

			public void setSubjectPrefix(String subjectPrefix) {
				this.subjectPrefix = subjectPrefix;
			}

			public String getStream() {
				return this.stream;
			}

			public void setStream(String stream) {
				this.stream = stream;
			}

			public boolean isDeclareStream() {
				return this.declareStream;
			}

			public void setDeclareStream(boolean declareStream) {
				this.declareStream = declareStream;
			}

			/**
			 * Capturing MAX_DELIVERIES advisories and turning them into dead letters.
			 */
			public static class Advisories {

				/**
				 * Whether messages whose last allowed delivery ran out of ack-wait are
				 * dead-lettered (reason max_deliveries_unacknowledged) from the server's
				 * MAX_DELIVERIES advisories, captured in a stream and read with one
				 * durable consumer per listener consumer, shared by the application's
				 * instances.
				 */
				private boolean enabled = true;

				/**
				 * Name of the stream that captures
				 * $JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.>.
				 */
				private String stream = "DLQ_ADVISORIES";

				/**
				 * Whether to declare that stream (unless it is declared in
				 * nats.jetstream.streams); turn off when another stream captures these
				 * advisories already and name that one.
				 */
				private boolean declareStream = true;

				/**
				 * How long the declared stream keeps an advisory that no instance
				 * handled.
				 */
				private Duration maxAge = Duration.ofDays(7);

				public boolean isEnabled() {
					return this.enabled;
				}

				public void setEnabled(boolean enabled) {
					this.enabled = enabled;
				}

				public String getStream() {
					return this.stream;
				}

				public void setStream(String stream) {
					this.stream = stream;
				}

				public boolean isDeclareStream() {
					return this.declareStream;
				}

				public void setDeclareStream(boolean declareStream) {
					this.declareStream = declareStream;
				}

				public Duration getMaxAge() {
					return this.maxAge;
				}

				public void setMaxAge(Duration maxAge) {
					this.maxAge = maxAge;
				}

			}

		}

	}

	/**
	 * Publishing with the JetStreamTemplate.
	 */
	public static class Template {

		/**
		 * Maximum asynchronous publishes awaiting their acknowledgement; a further
		 * publishAsync waits for a free slot.
		 */
		private int maxInFlight = 256;

		/**
		 * Time to wait for the server's acknowledgement of one publish attempt. Defaults
		 * to nats.request-timeout, else the connection timeout.
		 */
		private @Nullable Duration timeout;

		/**
		 * Whether a message published without a message id gets a generated Nats-Msg-Id
		 * while retries are on, so that a retried publish is stored once.
		 */
		private boolean assignMessageIds = true;

		/**
		 * Whether each publish runs inside a "jetstream.publish" observation, which also
		 * writes the trace context into the message headers. Default: on when Micrometer
		 * Tracing is on the classpath, off otherwise.
		 */
		private @Nullable Boolean observationEnabled;

		private final Retry retry = new Retry();

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

		public boolean isAssignMessageIds() {
			return this.assignMessageIds;
		}

		public void setAssignMessageIds(boolean assignMessageIds) {
			this.assignMessageIds = assignMessageIds;
		}

		public @Nullable Boolean getObservationEnabled() {
			return this.observationEnabled;
		}

		public void setObservationEnabled(@Nullable Boolean observationEnabled) {
			this.observationEnabled = observationEnabled;
		}

		public Retry getRetry() {
			return this.retry;
		}

		/**
		 * Retries of transient publish failures (no acknowledgement in time, no
		 * responders during a leader election).
		 */
		public static class Retry {

			/**
			 * Whether transient publish failures are retried.
			 */
			private boolean enabled = true;

			/**
			 * Maximum retries after the first attempt. With the default delays (100ms
			 * doubling up to 2s) ten retries wait about 13s in all, long enough to bridge
			 * the election of a new stream leader in a cluster (measured: about 7s after
			 * the leader's node was killed).
			 */
			private long maxRetries = 10;

			/**
			 * Delay before the first retry.
			 */
			private Duration delay = Duration.ofMillis(100);

			/**
			 * Factor applied to the delay after each retry.
			 */
			private double multiplier = 2.0;

			/**
			 * Maximum delay between retries.
			 */
			private Duration maxDelay = Duration.ofSeconds(2);

			/**
			 * Random variation added to or removed from each delay.
			 */
			private @Nullable Duration jitter;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public long getMaxRetries() {
				return this.maxRetries;
			}

			public void setMaxRetries(long maxRetries) {
				this.maxRetries = maxRetries;
			}

			public Duration getDelay() {
				return this.delay;
			}

			public void setDelay(Duration delay) {
				this.delay = delay;
			}

			public double getMultiplier() {
				return this.multiplier;
			}

			public void setMultiplier(double multiplier) {
				this.multiplier = multiplier;
			}

			public Duration getMaxDelay() {
				return this.maxDelay;
			}

			public void setMaxDelay(Duration maxDelay) {
				this.maxDelay = maxDelay;
			}

			public @Nullable Duration getJitter() {
				return this.jitter;
			}

			public void setJitter(@Nullable Duration jitter) {
				this.jitter = jitter;
			}

		}

	}

	/**
	 * A stream declaration.
	 */
	public static class Stream {

		/**
		 * Subjects the stream captures, wildcards allowed (orders.>).
		 */
		private @Nullable List<String> subjects;

		/**
		 * Description shown by the server.
		 */
		private @Nullable String description;

		/**
		 * Storage type. Cannot be changed on an existing stream.
		 */
		private @Nullable Storage storage;

		/**
		 * Retention policy. Cannot be changed on an existing stream.
		 */
		private @Nullable Retention retention;

		/**
		 * Maximum age of a message; older ones are removed. 0 for unlimited.
		 */
		private @Nullable Duration maxAge;

		/**
		 * Maximum size of the stream; -1 for unlimited.
		 */
		private @Nullable DataSize maxBytes;

		/**
		 * Maximum number of messages; -1 for unlimited.
		 */
		private @Nullable Long maxMsgs;

		/**
		 * Maximum number of messages per subject; -1 for unlimited.
		 */
		private @Nullable Long maxMsgsPerSubject;

		/**
		 * Maximum size of one message; -1 for the server's limit.
		 */
		private @Nullable DataSize maxMsgSize;

		/**
		 * Number of replicas in a cluster (1 to 5).
		 */
		private @Nullable Integer replicas;

		/**
		 * What to do when a limit is reached: discard old messages or refuse new ones.
		 */
		private @Nullable Discard discard;

		/**
		 * Window in which a repeated message id is stored once.
		 */
		private @Nullable Duration duplicateWindow;

		/**
		 * Whether deleting single messages is refused. Cannot be changed on an existing
		 * stream.
		 */
		private @Nullable Boolean denyDelete;

		/**
		 * Whether purging is refused. Cannot be changed on an existing stream.
		 */
		private @Nullable Boolean denyPurge;

		/**
		 * Stream this stream mirrors; a mirror has no subjects of its own.
		 */
		private @Nullable StreamSource mirror;

		/**
		 * Streams this stream copies messages from.
		 */
		private @Nullable List<StreamSource> sources;

		/**
		 * Compression of file storage (nats-server 2.10+).
		 */
		private @Nullable Compression compression;

		/**
		 * Metadata of the stream (nats-server 2.10+).
		 */
		private @Nullable Map<String, String> metadata;

		/**
		 * Sequence of the first message of a new stream (nats-server 2.10+).
		 */
		private @Nullable Long firstSequence;

		/**
		 * Whether any server of the stream may answer direct gets of its messages.
		 */
		private @Nullable Boolean allowDirect;

		/**
		 * Whether this mirror answers direct gets for the stream it mirrors.
		 */
		private @Nullable Boolean mirrorDirect;

		/**
		 * Whether discard new applies per subject, with max-msgs-per-subject; needs nats-
		 * server 2.10.
		 */
		private @Nullable Boolean discardNewPerSubject;

		/**
		 * Most consumers the stream may have, -1 for no limit; fixed at creation.
		 */
		private @Nullable Long maxConsumers;

		/**
		 * Whether a message may set its own time to live (Nats-TTL header); needs nats-
		 * server 2.11.
		 */
		private @Nullable Boolean allowMsgTtl;

		/**
		 * How long a marker left where limits or a TTL removed the last message of a
		 * subject is kept; needs nats-server 2.11.
		 */
		private @Nullable Duration subjectDeleteMarkerTtl;

		/**
		 * Whether atomic batch publishes are accepted; needs nats-server 2.12.
		 */
		private @Nullable Boolean allowAtomic;

		/**
		 * Where in a cluster the stream's replicas are placed.
		 */
		private @Nullable Placement placement;

		/**
		 * Republish each stored message to a core NATS subject.
		 */
		private @Nullable SubjectMapping republish;

		/**
		 * Rewrite the subject of each message as it is stored; needs nats-server 2.10.
		 */
		private @Nullable SubjectMapping subjectTransform;

		public @Nullable List<String> getSubjects() {
			return this.subjects;
		}

		public void setSubjects(@Nullable List<String> subjects) {
			this.subjects = subjects;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public @Nullable Storage getStorage() {
			return this.storage;
		}

		public void setStorage(@Nullable Storage storage) {
			this.storage = storage;
		}

		public @Nullable Retention getRetention() {
			return this.retention;
		}

		public void setRetention(@Nullable Retention retention) {
			this.retention = retention;
		}

		public @Nullable Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(@Nullable Duration maxAge) {
			this.maxAge = maxAge;
		}

		public @Nullable DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(@Nullable DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public @Nullable Long getMaxMsgs() {
			return this.maxMsgs;
		}

		public void setMaxMsgs(@Nullable Long maxMsgs) {
			this.maxMsgs = maxMsgs;
		}

		public @Nullable Long getMaxMsgsPerSubject() {
			return this.maxMsgsPerSubject;
		}

		public void setMaxMsgsPerSubject(@Nullable Long maxMsgsPerSubject) {
			this.maxMsgsPerSubject = maxMsgsPerSubject;
		}

		public @Nullable DataSize getMaxMsgSize() {
			return this.maxMsgSize;
		}

		public void setMaxMsgSize(@Nullable DataSize maxMsgSize) {
			this.maxMsgSize = maxMsgSize;
		}

		public @Nullable Integer getReplicas() {
			return this.replicas;
		}

		public void setReplicas(@Nullable Integer replicas) {
			this.replicas = replicas;
		}

		public @Nullable Discard getDiscard() {
			return this.discard;
		}

		public void setDiscard(@Nullable Discard discard) {
			this.discard = discard;
		}

		public @Nullable Duration getDuplicateWindow() {
			return this.duplicateWindow;
		}

		public void setDuplicateWindow(@Nullable Duration duplicateWindow) {
			this.duplicateWindow = duplicateWindow;
		}

		public @Nullable Boolean getDenyDelete() {
			return this.denyDelete;
		}

		public void setDenyDelete(@Nullable Boolean denyDelete) {
			this.denyDelete = denyDelete;
		}

		public @Nullable Boolean getDenyPurge() {
			return this.denyPurge;
		}

		public void setDenyPurge(@Nullable Boolean denyPurge) {
			this.denyPurge = denyPurge;
		}

		public @Nullable StreamSource getMirror() {
			return this.mirror;
		}

		public void setMirror(@Nullable StreamSource mirror) {
			this.mirror = mirror;
		}

		public @Nullable List<StreamSource> getSources() {
			return this.sources;
		}

		public void setSources(@Nullable List<StreamSource> sources) {
			this.sources = sources;
		}

		public @Nullable Compression getCompression() {
			return this.compression;
		}

		public void setCompression(@Nullable Compression compression) {
			this.compression = compression;
		}

		public @Nullable Map<String, String> getMetadata() {
			return this.metadata;
		}

		public void setMetadata(@Nullable Map<String, String> metadata) {
			this.metadata = metadata;
		}

		public @Nullable Long getFirstSequence() {
			return this.firstSequence;
		}

		public void setFirstSequence(@Nullable Long firstSequence) {
			this.firstSequence = firstSequence;
		}

		public @Nullable Boolean getAllowDirect() {
			return this.allowDirect;
		}

		public void setAllowDirect(@Nullable Boolean allowDirect) {
			this.allowDirect = allowDirect;
		}

		public @Nullable Boolean getMirrorDirect() {
			return this.mirrorDirect;
		}

		public void setMirrorDirect(@Nullable Boolean mirrorDirect) {
			this.mirrorDirect = mirrorDirect;
		}

		public @Nullable Boolean getDiscardNewPerSubject() {
			return this.discardNewPerSubject;
		}

		public void setDiscardNewPerSubject(@Nullable Boolean discardNewPerSubject) {
			this.discardNewPerSubject = discardNewPerSubject;
		}

		public @Nullable Long getMaxConsumers() {
			return this.maxConsumers;
		}

		public void setMaxConsumers(@Nullable Long maxConsumers) {
			this.maxConsumers = maxConsumers;
		}

		public @Nullable Boolean getAllowMsgTtl() {
			return this.allowMsgTtl;
		}

		public void setAllowMsgTtl(@Nullable Boolean allowMsgTtl) {
			this.allowMsgTtl = allowMsgTtl;
		}

		public @Nullable Duration getSubjectDeleteMarkerTtl() {
			return this.subjectDeleteMarkerTtl;
		}

		public void setSubjectDeleteMarkerTtl(@Nullable Duration subjectDeleteMarkerTtl) {
			this.subjectDeleteMarkerTtl = subjectDeleteMarkerTtl;
		}

		public @Nullable Boolean getAllowAtomic() {
			return this.allowAtomic;
		}

		public void setAllowAtomic(@Nullable Boolean allowAtomic) {
			this.allowAtomic = allowAtomic;
		}

		public @Nullable Placement getPlacement() {
			return this.placement;
		}

		public void setPlacement(@Nullable Placement placement) {
			this.placement = placement;
		}

		public @Nullable SubjectMapping getRepublish() {
			return this.republish;
		}

		public void setRepublish(@Nullable SubjectMapping republish) {
			this.republish = republish;
		}

		public @Nullable SubjectMapping getSubjectTransform() {
			return this.subjectTransform;
		}

		public void setSubjectTransform(@Nullable SubjectMapping subjectTransform) {
			this.subjectTransform = subjectTransform;
		}

	}

	/**
	 * A durable pull consumer declaration (explicit acknowledgement).
	 */
	public static class Consumer {

		/**
		 * Stream the consumer reads.
		 */
		private @Nullable String stream;

		/**
		 * Description shown by the server.
		 */
		private @Nullable String description;

		/**
		 * Subjects of the stream the consumer receives; more than one needs nats-server
		 * 2.10.
		 */
		private @Nullable List<String> filterSubjects;

		/**
		 * Where a new consumer starts. Cannot be changed on an existing consumer.
		 */
		private @Nullable DeliverPolicy deliverPolicy;

		/**
		 * First stream sequence, with deliver-policy by-start-sequence.
		 */
		private @Nullable Long startSequence;

		/**
		 * Start time (ISO-8601, such as 2026-01-01T00:00:00Z), with deliver-policy
		 * by-start-time.
		 */
		private @Nullable Instant startTime;

		/**
		 * Time the server waits for an acknowledgement before redelivering. With backoff,
		 * the server uses the first backoff delay instead.
		 */
		private @Nullable Duration ackWait;

		/**
		 * Maximum deliveries of one message before it is given up (dead-lettered by
		 * listeners); -1 for unlimited.
		 */
		private @Nullable Long maxDeliver;

		/**
		 * Redelivery delays by delivery; needs max-deliver greater than the number of
		 * delays.
		 */
		private @Nullable List<Duration> backoff;

		/**
		 * Maximum messages delivered and not yet acknowledged; -1 for unlimited.
		 */
		private @Nullable Long maxAckPending;

		/**
		 * Metadata of the consumer (nats-server 2.10+).
		 */
		private @Nullable Map<String, String> metadata;

		/**
		 * Replicas of the consumer's state; 0 for as many as the stream.
		 */
		private @Nullable Integer replicas;

		/**
		 * Whether the consumer's state is kept in memory only; fixed at creation.
		 */
		private @Nullable Boolean memStorage;

		/**
		 * How long the consumer may go without a client before the server removes it.
		 */
		private @Nullable Duration inactiveThreshold;

		/**
		 * Whether messages are delivered with headers only (and Nats-Msg-Size), without
		 * payload.
		 */
		private @Nullable Boolean headersOnly;

		/**
		 * Whether messages are delivered as fast as possible or at the pace they were
		 * stored; fixed at creation.
		 */
		private @Nullable Replay replayPolicy;

		/**
		 * Percentage of acknowledgements sampled as advisories, such as 25%.
		 */
		private @Nullable String sampleFrequency;

		/**
		 * Most pull requests waiting on the server at once; fixed at creation.
		 */
		private @Nullable Long maxWaiting;

		/**
		 * Largest batch one pull request may ask for.
		 */
		private @Nullable Long maxBatch;

		/**
		 * Longest expiry one pull request may ask for.
		 */
		private @Nullable Duration maxExpires;

		/**
		 * Most bytes one pull request may ask for.
		 */
		private @Nullable DataSize maxBytes;

		/**
		 * Until when the server delivers nothing to the consumer; needs nats-server 2.11.
		 */
		private @Nullable Instant pauseUntil;

		/**
		 * How the server chooses among the pulls of a priority group: overflow (a pull
		 * asking for a minimum backlog is served only while the backlog reaches it) or
		 * pinned-client (one client is served until it stops pulling for the priority
		 * timeout); needs nats-server 2.11.
		 */
		private @Nullable Priority priorityPolicy;

		/**
		 * Priority groups listeners pull in (1 to 16 letters, digits or / _ = -); a
		 * listener joins the first unless it names another.
		 */
		private List<String> priorityGroups = new ArrayList<>();

		/**
		 * How long a pinned client may go without pulling before the server pins another
		 * (pinned-client only; the server's default is 2 minutes).
		 */
		private @Nullable Duration priorityTimeout;

		public @Nullable String getStream() {
			return this.stream;
		}

		public void setStream(@Nullable String stream) {
			this.stream = stream;
		}

		public @Nullable String getDescription() {
			return this.description;
		}

		public void setDescription(@Nullable String description) {
			this.description = description;
		}

		public @Nullable List<String> getFilterSubjects() {
			return this.filterSubjects;
		}

		public void setFilterSubjects(@Nullable List<String> filterSubjects) {
			this.filterSubjects = filterSubjects;
		}

		public @Nullable DeliverPolicy getDeliverPolicy() {
			return this.deliverPolicy;
		}

		public void setDeliverPolicy(@Nullable DeliverPolicy deliverPolicy) {
			this.deliverPolicy = deliverPolicy;
		}

		public @Nullable Long getStartSequence() {
			return this.startSequence;
		}

		public void setStartSequence(@Nullable Long startSequence) {
			this.startSequence = startSequence;
		}

		public @Nullable Instant getStartTime() {
			return this.startTime;
		}

		public void setStartTime(@Nullable Instant startTime) {
			this.startTime = startTime;
		}

		public @Nullable Duration getAckWait() {
			return this.ackWait;
		}

		public void setAckWait(@Nullable Duration ackWait) {
			this.ackWait = ackWait;
		}

		public @Nullable Long getMaxDeliver() {
			return this.maxDeliver;
		}

		public void setMaxDeliver(@Nullable Long maxDeliver) {
			this.maxDeliver = maxDeliver;
		}

		public @Nullable List<Duration> getBackoff() {
			return this.backoff;
		}

		public void setBackoff(@Nullable List<Duration> backoff) {
			this.backoff = backoff;
		}

		public @Nullable Long getMaxAckPending() {
			return this.maxAckPending;
		}

		public void setMaxAckPending(@Nullable Long maxAckPending) {
			this.maxAckPending = maxAckPending;
		}

		public @Nullable Map<String, String> getMetadata() {
			return this.metadata;
		}

		public void setMetadata(@Nullable Map<String, String> metadata) {
			this.metadata = metadata;
		}

		public @Nullable Integer getReplicas() {
			return this.replicas;
		}

		public void setReplicas(@Nullable Integer replicas) {
			this.replicas = replicas;
		}

		public @Nullable Boolean getMemStorage() {
			return this.memStorage;
		}

		public void setMemStorage(@Nullable Boolean memStorage) {
			this.memStorage = memStorage;
		}

		public @Nullable Duration getInactiveThreshold() {
			return this.inactiveThreshold;
		}

		public void setInactiveThreshold(@Nullable Duration inactiveThreshold) {
			this.inactiveThreshold = inactiveThreshold;
		}

		public @Nullable Boolean getHeadersOnly() {
			return this.headersOnly;
		}

		public void setHeadersOnly(@Nullable Boolean headersOnly) {
			this.headersOnly = headersOnly;
		}

		public @Nullable Replay getReplayPolicy() {
			return this.replayPolicy;
		}

		public void setReplayPolicy(@Nullable Replay replayPolicy) {
			this.replayPolicy = replayPolicy;
		}

		public @Nullable String getSampleFrequency() {
			return this.sampleFrequency;
		}

		public void setSampleFrequency(@Nullable String sampleFrequency) {
			this.sampleFrequency = sampleFrequency;
		}

		public @Nullable Long getMaxWaiting() {
			return this.maxWaiting;
		}

		public void setMaxWaiting(@Nullable Long maxWaiting) {
			this.maxWaiting = maxWaiting;
		}

		public @Nullable Long getMaxBatch() {
			return this.maxBatch;
		}

		public void setMaxBatch(@Nullable Long maxBatch) {
			this.maxBatch = maxBatch;
		}

		public @Nullable Duration getMaxExpires() {
			return this.maxExpires;
		}

		public void setMaxExpires(@Nullable Duration maxExpires) {
			this.maxExpires = maxExpires;
		}

		public @Nullable DataSize getMaxBytes() {
			return this.maxBytes;
		}

		public void setMaxBytes(@Nullable DataSize maxBytes) {
			this.maxBytes = maxBytes;
		}

		public @Nullable Instant getPauseUntil() {
			return this.pauseUntil;
		}

		public void setPauseUntil(@Nullable Instant pauseUntil) {
			this.pauseUntil = pauseUntil;
		}

		public @Nullable Priority getPriorityPolicy() {
			return this.priorityPolicy;
		}

		public void setPriorityPolicy(@Nullable Priority priorityPolicy) {
			this.priorityPolicy = priorityPolicy;
		}

		public List<String> getPriorityGroups() {
			return this.priorityGroups;
		}

		public void setPriorityGroups(List<String> priorityGroups) {
			this.priorityGroups = priorityGroups;
		}

		public @Nullable Duration getPriorityTimeout() {
			return this.priorityTimeout;
		}

		public void setPriorityTimeout(@Nullable Duration priorityTimeout) {
			this.priorityTimeout = priorityTimeout;
		}

	}

	/**
	 * Where in a cluster a stream's replicas are placed.
	 */
	public static class Placement {

		/**
		 * Name of the cluster to place the stream in.
		 */
		private @Nullable String cluster;

		/**
		 * Server tags (server_tags in the server's configuration) every server holding a
		 * replica has, such as az:1.
		 */
		private List<String> tags = new ArrayList<>();

		public @Nullable String getCluster() {
			return this.cluster;
		}

		public void setCluster(@Nullable String cluster) {
			this.cluster = cluster;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

	}

	/**
	 * Subjects mapped to other subjects: a stream's republish or subject transform.
	 */
	public static class SubjectMapping {

		/**
		 * The subjects mapped (default all, >).
		 */
		private String source = ">";

		/**
		 * The subject they map to, with wildcard references such as audit.>.
		 */
		private @Nullable String destination;

		/**
		 * For republish: whether only the headers are republished.
		 */
		private boolean headersOnly;

		public String getSource() {
			return this.source;
		}

		public void setSource(String source) {
			this.source = source;
		}

		public @Nullable String getDestination() {
			return this.destination;
		}

		public void setDestination(@Nullable String destination) {
			this.destination = destination;
		}

		public boolean isHeadersOnly() {
			return this.headersOnly;
		}

		public void setHeadersOnly(boolean headersOnly) {
			this.headersOnly = headersOnly;
		}

	}

	/**
	 * Another stream to mirror or source from.
	 */
	public static class StreamSource {

		/**
		 * Name of the other stream.
		 */
		private @Nullable String name;

		/**
		 * Copy only the other stream's messages of this subject.
		 */
		private @Nullable String filterSubject;

		/**
		 * Rewrite the subjects of the copied messages (source to destination); needs
		 * nats-server 2.10.
		 */
		private List<SubjectMapping> subjectTransforms = new ArrayList<>();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getFilterSubject() {
			return this.filterSubject;
		}

		public void setFilterSubject(@Nullable String filterSubject) {
			this.filterSubject = filterSubject;
		}

		public List<SubjectMapping> getSubjectTransforms() {
			return this.subjectTransforms;
		}

		public void setSubjectTransforms(List<SubjectMapping> subjectTransforms) {
			this.subjectTransforms = subjectTransforms;
		}

	}

	/**
	 * Where messages are stored.
	 */
	public enum Storage {

		/** On disk. */
		FILE,

		/** In memory, lost on a server restart. */
		MEMORY

	}

	/**
	 * When messages are removed.
	 */
	public enum Retention {

		/** When a limit (age, size, count) is reached. */
		LIMITS,

		/** When acknowledged by the one consumer of each subject. */
		WORK_QUEUE,

		/** When every consumer interested in it has acknowledged it. */
		INTEREST

	}

	/**
	 * Compression of stored messages.
	 */
	public enum Compression {

		/** No compression. */
		NONE,

		/** S2 compression. */
		S2

	}

	/**
	 * Where in the stream a new consumer starts.
	 */
	public enum DeliverPolicy {

		/** From the first message. */
		ALL,

		/** From the next message published. */
		NEW,

		/** From the last message. */
		LAST,

		/** From the last message of each subject. */
		LAST_PER_SUBJECT,

		/** From start-sequence. */
		BY_START_SEQUENCE,

		/** From start-time. */
		BY_START_TIME

	}

	/**
	 * How the server chooses among the pulls of a consumer's priority group.
	 */
	public enum Priority {

		/** No priority groups: every pull is served in turn. */
		NONE,

		/** A pull with a minimum backlog is served only while the backlog reaches it. */
		OVERFLOW,

		/** One client is served until it stops pulling for the priority timeout. */
		PINNED_CLIENT

	}

	/**
	 * How a consumer paces deliveries.
	 */
	public enum Replay {

		/** As fast as the consumer takes them. */
		INSTANT,

		/** At the pace they were stored. */
		ORIGINAL

	}

	/**
	 * What happens when a limit is reached.
	 */
	public enum Discard {

		/** Remove the oldest messages. */
		OLD,

		/** Refuse new messages. */
		NEW

	}

}
