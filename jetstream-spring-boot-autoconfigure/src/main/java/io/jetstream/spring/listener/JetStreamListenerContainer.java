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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.observation.JetStreamObservation;
import io.jetstream.spring.support.JetStreamHeaders;

/**
 * Runs one listener method on one durable pull consumer with explicit acknowledgement.
 * <p>
 * Each of the {@code concurrency} workers pulls a small batch from the consumer (a jnats
 * fetch), invokes the method through Spring Messaging's {@link InvocableHandlerMethod},
 * and settles the message: ack when the method returns; otherwise what the
 * {@link JetStreamErrorHandler} decides (nak with a delay, or a dead letter that is
 * stored before the original is terminated). While a handler runs longer than half the
 * ack-wait, the container tells the server the message is in progress.
 * <p>
 * Messages pulled but not yet handed to the method when the container stops or pauses are
 * nak'ed at once, so they come back promptly instead of waiting for ack-wait.
 */
public class JetStreamListenerContainer implements MessageListenerContainer {

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

	private static final Duration MAX_PAUSE_BETWEEN_FAILURES = Duration.ofSeconds(5);

	private static final int CONSUMER_NOT_FOUND = 10014;

	private final String id;

	private final String stream;

	private final String consumer;

	private final JetStream jetStream;

	private final InvocableHandlerMethod handlerMethod;

	private final ListenerContainerSettings settings;

	private final Runnable beforeStart;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition resumed = this.lock.newCondition();

	private final List<Thread> workers = new ArrayList<>();

	private static final Duration IN_PROGRESS_TICK = Duration.ofMillis(100);

	private static final JetStreamObservation.DefaultProcessConvention DEFAULT_PROCESS_CONVENTION = new JetStreamObservation.DefaultProcessConvention();

	private @Nullable ScheduledExecutorService keepAlive;

	private volatile InFlight[] inFlight = new InFlight[0];

	private final boolean metadataParameter;

	private final ListenerFailureHandler failures;

	private volatile boolean running;

	private volatile JetStreamMetricsRecorder metrics = JetStreamMetricsRecorder.NONE;

	private volatile JetStreamMetricsRecorder.ConsumerRecorder consumerMetrics;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile long lastActivity = System.nanoTime();

	private BooleanSupplier connected = () -> true;

	private volatile boolean paused;

	/**
	 * Create a container.
	 * @param id the listener id
	 * @param stream the stream
	 * @param consumer the durable consumer, which must exist when {@link #start()} is
	 * called ({@code beforeStart} may create it)
	 * @param jetStream the JetStream context
	 * @param handlerMethod the listener method, with its argument resolvers
	 * @param settings how the container runs
	 * @param errorHandler decides about failed messages
	 * @param deadLetterPublisher publishes dead letters
	 * @param beforeStart runs before workers start, and again when the consumer
	 * disappeared from the server: declares the consumer
	 */
	public JetStreamListenerContainer(String id, String stream, String consumer, JetStream jetStream,
			InvocableHandlerMethod handlerMethod, ListenerContainerSettings settings,
			JetStreamErrorHandler errorHandler, DeadLetterPublisher deadLetterPublisher, Runnable beforeStart) {
		this.id = id;
		this.stream = stream;
		this.consumer = consumer;
		this.consumerMetrics = JetStreamMetricsRecorder.NONE.forConsumer(stream, consumer);
		this.jetStream = jetStream;
		this.handlerMethod = handlerMethod;
		this.settings = settings;
		this.beforeStart = beforeStart;
		this.failures = new ListenerFailureHandler(id, stream, consumer, settings, errorHandler, deadLetterPublisher,
				() -> this.metrics, () -> this.running, this::pauseUnlessStopped);
		this.metadataParameter = java.util.Arrays.stream(handlerMethod.getMethodParameters())
			.anyMatch((parameter) -> parameter.getParameterType() == MessageMetadata.class);
	}

	/**
	 * Observe message processing with this registry ({@code jetstream.process}).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Record outcomes and processing times with this recorder.
	 * @param metrics the recorder
	 */
	public void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
		this.consumerMetrics = metrics.forConsumer(this.stream, this.consumer);
	}

	/**
	 * Pull only while this says the connection is up. A pull request made while
	 * disconnected waits in the client's reconnect buffer and reaches the server after
	 * its fetch has ended; the server would then deliver into an inbox nobody reads, and
	 * those messages would wait for ack-wait.
	 * @param connected whether the connection is up
	 */
	public void setConnected(BooleanSupplier connected) {
		this.connected = connected;
	}

	@Override
	public Duration getTimeSinceLastActivity() {
		return Duration.ofNanos(System.nanoTime() - this.lastActivity);
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String getStream() {
		return this.stream;
	}

	@Override
	public String getConsumer() {
		return this.consumer;
	}

	@Override
	public boolean isAutoStartup() {
		return this.settings.autoStartup();
	}

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.running) {
				return;
			}
			this.beforeStart.run();
			this.running = true;
			this.paused = false;
			this.lastActivity = System.nanoTime();
			this.keepAlive = Executors.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, this.id + "-in-progress");
				thread.setDaemon(true);
				return thread;
			});
			InFlight[] slots = new InFlight[this.settings.concurrency()];
			for (int i = 0; i < slots.length; i++) {
				slots[i] = new InFlight();
			}
			this.inFlight = slots;
			this.keepAlive.scheduleWithFixedDelay(this::keepInProgress, IN_PROGRESS_TICK.toMillis(),
					IN_PROGRESS_TICK.toMillis(), TimeUnit.MILLISECONDS);
			for (int i = 0; i < this.settings.concurrency(); i++) {
				InFlight slot = slots[i];
				Thread worker = new Thread(() -> work(slot), this.id + "-" + i);
				this.workers.add(worker);
				worker.start();
			}
			logger.info(() -> "Started listener '" + this.id + "' on consumer " + this.consumer + " of stream "
					+ this.stream + " with " + this.settings.concurrency() + " worker(s)");
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void stop() {
		List<Thread> stopping;
		this.lock.lock();
		try {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.resumed.signalAll();
			stopping = new ArrayList<>(this.workers);
			this.workers.clear();
		}
		finally {
			this.lock.unlock();
		}
		long deadline = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		for (Thread worker : stopping) {
			try {
				worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (worker.isAlive()) {
				logger.warn(() -> "Listener '" + this.id + "' handler still running after the shutdown timeout ("
						+ this.settings.shutdownTimeout() + "); its message will be redelivered after ack-wait");
				worker.interrupt();
			}
		}
		ScheduledExecutorService executor = this.keepAlive;
		if (executor != null) {
			executor.shutdownNow();
		}
		logger.info(() -> "Stopped listener '" + this.id + "'");
	}

	@Override
	public void pause() {
		this.paused = true;
	}

	@Override
	public void resume() {
		this.lock.lock();
		try {
			this.paused = false;
			this.resumed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getInFlightCount() {
		int busy = 0;
		for (InFlight slot : this.inFlight) {
			if (slot.isBusy()) {
				busy++;
			}
		}
		return busy;
	}

	@Override
	public List<String> getBlockedWorkers() {
		return this.failures.blocked();
	}

	@Override
	public boolean isPaused() {
		return this.paused;
	}

	/**
	 * One worker: pull a batch, handle it, pull the next. Pulls are fetches (one pull
	 * request each, read until the server ends it) rather than jnats' self-renewing
	 * {@code iterate()}: a stopped iterator unsubscribes as soon as every pulled message
	 * has arrived, dropping those not yet read, which then sit unacknowledged until
	 * ack-wait. A fetch is read to its end, so every message it brings is either handled
	 * or handed back. There is one pull at a time: the server hands messages to waiting
	 * pulls in turn, so with a second pull open a message could wait in it until the
	 * first one ended (measured: p99.9 latency of 5 s at 2,000 msg/s). Nor does a second
	 * thread read the fetch ahead of the worker: jnats marks a fetch complete when its
	 * last message arrives but before that message is queued, so a reader asking at that
	 * instant ends the fetch and the last message waits for ack-wait (measured: one 30 s
	 * stall in 8 × 20,000 messages); a worker that handles each message between reads is
	 * almost never there at that instant.
	 */
	private void work(InFlight slot) {
		int failures = 0;
		ConsumerContext context = null;
		JetStreamErrorHandler.ConsumerLimits limits = null;
		FetchConsumeOptions options = FetchConsumeOptions.builder()
			.maxMessages(this.settings.batchSize())
			.expiresIn(this.settings.pullExpires().toMillis())
			.build();
		Pull current = null;
		while (true) {
			if (current == null) {
				if (!this.running) {
					return;
				}
				if (this.paused) {
					awaitResume();
					continue;
				}
				if (!this.connected.getAsBoolean()) {
					awaitConnection();
					continue;
				}
				try {
					if (context == null) {
						context = this.jetStream.getConsumerContext(this.stream, this.consumer);
						limits = limits(context);
					}
					current = pull(context, options);
				}
				catch (Exception ex) {
					if (ex instanceof JetStreamApiException api && api.getApiErrorCode() == CONSUMER_NOT_FOUND) {
						recreateConsumer();
					}
					context = null;
					failures = backOffAfterFailure(failures, "could not pull from its consumer", ex);
					continue;
				}
			}
			try {
				Message message;
				while ((message = current.fetch().nextMessage()) != null) {
					this.lastActivity = System.nanoTime();
					if (this.running && !this.paused) {
						process(message, limits, slot);
					}
					else {
						giveBack(message, current.end());
					}
				}
				failures = 0;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				// the consumer was deleted, or the pull failed: look the consumer up
				// again
				context = null;
				failures = backOffAfterFailure(failures, "lost its pull", ex);
			}
			finally {
				close(current);
				current = null;
			}
		}
	}

	private Pull pull(ConsumerContext context, FetchConsumeOptions options) throws Exception {
		long end = System.nanoTime() + this.settings.pullExpires().toNanos();
		return new Pull(context.fetch(options), end);
	}

	private void close(@Nullable Pull pull) {
		if (pull == null) {
			return;
		}
		try {
			pull.fetch().close();
		}
		catch (Exception ex) {
			logger.debug(ex, () -> "Listener '" + this.id + "' could not close its pull");
		}
	}

	/**
	 * A pull request and when the server ends it.
	 */
	private record Pull(FetchConsumer fetch, long end) {
	}

	/**
	 * Hand a pulled message back after a stop or pause, so that it is redelivered at once
	 * rather than after ack-wait, to this or another instance. The pull it came with
	 * stays open on the server until it expires, and a message nak'ed now would be
	 * redelivered into it again and again; so the nak's delay ends just after that pull.
	 */
	private void giveBack(Message message, long pullEnd) {
		try {
			message.nakWithDelay(Duration.ofNanos(Math.max(0, pullEnd - System.nanoTime())).plusMillis(500));
		}
		catch (RuntimeException ex) {
			logger.debug(ex, () -> "Listener '" + this.id + "' could not give back a pulled message");
		}
	}

	private void recreateConsumer() {
		logger.warn(() -> "Consumer " + this.consumer + " of stream " + this.stream + " disappeared from the server; "
				+ "listener '" + this.id + "' re-creates it from its declaration");
		try {
			this.beforeStart.run();
		}
		catch (RuntimeException ex) {
			logger.error(ex, () -> "Listener '" + this.id + "' could not re-create consumer " + this.consumer);
		}
	}

	private JetStreamErrorHandler.ConsumerLimits limits(ConsumerContext context) throws Exception {
		ConsumerInfo info = context.getCachedConsumerInfo();
		if (info == null) {
			info = context.getConsumerInfo();
		}
		ConsumerConfiguration config = info.getConsumerConfiguration();
		Duration ackWait = (config.getAckWait() != null) ? config.getAckWait() : Duration.ofSeconds(30);
		return new JetStreamErrorHandler.ConsumerLimits(config.getMaxDeliver(), config.getBackoff(), ackWait);
	}

	private void process(Message message, JetStreamErrorHandler.ConsumerLimits limits, InFlight slot) {
		// parsing the metadata costs: only when the method asks for it, or on failure
		MessageMetadata requested = this.metadataParameter ? MessageMetadata.of(message) : null;
		DefaultAcknowledgment acknowledgment = new DefaultAcknowledgment(message, this.settings.ackSync(),
				Duration.ofSeconds(5));
		slot.begin(acknowledgment, limits.ackWait());
		Throwable failure = null;
		long start = System.nanoTime();
		try {
			failure = invoke(message, requested, acknowledgment);
		}
		finally {
			slot.end();
			this.consumerMetrics.processed(System.nanoTime() - start);
		}
		if (failure == null) {
			if (this.settings.ackMode() == AckMode.AUTO) {
				acknowledgment.ack();
			}
			recordOutcome(acknowledgment);
			return;
		}
		MessageMetadata metadata = (requested != null) ? requested : MessageMetadata.of(message);
		if (acknowledgment.isSettled()) {
			Throwable settledFailure = failure;
			logger.warn(settledFailure,
					() -> "Listener '" + this.id + "' threw after settling " + this.failures.describe(metadata));
			return;
		}
		this.failures.handleFailure(message, metadata, acknowledgment, failure, limits);
		recordOutcome(acknowledgment);
	}

	private void recordOutcome(DefaultAcknowledgment acknowledgment) {
		String outcome = acknowledgment.outcome();
		if (!outcome.isEmpty()) {
			this.consumerMetrics
				.consumed(outcome.equals("term") && acknowledgment.isDeadLettered() ? "dead_letter" : outcome);
		}
	}

	/**
	 * Invoke the listener method, inside a {@code jetstream.process} observation when an
	 * observation registry is set, so that a tracer continues the publisher's trace.
	 * @return the failure, or {@code null} if the method returned
	 */
	private @Nullable Throwable invoke(Message message, @Nullable MessageMetadata metadata,
			Acknowledgment acknowledgment) {
		if (this.observationRegistry.isNoop()) {
			try {
				this.handlerMethod.invoke(toMessage(message, metadata, acknowledgment));
				return null;
			}
			catch (Throwable ex) {
				return ex;
			}
		}
		Observation observation = JetStreamObservation.PROCESS
			.observation(null, DEFAULT_PROCESS_CONVENTION,
					() -> new JetStreamObservation.ProcessContext(message, this.stream, this.consumer),
					this.observationRegistry)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			this.handlerMethod.invoke(toMessage(message, metadata, acknowledgment));
			return null;
		}
		catch (Throwable ex) {
			observation.error(ex);
			return ex;
		}
		finally {
			observation.stop();
		}
	}

	/**
	 * One ticker per container, rather than a scheduled task per message: tells the
	 * server that a message is in progress once its handler has run for half the
	 * ack-wait, and again every half ack-wait.
	 */
	private void keepInProgress() {
		long now = System.nanoTime();
		for (InFlight slot : this.inFlight) {
			slot.keepAlive(now);
		}
	}

	private org.springframework.messaging.Message<byte[]> toMessage(Message message, @Nullable MessageMetadata metadata,
			Acknowledgment acknowledgment) {
		Map<String, Object> headers = JetStreamHeaders.fromNats(message);
		headers.put(JetStreamHeaders.RAW_MESSAGE, message);
		if (metadata != null) {
			headers.put(JetStreamHeaders.METADATA, metadata);
		}
		if (this.settings.ackMode() == AckMode.MANUAL) {
			headers.put(JetStreamHeaders.ACKNOWLEDGMENT, acknowledgment);
		}
		byte[] data = (message.getData() != null) ? message.getData() : new byte[0];
		return MessageBuilder.createMessage(data, new ListenerMessageHeaders(headers));
	}

	/**
	 * Headers without the random id and timestamp that {@link MessageHeaders} would
	 * generate for every message; a listener has the stream sequence instead.
	 */
	private static final class ListenerMessageHeaders extends MessageHeaders {

		ListenerMessageHeaders(Map<String, Object> headers) {
			super(headers, ID_VALUE_NONE, -1L);
		}

	}

	/**
	 * The message a worker is handling, for the in-progress ticker.
	 */
	private static final class InFlight {

		boolean isBusy() {
			return this.acknowledgment != null;
		}

		private volatile @Nullable Acknowledgment acknowledgment;

		private volatile long lastProgress;

		private volatile long interval;

		void begin(Acknowledgment acknowledgment, Duration ackWait) {
			this.interval = ackWait.toNanos() / 2;
			this.lastProgress = System.nanoTime();
			this.acknowledgment = acknowledgment;
		}

		void end() {
			this.acknowledgment = null;
		}

		void keepAlive(long now) {
			Acknowledgment current = this.acknowledgment;
			if (current != null && this.interval > 0 && now - this.lastProgress >= this.interval) {
				this.lastProgress = now;
				current.inProgress();
			}
		}

	}

	private boolean pauseUnlessStopped(long millis) {
		this.lock.lock();
		try {
			if (this.running) {
				this.resumed.await(millis, TimeUnit.MILLISECONDS);
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void awaitConnection() {
		this.lock.lock();
		try {
			if (this.running) {
				this.resumed.await(100, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void awaitResume() {
		this.lock.lock();
		try {
			while (this.paused && this.running) {
				this.resumed.await(POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * A worker never dies of a failure of its own: it logs, waits a little longer each
	 * time, and tries again.
	 */
	private int backOffAfterFailure(int failures, String what, Exception ex) {
		int attempt = failures + 1;
		long delay = Math.min(MAX_PAUSE_BETWEEN_FAILURES.toMillis(), 100L << Math.min(attempt, 6));
		if (attempt == 1) {
			logger.warn(() -> "Listener '" + this.id + "' " + what + " (" + ex.getMessage() + "); retrying");
		}
		else {
			logger.debug(ex, () -> "Listener '" + this.id + "' " + what + ", attempt " + attempt);
		}
		this.lock.lock();
		try {
			if (this.running) {
				this.resumed.await(delay, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
		return attempt;
	}

}
