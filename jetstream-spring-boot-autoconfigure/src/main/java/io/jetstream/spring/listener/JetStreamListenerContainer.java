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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
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
import io.nats.client.impl.NatsMessage;
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
 * One puller thread keeps up to {@code batchSize} messages per worker pulled ahead (jnats
 * fetches, one open at a time); each of the {@code concurrency} workers takes the next of
 * them, invokes the method through Spring Messaging's {@link InvocableHandlerMethod}, and
 * settles the message: ack when the method returns; otherwise what the
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

	private static final Duration GIVE_BACK_MARGIN = Duration.ofMillis(500);

	/**
	 * Put in the queue to wake the workers waiting for a message, when stopping.
	 */
	private static final Message WAKE_UP = NatsMessage.builder().subject("wake-up").build();

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
	 * Messages pulled and not yet taken by a worker; room for {@link #capacity} and a
	 * {@link #WAKE_UP} per worker.
	 */
	private final BlockingQueue<Message> queue;

	private final int capacity;

	private final int lowWater;

	private volatile @Nullable Thread puller;

	private volatile boolean pullerWaiting;

	/**
	 * When the open pull request ends on the server, or when the last one ended.
	 */
	private volatile long openPullEnd = System.nanoTime();

	private volatile JetStreamErrorHandler.@Nullable ConsumerLimits limits;

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
		this.capacity = settings.batchSize() * settings.concurrency();
		this.lowWater = this.capacity / 2;
		this.queue = new ArrayBlockingQueue<>(this.capacity + settings.concurrency());
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
			this.queue.clear();
			this.keepAlive.scheduleWithFixedDelay(this::keepInProgress, IN_PROGRESS_TICK.toMillis(),
					IN_PROGRESS_TICK.toMillis(), TimeUnit.MILLISECONDS);
			for (int i = 0; i < this.settings.concurrency(); i++) {
				InFlight slot = slots[i];
				Thread worker = new Thread(() -> work(slot), this.id + "-" + i);
				this.workers.add(worker);
				worker.start();
			}
			Thread pullThread = new Thread(this::pull, this.id + "-pull");
			this.puller = pullThread;
			this.workers.add(pullThread);
			pullThread.start();
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
			for (int i = 0; i < this.settings.concurrency(); i++) {
				this.queue.offer(WAKE_UP);
			}
			Thread pullThread = this.puller;
			if (pullThread != null) {
				LockSupport.unpark(pullThread);
			}
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
			if (worker.isAlive() && worker == this.puller) {
				logger.warn(() -> "Listener '" + this.id + "' pull still open after the shutdown timeout ("
						+ this.settings.shutdownTimeout() + "); what it brings will be redelivered after ack-wait");
				worker.interrupt();
			}
			else if (worker.isAlive()) {
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
		Thread pullThread = this.puller;
		if (pullThread != null) {
			LockSupport.unpark(pullThread);
		}
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
	public boolean isPaused() {
		return this.paused;
	}

	/**
	 * The container's puller keeps the workers' queue filled: it asks for the next batch
	 * as soon as the queue is half empty, so that the workers do not wait one round trip
	 * to the server per batch, and never holds more than {@code batchSize} messages per
	 * worker, so that the last of them is handled well within ack-wait.
	 * <p>
	 * Pulls are fetches (one pull request each, read until the server ends it) rather
	 * than jnats' self-renewing {@code iterate()}/{@code consume()}: a stopped jnats
	 * consumer unsubscribes as soon as every pulled message has arrived, dropping those
	 * not yet read, which then sit unacknowledged until ack-wait. A fetch is read to its
	 * end, so every message it brings is either handled or handed back. There is one open
	 * pull per container: the server hands messages to waiting pulls in turn, so with a
	 * second pull open on another inbox a message could wait in it until the first one
	 * ended (measured: p99.9 latency of 5 s at 2,000 msg/s).
	 */
	private void pull() {
		int failures = 0;
		ConsumerContext context = null;
		while (this.running) {
			if (this.paused) {
				giveBackQueued();
				awaitResume();
				continue;
			}
			if (!this.connected.getAsBoolean()) {
				awaitConnection();
				continue;
			}
			if (!awaitRoom()) {
				continue;
			}
			FetchConsumer fetch;
			try {
				if (context == null) {
					context = this.jetStream.getConsumerContext(this.stream, this.consumer);
					this.limits = limits(context);
				}
				this.openPullEnd = System.nanoTime() + this.settings.pullExpires().toNanos();
				fetch = context.fetch(FetchConsumeOptions.builder()
					.maxMessages(this.capacity - this.queue.size())
					.expiresIn(this.settings.pullExpires().toMillis())
					.build());
			}
			catch (Exception ex) {
				this.openPullEnd = System.nanoTime();
				if (ex instanceof JetStreamApiException api && api.getApiErrorCode() == CONSUMER_NOT_FOUND) {
					recreateConsumer();
				}
				context = null;
				failures = backOffAfterFailure(failures, "could not pull from its consumer", ex);
				continue;
			}
			try {
				Message message;
				while ((message = fetch.nextMessage()) != null) {
					if (!this.running || this.paused || !this.queue.offer(message)) {
						giveBack(message);
					}
				}
				failures = 0;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
			catch (Exception ex) {
				// the consumer was deleted, or the pull failed: look the consumer up
				// again
				context = null;
				failures = backOffAfterFailure(failures, "lost its pull", ex);
			}
			finally {
				close(fetch);
				this.openPullEnd = System.nanoTime();
			}
		}
		giveBackQueued();
	}

	/**
	 * Wait while the queue is more than half full.
	 * @return whether there is room for a pull now; {@code false} when the container
	 * stopped or paused meanwhile
	 */
	private boolean awaitRoom() {
		while (this.queue.size() > this.lowWater) {
			if (!this.running || this.paused) {
				return false;
			}
			this.pullerWaiting = true;
			if (this.queue.size() > this.lowWater) {
				LockSupport.parkNanos(this, POLL_TIMEOUT.toNanos());
			}
			this.pullerWaiting = false;
		}
		return this.running && !this.paused;
	}

	/**
	 * One worker: take the next message the puller brought, handle it, settle it.
	 */
	private void work(InFlight slot) {
		while (this.running) {
			if (this.paused) {
				awaitResume();
				continue;
			}
			Message message;
			try {
				message = this.queue.poll(POLL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (message == null || message == WAKE_UP) {
				continue;
			}
			Thread puller = this.puller;
			if (this.pullerWaiting && puller != null && this.queue.size() <= this.lowWater) {
				LockSupport.unpark(puller);
			}
			JetStreamErrorHandler.ConsumerLimits limits = this.limits;
			if (!this.running || this.paused || limits == null) {
				giveBack(message);
				continue;
			}
			this.lastActivity = System.nanoTime();
			process(message, limits, slot);
		}
	}

	private void close(FetchConsumer fetch) {
		try {
			fetch.close();
		}
		catch (Exception ex) {
			logger.debug(ex, () -> "Listener '" + this.id + "' could not close its pull");
		}
	}

	private void giveBackQueued() {
		Message message;
		while ((message = this.queue.poll()) != null) {
			if (message != WAKE_UP) {
				giveBack(message);
			}
		}
	}

	/**
	 * Hand a pulled message back after a stop or pause, so that it is redelivered at once
	 * rather than after ack-wait, to this or another instance. A message nak'ed while
	 * this container's pull is still open on the server would be redelivered into it
	 * again and again (each time counting as a delivery); so the nak's delay ends just
	 * after that pull.
	 */
	private void giveBack(Message message) {
		try {
			message.nakWithDelay(
					Duration.ofNanos(Math.max(0, this.openPullEnd - System.nanoTime())).plus(GIVE_BACK_MARGIN));
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
