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

package io.jetstream.spring.listener.container;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.support.NatsJetStreamConstants;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.util.Assert;

import io.jetstream.spring.observation.JetStreamMetricsRecorder;

import io.jetstream.spring.listener.DeadLetterPublishingRecoverer;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.listener.JetStreamBatchMessageListener;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamMessageListener;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.listener.PauseScope;

/**
 * Runs one {@link JetStreamMessageListener} on one durable pull consumer with explicit
 * acknowledgement, as {@link JetStreamContainerProperties} say.
 * <p>
 * A {@code MessagePuller} pulls the consumer's messages ahead on one inbox of the
 * container's own (see its javadoc for the protocol and the bounds); each of the
 * {@code concurrency} workers — long-running tasks on the properties' task executor
 * (virtual threads, for example), else a thread each named after the listener — takes the
 * next message and hands it to the listener; a {@code ListenerMessageProcessor} settles
 * it: ack when the listener returns, otherwise what the {@link JetStreamErrorHandler}
 * decides (nak with a delay, or a dead letter through the
 * {@link DeadLetterPublishingRecoverer}, stored before the original is terminated). One
 * more thread per container, the ticker, tells the server that messages being handled or
 * held longer than half the ack-wait are in progress.
 * <p>
 * On stop and pause the container stops pulling and hands back at once every message it
 * holds (a nak without delay, after the server has dropped its pulls), except those of
 * their last allowed delivery, which a nak would end: those are handled before the
 * container stops, or kept in progress until it resumes.
 */
public class JetStreamListenerContainer implements MessageListenerContainer {

	private static final String SERVER_PAUSE_VERSION = "2.11.0";

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final long POLL_TIMEOUT_MILLIS = 500;

	private static final Duration MAX_PAUSE_BETWEEN_FAILURES = Duration.ofSeconds(5);

	private static final int CONSUMER_NOT_FOUND = 10014;

	private static final Duration MAX_SETTLEMENT_FLUSH = Duration.ofSeconds(5);

	private final String id;

	private final Connection connection;

	private final JetStream jetStream;

	private final JetStreamContainerProperties properties;

	private final ContainerState state = new ContainerState();

	private final ListenerMessageProcessor processor;

	private final Set<Thread> workerThreads = ConcurrentHashMap.newKeySet();

	private volatile @Nullable CountDownLatch workersDone;

	private volatile @Nullable InProgressTicker ticker;

	private volatile @Nullable MessagePuller puller;

	private final Object consumerLock = new Object();

	private volatile JetStreamErrorHandler.@Nullable ConsumerLimits limits;

	private volatile long lastActivity = System.nanoTime();

	private Runnable consumerDeclarer = () -> {
	};

	private BooleanSupplier connected;

	private LongSupplier readerFailures = () -> 0;

	private final AtomicLong pauseGeneration = new AtomicLong();

	private volatile @Nullable PauseScope pauseScope;

	/**
	 * Create a container.
	 * @param id the listener id
	 * @param connection the connection its pulls are made on
	 * @param jetStream the JetStream context of that connection
	 * @param properties what it consumes, what it hands messages to, and how; the durable
	 * consumer must exist when {@link #start()} is called (the
	 * {@link #setConsumerDeclarer(Runnable) consumer declarer} may create it)
	 */
	public JetStreamListenerContainer(String id, Connection connection, JetStream jetStream,
			JetStreamContainerProperties properties) {
		JetStreamMessageListener listener = properties.getMessageListener();
		Assert.isTrue(listener != null || properties.getBatchMessageListener() != null,
				"A message listener or a batch message listener is required");
		if (listener == null) {
			listener = (message, acknowledgment) -> {
				throw new IllegalStateException("A batch listener handles this container's messages");
			};
		}
		this.id = id;
		this.connection = connection;
		this.connected = () -> connection.getStatus() == Connection.Status.CONNECTED;
		this.jetStream = jetStream;
		this.properties = properties;
		this.processor = new ListenerMessageProcessor(id, properties, listener, this.state);
	}

	/**
	 * Record outcomes and processing times with this recorder.
	 * @param metrics the recorder
	 */
	public void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.processor.setMetricsRecorder(metrics);
	}

	/**
	 * Pull only while this says the connection is up (default: the connection's status is
	 * {@code CONNECTED}). A pull request made while disconnected would wait in the
	 * client's reconnect buffer and count as open meanwhile.
	 * @param connected whether the connection is up
	 */
	public void setConnected(BooleanSupplier connected) {
		this.connected = connected;
	}

	/**
	 * Count the times the connection's reader stopped on a message the client cannot
	 * parse (the liveness check's forced reconnects). After each, for one ack-wait, the
	 * container pulls one message at a time: the server redelivers that message, which
	 * stops the reader again, and the messages pulled with it would lose a delivery each
	 * time (and, at their last, end as dead letters).
	 * @param readerFailures a running count
	 */
	public void setReaderFailures(LongSupplier readerFailures) {
		this.readerFailures = readerFailures;
	}

	/**
	 * Declare the consumer before the workers start, and again when it disappeared from
	 * the server.
	 * @param consumerDeclarer creates the consumer (and what it needs) if missing
	 */
	public void setConsumerDeclarer(Runnable consumerDeclarer) {
		this.consumerDeclarer = consumerDeclarer;
	}

	/**
	 * Return the properties the container runs with.
	 * @return the properties
	 */
	public JetStreamContainerProperties getContainerProperties() {
		return this.properties;
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
		return this.properties.getStream();
	}

	@Override
	public String getConsumer() {
		return this.properties.getConsumer();
	}

	@Override
	public boolean isAutoStartup() {
		return this.properties.isAutoStartup();
	}

	@Override
	public synchronized void start() {
		if (this.state.isRunning()) {
			return;
		}
		this.consumerDeclarer.run();
		this.state.start();
		this.lastActivity = System.nanoTime();
		int workers = this.properties.getConcurrency();
		MessagePuller pulls = new MessagePuller(this.id, this.connection, NatsJetStreamConstants.DEFAULT_API_PREFIX,
				getStream(), getConsumer(), workers, this.properties.getBatchSize(), this.properties.getMaxBytesAhead(),
				this.properties.getPullExpires(), this.state, this.connected);
		pulls.setReaderFailures(this.readerFailures);
		pulls.setPriority(this.properties.getPriorityGroup(), this.properties.getMinPending(),
				this.properties.getMinAckPending());
		this.puller = pulls;
		this.limits = null;
		InProgressTicker inProgress = new InProgressTicker(this.id + "-in-progress", workers,
				this.properties.getMaxPendingResults(), pulls::keep);
		this.ticker = inProgress;
		CountDownLatch done = new CountDownLatch(workers);
		this.workersDone = done;
		AsyncTaskExecutor executor = this.properties.getTaskExecutor();
		if (executor == null) {
			executor = new SimpleAsyncTaskExecutor(this.id + "-");
		}
		for (int i = 0; i < workers; i++) {
			InProgressTicker.Slot slot = inProgress.slot(i);
			executor.execute(() -> {
				this.workerThreads.add(Thread.currentThread());
				try {
					work(slot, pulls);
				}
				finally {
					this.workerThreads.remove(Thread.currentThread());
					done.countDown();
				}
			});
		}
		logger.info(() -> "Started listener '" + this.id + "' on consumer " + getConsumer() + " of stream "
				+ getStream() + " with " + workers + " worker(s)");
	}

	@Override
	public void stop() {
		CountDownLatch done;
		MessagePuller pulls;
		synchronized (this) {
			if (!this.state.stop()) {
				return;
			}
			done = this.workersDone;
			pulls = this.puller;
		}
		Duration timeout = this.properties.getShutdownTimeout();
		List<Message> lastDeliveries = new ArrayList<>();
		if (pulls != null) {
			lastDeliveries.addAll(handBack(suspend(pulls)));
		}
		try {
			if (done != null && !done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn(() -> "Listener '" + this.id + "' handler still running after the shutdown timeout ("
						+ timeout + "); its message will be redelivered after ack-wait");
				this.workerThreads.forEach(Thread::interrupt);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (pulls != null) {
			// taken by a worker while the inbox was drained
			lastDeliveries.addAll(handBack(pulls.releaseHeld()));
		}
		InProgressTicker inProgress = this.ticker;
		finishLastDeliveries(lastDeliveries, inProgress);
		if (inProgress != null) {
			inProgress.shutdown();
		}
		flushSettlements("stop");
		logger.info(() -> "Stopped listener '" + this.id + "'");
	}

	/**
	 * Wait until the server has read every ack, nak and term this container sent: they
	 * are publishes without reply, and a stop or pause that returned while they were in
	 * the connection's outgoing buffer would let consumer state read afterwards (by an
	 * operator, a test, another instance) count handled messages as pending, and a
	 * process that exits right then redeliver them. A ping goes out behind them on the
	 * same connection; its pong says the server has read them.
	 */
	private void flushSettlements(String what) {
		if (!this.connected.getAsBoolean()) {
			logger.warn(() -> "Listener '" + this.id + "' " + what + "s while the connection is down: acks it sent "
					+ "meanwhile reach the server after the reconnect, or their messages are redelivered after "
					+ "ack-wait");
			return;
		}
		Duration shutdownTimeout = this.properties.getShutdownTimeout();
		Duration wait = (shutdownTimeout.compareTo(MAX_SETTLEMENT_FLUSH) > 0) ? MAX_SETTLEMENT_FLUSH : shutdownTimeout;
		try {
			// one ping at a time with the other listeners' (see MessagePuller.PING_LOCK)
			synchronized (MessagePuller.PING_LOCK) {
				this.connection.flush(wait);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (TimeoutException | RuntimeException ex) {
			logger.warn(() -> "Listener '" + this.id + "' could not confirm within " + wait
					+ " that the server has its acks (" + ex.getMessage() + "); messages it handled before the " + what
					+ " may be redelivered after ack-wait");
		}
	}

	/**
	 * Handle on the stopping thread what may not be handed back: a nak of its last
	 * allowed delivery would end a message without a dead letter.
	 */
	private void finishLastDeliveries(List<Message> messages, @Nullable InProgressTicker inProgress) {
		JetStreamErrorHandler.ConsumerLimits current = this.limits;
		if (messages.isEmpty() || current == null || inProgress == null) {
			return;
		}
		logger.info(() -> "Listener '" + this.id + "' handles " + messages.size()
				+ " message(s) of their last delivery before it stops");
		JetStreamBatchMessageListener batchListener = this.properties.getBatchMessageListener();
		if (batchListener != null) {
			this.processor.processBatch(messages, batchListener, current, inProgress.slot(0));
		}
		else {
			for (Message message : messages) {
				this.processor.process(message, current, inProgress.slot(0));
			}
		}
		// a listener returning a future: its results settle here, the workers are gone
		finishPending(inProgress.slot(0).results());
	}

	@Override
	public void pause() {
		this.state.pause();
		MessagePuller pulls = this.puller;
		if (pulls != null && this.state.isRunning()) {
			pulls.hold(handBack(suspend(pulls)));
			flushSettlements("pause");
		}
	}

	@Override
	public void resume() {
		this.pauseGeneration.incrementAndGet();
		PauseScope scope = this.pauseScope;
		this.pauseScope = null;
		if (scope == PauseScope.SERVER || (scope == null && supportsServerPause())) {
			resumeOnServer();
		}
		this.state.resume();
	}

	@Override
	public PauseScope pause(@Nullable Instant until) {
		boolean onServer = supportsServerPause();
		if (!onServer && until != null) {
			throw new IllegalStateException("Pausing listener '" + this.id + "' until " + until + " needs nats-server "
					+ SERVER_PAUSE_VERSION + " or newer (consumer pause); the connected server is "
					+ this.connection.getServerInfo().getVersion());
		}
		if (onServer) {
			ZonedDateTime end = (until != null) ? until.atZone(ZoneOffset.UTC)
					: ZonedDateTime.now(ZoneOffset.UTC).plusYears(100);
			try {
				this.connection.jetStreamManagement().pauseConsumer(getStream(), getConsumer(), end);
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not pause consumer " + getConsumer() + " of stream "
						+ getStream() + " on the server: " + ex.getMessage(), ex);
			}
		}
		PauseScope scope = onServer ? PauseScope.SERVER : PauseScope.INSTANCE;
		long generation = this.pauseGeneration.incrementAndGet();
		pause();
		this.pauseScope = scope;
		if (until != null) {
			// the server ends its pause by itself; this instance follows
			long delay = Math.max(0, Duration.between(Instant.now(), until).toMillis());
			CompletableFuture.runAsync(() -> {
				if (this.pauseGeneration.get() == generation) {
					this.pauseScope = null;
					this.state.resume();
				}
			}, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS));
		}
		logger.info(() -> "Paused listener '" + this.id + "' "
				+ (onServer ? "and its consumer on the server (every instance)" : "(this instance)")
				+ ((until != null) ? " until " + until : ""));
		return scope;
	}

	@Override
	public @Nullable PauseScope getPauseScope() {
		return isPaused() ? this.pauseScope : null;
	}

	private boolean supportsServerPause() {
		return this.connection.getServerInfo() != null
				&& !this.connection.getServerInfo().isOlderThanVersion(SERVER_PAUSE_VERSION);
	}

	private void resumeOnServer() {
		try {
			JetStreamManagement management = this.connection.jetStreamManagement();
			if (management.getConsumerInfo(getStream(), getConsumer()).getPaused()) {
				management.resumeConsumer(getStream(), getConsumer());
				logger.info(() -> "Resumed consumer " + getConsumer() + " of stream " + getStream() + " on the server");
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not resume consumer " + getConsumer() + " of stream " + getStream()
					+ " on the server: " + ex.getMessage(), ex);
		}
	}

	@Override
	public boolean isRunning() {
		return this.state.isRunning();
	}

	@Override
	public int getInFlightCount() {
		InProgressTicker inProgress = this.ticker;
		return (inProgress != null) ? inProgress.busy() : 0;
	}

	@Override
	public List<String> getBlockedWorkers() {
		return this.processor.blocked();
	}

	@Override
	public boolean isPaused() {
		return this.state.isPaused();
	}

	/**
	 * One worker: take the next message, hand it to the listener, settle it.
	 */
	private void work(InProgressTicker.Slot slot, MessagePuller pulls) {
		PendingResults results = slot.results();
		try {
			workUntilStopped(slot, pulls, results);
		}
		finally {
			finishPending(results);
		}
	}

	/**
	 * A stopping worker waits for its asynchronous results up to (about) the shutdown
	 * timeout, settling failures as they come, then gives back those still pending (a nak
	 * without delay: another instance gets them at once).
	 */
	private void finishPending(PendingResults results) {
		if (results.isEmpty()) {
			return;
		}
		long wait = Math.max(0, this.properties.getShutdownTimeout().toMillis() - 500);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
		try {
			while (!results.isEmpty() && System.nanoTime() - deadline < 0) {
				this.processor.settleFailed(results);
				results.awaitChange(
						Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
						() -> !results.isEmpty());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.processor.settleFailed(results);
		List<PendingResults.Pending> abandoned = results.abandon();
		if (abandoned.isEmpty()) {
			return;
		}
		logger.warn(() -> "Listener '" + this.id + "' gives back " + abandoned.size()
				+ " message(s) whose asynchronous result did not complete within the shutdown timeout");
		for (PendingResults.Pending pending : abandoned) {
			try {
				pending.acknowledgment.nak();
			}
			catch (RuntimeException ex) {
				logger.debug(ex, () -> "Listener '" + this.id + "' could not give back a message");
			}
		}
	}

	private void workUntilStopped(InProgressTicker.Slot slot, MessagePuller pulls, PendingResults results) {
		int failures = 0;
		while (this.state.isRunning()) {
			this.processor.settleFailed(results);
			if (results.isFull()) {
				try {
					results.awaitChange(POLL_TIMEOUT_MILLIS, results::isFull);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
				continue;
			}
			if (this.state.isPaused()) {
				this.state.awaitResume(POLL_TIMEOUT_MILLIS);
				continue;
			}
			JetStreamErrorHandler.ConsumerLimits current;
			Message message;
			try {
				current = consumerLimits(pulls, pulls.consumerLost());
				message = pulls.take(POLL_TIMEOUT_MILLIS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				failures = backOffAfterFailure(failures, "could not pull from its consumer", ex);
				continue;
			}
			failures = 0;
			if (message == null) {
				continue;
			}
			long start = System.nanoTime();
			this.lastActivity = start;
			JetStreamBatchMessageListener batchListener = this.properties.getBatchMessageListener();
			if (batchListener != null) {
				handleBatch(collectBatch(pulls, message), batchListener, current, slot, pulls);
				continue;
			}
			if (!this.state.isActive()) {
				pulls.putBack(message);
				continue;
			}
			try {
				this.processor.process(message, current, slot);
			}
			finally {
				pulls.finished(System.nanoTime() - start);
			}
		}
	}

	/**
	 * What one worker takes in a row for a batch listener: up to {@code batchSize}
	 * messages, within {@code batchWait} of the first.
	 */
	private List<Message> collectBatch(MessagePuller pulls, Message first) {
		List<Message> batch = new ArrayList<>();
		batch.add(first);
		int most = this.properties.getBatchSize();
		long deadline = System.nanoTime() + this.properties.getBatchWait().toNanos();
		try {
			while (batch.size() < most && this.state.isActive()) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					break;
				}
				Message next = pulls.take(left);
				if (next == null) {
					break;
				}
				batch.add(next);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return batch;
	}

	private void handleBatch(List<Message> batch, JetStreamBatchMessageListener batchListener,
			JetStreamErrorHandler.ConsumerLimits limits, InProgressTicker.Slot slot, MessagePuller pulls) {
		if (!this.state.isActive()) {
			for (int i = batch.size() - 1; i >= 0; i--) {
				pulls.putBack(batch.get(i));
			}
			return;
		}
		long start = System.nanoTime();
		try {
			this.processor.processBatch(batch, batchListener, limits, slot);
		}
		finally {
			long each = (System.nanoTime() - start) / batch.size();
			for (int i = 0; i < batch.size(); i++) {
				pulls.finished(each);
			}
		}
	}

	/**
	 * The consumer's limits, looked up once per start and again after the server said the
	 * consumer is gone (re-created then from its declaration).
	 */
	private JetStreamErrorHandler.ConsumerLimits consumerLimits(MessagePuller pulls, boolean lost) throws Exception {
		JetStreamErrorHandler.ConsumerLimits current = this.limits;
		if (current != null && !lost) {
			return current;
		}
		synchronized (this.consumerLock) {
			if (lost) {
				this.limits = null;
			}
			current = this.limits;
			if (current != null) {
				return current;
			}
			ConsumerInfo info;
			try {
				info = consumerInfo();
			}
			catch (JetStreamApiException ex) {
				if (ex.getApiErrorCode() != CONSUMER_NOT_FOUND) {
					throw ex;
				}
				recreateConsumer();
				info = consumerInfo();
			}
			ConsumerConfiguration config = info.getConsumerConfiguration();
			Duration ackWait = (config.getAckWait() != null) ? config.getAckWait() : Duration.ofSeconds(30);
			current = new JetStreamErrorHandler.ConsumerLimits(config.getMaxDeliver(), config.getBackoff(), ackWait);
			pulls.configure(current, (int) Math.min(Integer.MAX_VALUE, config.getMaxBatch()), config.getMaxExpires());
			pulls.configurePriority(config.getPriorityPolicy(), config.getPriorityGroups(),
					config.getPriorityTimeout());
			this.limits = current;
			return current;
		}
	}

	/**
	 * Look the consumer up: jnats' consumer context asks the server for the stream and
	 * the consumer, and keeps the answer.
	 */
	private ConsumerInfo consumerInfo() throws Exception {
		ConsumerContext context = this.jetStream.getConsumerContext(getStream(), getConsumer());
		ConsumerInfo info = context.getCachedConsumerInfo();
		return (info != null) ? info : context.getConsumerInfo();
	}

	/**
	 * Give the pin back when this container was the pinned client of its priority group,
	 * so that the server pins another instance at once instead of after the priority
	 * timeout.
	 */
	private void unpin(MessagePuller pulls) {
		String group = pulls.group();
		if (pulls.pinId() == null || group == null || !this.connected.getAsBoolean()) {
			return;
		}
		try {
			this.connection.jetStreamManagement().unpinConsumer(getStream(), getConsumer(), group);
			pulls.unpinned();
			logger.info(() -> "Listener '" + this.id + "' gave back the pin of priority group " + group);
		}
		catch (Exception ex) {
			logger.debug(ex, () -> "Listener '" + this.id + "' could not give back its pin; the server pins "
					+ "another client after the priority timeout");
		}
	}

	/**
	 * Stop pulling and take every message pulled but not handed to a worker. Before they
	 * are handed back, a consumer info request makes the server drop this container's
	 * pulls, which it only checks for interest when it looks at them: nats-server 2.9
	 * loses a nak'ed message (until ack-wait) that it takes for a pull without interest
	 * still at the head of its queue (fixed in later servers).
	 */
	private List<Message> suspend(MessagePuller pulls) {
		List<Message> held = pulls.suspend(this.properties.getShutdownTimeout());
		unpin(pulls);
		if (!held.isEmpty() && this.connected.getAsBoolean()) {
			try {
				consumerInfo();
			}
			catch (Exception ex) {
				logger.debug(ex, () -> "Listener '" + this.id + "' could not look up its consumer");
			}
		}
		return held;
	}

	/**
	 * Hand back messages pulled but not handled (stop, pause): nak'ed without delay, as
	 * the server no longer serves this container's pulls; those of their last allowed
	 * delivery are returned instead.
	 */
	private List<Message> handBack(List<Message> messages) {
		List<Message> kept = new ArrayList<>();
		JetStreamErrorHandler.ConsumerLimits current = this.limits;
		for (Message message : messages) {
			try {
				if (current != null && current.isLastDelivery(message.metaData().deliveredCount())) {
					kept.add(message);
				}
				else {
					message.nak();
				}
			}
			catch (RuntimeException ex) {
				logger.debug(ex, () -> "Listener '" + this.id + "' could not give back a pulled message");
			}
		}
		return kept;
	}

	private void recreateConsumer() {
		logger.warn(() -> "Consumer " + getConsumer() + " of stream " + getStream() + " disappeared from the server; "
				+ "listener '" + this.id + "' re-creates it from its declaration");
		try {
			this.consumerDeclarer.run();
		}
		catch (RuntimeException ex) {
			logger.error(ex, () -> "Listener '" + this.id + "' could not re-create consumer " + getConsumer());
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
		this.state.sleep(delay);
		return attempt;
	}

}
