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

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

import io.jetstream.spring.observation.JetStreamListenerObservation;
import io.jetstream.spring.observation.JetStreamListenerObservationConvention;
import io.jetstream.spring.support.RedriveSignature;

/**
 * How one {@code JetStreamListenerContainer} runs: what it consumes, what it hands
 * messages to, how many workers pull how much, who acknowledges, what happens to
 * failures, and the executor the workers run on. Mutable until the container starts, as
 * Spring for Apache Kafka's {@code ContainerProperties}; a
 * {@code JetStreamContainerFactoryCustomizer} or the container factory fills it from
 * {@code nats.jetstream.listener.*} and the annotation.
 *
 * @since 0.1.0
 */
public class JetStreamContainerProperties {

	/**
	 * Messages pulled ahead per worker, at most, unless set: as jnats' {@code consume()}.
	 */
	public static final int DEFAULT_BATCH_SIZE = 500;

	/** Bytes pulled ahead per container, at most, unless set: 64 MiB. */
	public static final DataSize DEFAULT_MAX_BYTES_AHEAD = DataSize.ofMegabytes(64);

	/** How long one pull request waits on the server, unless set. */
	public static final Duration DEFAULT_PULL_EXPIRES = Duration.ofSeconds(5);

	/** How long a batch listener's worker collects a batch after its first message. */
	public static final Duration DEFAULT_BATCH_WAIT = Duration.ofMillis(100);

	/** Asynchronous results one worker waits for, at most, by default. */
	public static final int DEFAULT_MAX_PENDING_RESULTS = 16;

	private final @Nullable String stream;

	private final @Nullable String consumer;

	private @Nullable JetStreamMessageListener messageListener;

	private AckMode ackMode = AckMode.AUTO;

	private boolean ackSync;

	private int concurrency = 1;

	private int batchSize = DEFAULT_BATCH_SIZE;

	private DataSize maxBytesAhead = DEFAULT_MAX_BYTES_AHEAD;

	private Duration pullExpires = DEFAULT_PULL_EXPIRES;

	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private boolean autoStartup = true;

	private JetStreamErrorHandler errorHandler = new DefaultJetStreamErrorHandler();

	private @Nullable DeadLetterPublishingRecoverer recoverer;

	private @Nullable AsyncTaskExecutor taskExecutor;

	private RedriveSignature redriveSignature = RedriveSignature.NONE;

	private @Nullable String priorityGroup;

	private long minPending;

	private long minAckPending;

	private int maxPendingResults = DEFAULT_MAX_PENDING_RESULTS;

	private @Nullable JetStreamListenerInterceptor interceptor;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private @Nullable JetStreamListenerObservationConvention observationConvention;

	private @Nullable JetStreamBatchMessageListener batchMessageListener;

	private Duration batchWait = DEFAULT_BATCH_WAIT;

	/**
	 * Create properties for a durable consumer of a stream.
	 * @param stream the stream
	 * @param consumer the durable consumer
	 */
	public JetStreamContainerProperties(String stream, String consumer) {
		Assert.hasText(stream, "stream must not be empty");
		Assert.hasText(consumer, "consumer must not be empty");
		this.stream = stream;
		this.consumer = consumer;
	}

	/**
	 * Create a template: the settings a container factory copies into the properties of
	 * each container it creates (as {@code AbstractKafkaListenerContainerFactory}'s
	 * container properties). A template names no stream and no consumer.
	 * @since 0.1.0
	 */
	public JetStreamContainerProperties() {
		this.stream = null;
		this.consumer = null;
	}

	/**
	 * Create properties for a durable consumer of a stream with the settings of a
	 * template.
	 * @param stream the stream
	 * @param consumer the durable consumer
	 * @param template the settings to start from (its listeners included)
	 * @since 0.1.0
	 */
	public JetStreamContainerProperties(String stream, String consumer, JetStreamContainerProperties template) {
		this(stream, consumer);
		this.messageListener = template.messageListener;
		this.batchMessageListener = template.batchMessageListener;
		this.ackMode = template.ackMode;
		this.ackSync = template.ackSync;
		this.concurrency = template.concurrency;
		this.batchSize = template.batchSize;
		this.maxBytesAhead = template.maxBytesAhead;
		this.pullExpires = template.pullExpires;
		this.shutdownTimeout = template.shutdownTimeout;
		this.autoStartup = template.autoStartup;
		this.errorHandler = template.errorHandler;
		this.recoverer = template.recoverer;
		this.taskExecutor = template.taskExecutor;
		this.redriveSignature = template.redriveSignature;
		this.priorityGroup = template.priorityGroup;
		this.minPending = template.minPending;
		this.minAckPending = template.minAckPending;
		this.maxPendingResults = template.maxPendingResults;
		this.interceptor = template.interceptor;
		this.observationRegistry = template.observationRegistry;
		this.observationConvention = template.observationConvention;
		this.batchWait = template.batchWait;
	}

	/**
	 * Return the stream consumed.
	 * @return the stream
	 * @throws IllegalStateException if these are a template's properties
	 */
	public String getStream() {
		Assert.state(this.stream != null, "A template's properties name no stream");
		return this.stream;
	}

	/**
	 * Return the durable consumer consumed.
	 * @return the consumer
	 * @throws IllegalStateException if these are a template's properties
	 */
	public String getConsumer() {
		Assert.state(this.consumer != null, "A template's properties name no consumer");
		return this.consumer;
	}

	/**
	 * Return what messages are handed to.
	 * @return the listener, or {@code null} if not set yet
	 */
	public @Nullable JetStreamMessageListener getMessageListener() {
		return this.messageListener;
	}

	/**
	 * Set what messages are handed to (required).
	 * @param messageListener the listener
	 */
	public void setMessageListener(JetStreamMessageListener messageListener) {
		this.messageListener = messageListener;
	}

	/**
	 * Return who acknowledges.
	 * @return the ack mode
	 */
	public AckMode getAckMode() {
		return this.ackMode;
	}

	/**
	 * Set who acknowledges (default {@link AckMode#AUTO}).
	 * @param ackMode the ack mode
	 */
	public void setAckMode(AckMode ackMode) {
		this.ackMode = ackMode;
	}

	/**
	 * Whether each ack waits for the server's confirmation.
	 * @return {@code true} to wait
	 */
	public boolean isAckSync() {
		return this.ackSync;
	}

	/**
	 * Set whether each ack waits for the server's confirmation (default {@code false}: a
	 * round trip per message).
	 * @param ackSync whether to wait
	 */
	public void setAckSync(boolean ackSync) {
		this.ackSync = ackSync;
	}

	/**
	 * Return the number of workers sharing the durable consumer.
	 * @return the concurrency
	 */
	public int getConcurrency() {
		return this.concurrency;
	}

	/**
	 * Set the number of workers sharing the durable consumer (default 1).
	 * @param concurrency at least 1
	 */
	public void setConcurrency(int concurrency) {
		Assert.isTrue(concurrency > 0, "concurrency must be at least 1");
		this.concurrency = concurrency;
	}

	/**
	 * Return how many messages are pulled ahead per worker, at most.
	 * @return the batch size
	 */
	public int getBatchSize() {
		return this.batchSize;
	}

	/**
	 * Set how many messages are pulled ahead per worker, at most (default 500). Fewer are
	 * pulled when the measured handling time says the workers would not reach them within
	 * half the ack-wait, or when they would exceed {@link #setMaxBytesAhead(long) the
	 * bytes ahead}.
	 * @param batchSize at least 1
	 */
	public void setBatchSize(int batchSize) {
		Assert.isTrue(batchSize > 0, "batchSize must be at least 1");
		this.batchSize = batchSize;
	}

	/**
	 * Return how many bytes of messages are pulled ahead, at most.
	 * @return the bytes
	 */
	public DataSize getMaxBytesAhead() {
		return this.maxBytesAhead;
	}

	/**
	 * Set how many bytes of messages the container holds and has asked for, at most
	 * (default 64 MiB): each pull carries what is left as its max bytes, counting the
	 * messages asked for at the largest recent size, so that with 1 MiB messages the
	 * default pulls 64 ahead, not {@code batchSize}. When the budget is used up, or the
	 * next message is larger than what is left, a worker with nothing to do pulls one
	 * message without a byte limit (nothing else is asked for until it came), so that a
	 * message that takes long to settle never keeps the other workers idle.
	 * @param maxBytesAhead at least one byte
	 */
	public void setMaxBytesAhead(DataSize maxBytesAhead) {
		Assert.isTrue(maxBytesAhead.toBytes() > 0, "maxBytesAhead must be at least 1 byte");
		this.maxBytesAhead = maxBytesAhead;
	}

	/**
	 * Return how long one pull request waits on the server.
	 * @return the pull expiry
	 */
	public Duration getPullExpires() {
		return this.pullExpires;
	}

	/**
	 * Set how long one pull request waits on the server (default 5s). Its idle heartbeat
	 * is half of it; pulls that bring neither a message nor a heartbeat for this long
	 * plus a second are presumed lost and made again.
	 * @param pullExpires the pull expiry
	 */
	public void setPullExpires(Duration pullExpires) {
		this.pullExpires = pullExpires;
	}

	/**
	 * Return how long stopping waits for handlers in flight.
	 * @return the shutdown timeout
	 */
	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	/**
	 * Set how long stopping waits for handlers in flight (default 30s).
	 * @param shutdownTimeout the shutdown timeout
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Whether the container starts with the application.
	 * @return {@code true} to start automatically
	 */
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Set whether the container starts with the application (default {@code true}).
	 * @param autoStartup whether to start automatically
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Return what decides about failed messages.
	 * @return the error handler
	 */
	public JetStreamErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	/**
	 * Set what decides about failed messages (default
	 * {@link DefaultJetStreamErrorHandler}).
	 * @param errorHandler the error handler
	 */
	public void setErrorHandler(JetStreamErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	/**
	 * Return what publishes dead letters.
	 * @return the recoverer, or {@code null} if dead letters are off
	 */
	public @Nullable DeadLetterPublishingRecoverer getRecoverer() {
		return this.recoverer;
	}

	/**
	 * Set what publishes dead letters; {@code null} (the default) turns them off, and a
	 * message the error handler gives up on is terminated with a log line.
	 * @param recoverer the recoverer
	 */
	public void setRecoverer(@Nullable DeadLetterPublishingRecoverer recoverer) {
		this.recoverer = recoverer;
	}

	/**
	 * Return the executor the workers run on.
	 * @return the executor, or {@code null} for a thread per worker named after the
	 * listener
	 */
	public @Nullable AsyncTaskExecutor getTaskExecutor() {
		return this.taskExecutor;
	}

	/**
	 * Set the executor the workers run on (one long-running task per worker, for as long
	 * as the container runs); for example a virtual-thread executor. A pooled executor
	 * needs a thread for every worker of every container it serves: a worker queued
	 * behind others never runs.
	 * @param taskExecutor the executor
	 */
	public void setTaskExecutor(@Nullable AsyncTaskExecutor taskExecutor) {
		this.taskExecutor = taskExecutor;
	}

	/**
	 * Return what verifies that a redriven message was redriven by this application.
	 * @return the signature, {@link RedriveSignature#NONE} without a redrive key
	 */
	public RedriveSignature getRedriveSignature() {
		return this.redriveSignature;
	}

	/**
	 * Set what verifies that a redriven message was redriven by this application: a
	 * message redriven for another consumer of the stream is skipped only when its
	 * signature verifies.
	 * @param redriveSignature the signature made with the application's redrive key
	 */
	public void setRedriveSignature(RedriveSignature redriveSignature) {
		this.redriveSignature = redriveSignature;
	}

	/**
	 * Return the batch listener, if this container hands batches to one.
	 * @return the batch listener, or {@code null} for a listener of single messages
	 */
	public @Nullable JetStreamBatchMessageListener getBatchMessageListener() {
		return this.batchMessageListener;
	}

	/**
	 * Hand batches to this listener instead of single messages to the message listener:
	 * what one worker takes in a row, up to {@link #setBatchSize(int) batchSize} messages
	 * and for at most {@link #setBatchWait(Duration) batchWait} after the first.
	 * @param batchMessageListener the batch listener
	 */
	public void setBatchMessageListener(@Nullable JetStreamBatchMessageListener batchMessageListener) {
		this.batchMessageListener = batchMessageListener;
	}

	/**
	 * Return how long a batch is collected after its first message, at most.
	 * @return the wait
	 */
	public Duration getBatchWait() {
		return this.batchWait;
	}

	/**
	 * Set how long a batch listener's worker collects a batch after its first message, at
	 * most (default 100ms); a batch ends earlier when it has {@code batchSize} messages.
	 * @param batchWait the wait
	 */
	public void setBatchWait(Duration batchWait) {
		this.batchWait = batchWait;
	}

	/**
	 * Return what sees each message before the listener and its outcome after.
	 * @return the interceptor, or {@code null} for none
	 */
	public @Nullable JetStreamListenerInterceptor getInterceptor() {
		return this.interceptor;
	}

	/**
	 * Set what sees each message before the listener and its outcome after
	 * ({@link JetStreamListenerInterceptor#composite} chains several).
	 * @param interceptor the interceptor, or {@code null} for none
	 */
	public void setInterceptor(@Nullable JetStreamListenerInterceptor interceptor) {
		this.interceptor = interceptor;
	}

	/**
	 * Return the registry the container observes each message (or batch) with.
	 * @return the registry, {@link ObservationRegistry#NOOP} for none
	 */
	public ObservationRegistry getObservationRegistry() {
		return this.observationRegistry;
	}

	/**
	 * Observe each message the listener handles ({@code jetstream.process}), or each
	 * batch of a batch listener ({@code jetstream.process.batch}), with this registry:
	 * see {@link JetStreamListenerObservation}.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "observationRegistry must not be null");
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Return the convention that names and tags the observation of each message.
	 * @return the convention, or {@code null} for the default
	 */
	public @Nullable JetStreamListenerObservationConvention getObservationConvention() {
		return this.observationConvention;
	}

	/**
	 * Name and tag the observation of each message with this convention instead of the
	 * {@link io.jetstream.spring.observation.DefaultJetStreamListenerObservationConvention
	 * default}.
	 * @param observationConvention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable JetStreamListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Return how many asynchronous results one worker waits for, at most.
	 * @return the bound
	 */
	public int getMaxPendingResults() {
		return this.maxPendingResults;
	}

	/**
	 * Set how many asynchronous results (a listener returning a {@code CompletableFuture}
	 * or a {@code Mono}) one worker waits for, at most (default 16); at the bound it
	 * takes no message until one completes.
	 * @param maxPendingResults at least 1
	 */
	public void setMaxPendingResults(int maxPendingResults) {
		Assert.isTrue(maxPendingResults > 0, "maxPendingResults must be at least 1");
		this.maxPendingResults = maxPendingResults;
	}

	/**
	 * Return the priority group this listener pulls in.
	 * @return the group, or {@code null} for the consumer's first (if it has any)
	 */
	public @Nullable String getPriorityGroup() {
		return this.priorityGroup;
	}

	/**
	 * Set the priority group this listener pulls in, one of the consumer's
	 * {@code priority-groups} (nats-server 2.11+). Left unset, a listener of a consumer
	 * with priority groups pulls in the first.
	 * @param priorityGroup the group
	 */
	public void setPriorityGroup(@Nullable String priorityGroup) {
		this.priorityGroup = priorityGroup;
	}

	/**
	 * Return the backlog this listener's pulls wait for.
	 * @return the number of messages, {@code 0} for none
	 */
	public long getMinPending() {
		return this.minPending;
	}

	/**
	 * Make this listener an overflow listener of a consumer with priority policy
	 * {@code overflow}: the server serves its pulls only while at least this many
	 * messages wait undelivered (or {@link #setMinAckPending(long) min-ack-pending} is
	 * reached).
	 * @param minPending the number of messages, {@code 0} for none
	 */
	public void setMinPending(long minPending) {
		Assert.isTrue(minPending >= 0, "minPending must not be negative");
		this.minPending = minPending;
	}

	/**
	 * Return the number of unacknowledged messages this listener's pulls wait for.
	 * @return the number of messages, {@code 0} for none
	 */
	public long getMinAckPending() {
		return this.minAckPending;
	}

	/**
	 * Make this listener an overflow listener of a consumer with priority policy
	 * {@code overflow}: the server serves its pulls only while at least this many
	 * messages are delivered and not yet acknowledged (or {@link #setMinPending(long)
	 * min-pending} is reached).
	 * @param minAckPending the number of messages, {@code 0} for none
	 */
	public void setMinAckPending(long minAckPending) {
		Assert.isTrue(minAckPending >= 0, "minAckPending must not be negative");
		this.minAckPending = minAckPending;
	}

}
