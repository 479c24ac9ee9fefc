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
 * {@link DeadLetterPublishingRecoverer}, stored before the original is terminated).
 * <p>
 * Each start begins a run with state of its own — puller, {@link InFlight in-flight
 * ledger} and its ticker (the one more thread per container), workers — which ends with
 * its stop: a handler of an old run still running after the shutdown timeout keeps
 * nothing of the new run's, and nothing of the old run pulls. The ledger holds every
 * message of the run from the inbox to its settlement and keeps it in progress;
 * asynchronous results are settled by the workers, never on the thread that completed
 * them.
 * <p>
 * On stop and pause the container stops pulling and hands back at once every message it
 * holds (a nak without delay, after the server has dropped its pulls), except those of
 * their last allowed delivery, which a nak would end: those are handled before the
 * container stops, or kept in progress until it resumes; results still pending at their
 * last delivery when the stop gives up on them are left to the server's ack-wait.
 *
 * @since 0.1.0
 */
public class JetStreamListenerContainer implements MessageListenerContainer {

	private static final String SERVER_PAUSE_VERSION = "2.11.0";

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final long POLL_TIMEOUT_MILLIS = 500;

	/**
	 * How long a worker waiting for asynchronous results waits for a message at a time: a
	 * result that completes meanwhile is settled by this worker.
	 */
	private static final long RESULTS_POLL_MILLIS = 5;

	private static final Duration MAX_PAUSE_BETWEEN_FAILURES = Duration.ofSeconds(5);

	private static final int CONSUMER_NOT_FOUND = 10014;

	private static final Duration MAX_SETTLEMENT_FLUSH = Duration.ofSeconds(5);

	private final String id;

	private final Connection connection;

	private final JetStream jetStream;

	private final JetStreamContainerProperties properties;

	private final ListenerMessageProcessor processor;

	private volatile @Nullable Run run;

	private final Object consumerLock = new Object();

	private final Object handOver = new Object();

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
		this.processor = new ListenerMessageProcessor(id, properties, listener);
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
		Run previous = this.run;
		if (previous != null && previous.state.isRunning()) {
			return;
		}
		this.consumerDeclarer.run();
		this.lastActivity = System.nanoTime();
		int workers = this.properties.getConcurrency();
		InFlight ledger = new InFlight(this.properties.isAckSync());
		ContainerState state = new ContainerState();
		state.start();
		MessagePuller pulls = new MessagePuller(this.id, this.connection, NatsJetStreamConstants.DEFAULT_API_PREFIX,
				getStream(), getConsumer(), workers, this.properties.getBatchSize(),
				this.properties.getMaxBytesAhead().toBytes(), this.properties.getPullExpires(), state, this.connected,
				ledger);
		pulls.setReaderFailures(this.readerFailures);
		pulls.setPriority(this.properties.getPriorityGroup(), this.properties.getMinPending(),
				this.properties.getMinAckPending());
		Run current = new Run(state, ledger, pulls, workers);
		this.run = current;
		ledger.start(this.id + "-in-progress", pulls::keep);
		AsyncTaskExecutor executor = this.properties.getTaskExecutor();
		if (executor == null) {
			executor = new SimpleAsyncTaskExecutor(this.id + "-");
		}
		for (int i = 0; i < workers; i++) {
			PendingResults results = new PendingResults(this.properties.getMaxPendingResults());
			executor.execute(() -> {
				current.threads.add(Thread.currentThread());
				try {
					work(current, results);
				}
				finally {
					current.threads.remove(Thread.currentThread());
					current.done.countDown();
				}
			});
		}
		logger.info(() -> "Started listener '" + this.id + "' on consumer " + getConsumer() + " of stream "
				+ getStream() + " with " + workers + " worker(s)");
	}

	@Override
	public void stop() {
		Run current;
		synchronized (this) {
			current = this.run;
			if (current == null || !current.state.stop()) {
				return;
			}
		}
		synchronized (this.handOver) {
			stop(current);
		}
	}

	private void stop(Run current) {
		Duration timeout = this.properties.getShutdownTimeout();
		List<InFlight.Entry> lastDeliveries = new ArrayList<>(handBack(current, suspend(current)));
		try {
			if (!current.done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn(() -> "Listener '" + this.id + "' handler still running after the shutdown timeout ("
						+ timeout + "); its message will be redelivered after ack-wait");
				current.threads.forEach(Thread::interrupt);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			// put back by a worker while the inbox was drained
			lastDeliveries.addAll(handBack(current, current.puller.releaseHeld()));
			finishLastDeliveries(lastDeliveries, current);
		}
		finally {
			current.ledger.shutdown();
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
	private void finishLastDeliveries(List<InFlight.Entry> entries, Run current) {
		JetStreamErrorHandler.ConsumerLimits limits = current.limits;
		if (entries.isEmpty() || limits == null) {
			return;
		}
		logger.info(() -> "Listener '" + this.id + "' handles " + entries.size()
				+ " message(s) of their last delivery before it stops");
		PendingResults results = new PendingResults(Integer.MAX_VALUE);
		JetStreamBatchMessageListener batchListener = this.properties.getBatchMessageListener();
		if (batchListener != null) {
			this.processor.processBatch(entries, batchListener, limits, current.state);
		}
		else {
			for (InFlight.Entry entry : entries) {
				this.processor.process(entry, limits, results, current.state);
			}
		}
		// a listener returning a future: its results settle here, the workers are gone
		finishPending(current, results);
	}

	@Override
	public void pause() {
		pauseInstance();
	}

	/**
	 * Pause this instance.
	 * @return the pause's generation: a timer ending an earlier pause does not end this
	 * one
	 */
	private long pauseInstance() {
		long generation = this.pauseGeneration.incrementAndGet();
		Run current = this.run;
		if (current == null) {
			return generation;
		}
		current.state.pause();
		// one hand-over at a time: a stop while a pause drains would otherwise finish
		// first and leave what the pause drained in a ledger that is shut down
		synchronized (this.handOver) {
			if (current.state.isRunning()) {
				current.puller.hold(handBack(current, suspend(current)));
				flushSettlements("pause");
			}
		}
		return generation;
	}

	@Override
	public void resume() {
		this.pauseGeneration.incrementAndGet();
		PauseScope scope = this.pauseScope;
		this.pauseScope = null;
		if (scope == PauseScope.SERVER || (scope == null && supportsServerPause())) {
			resumeOnServer();
		}
		Run current = this.run;
		if (current != null) {
			current.state.resume();
		}
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
		long generation = pauseInstance();
		this.pauseScope = scope;
		if (until != null) {
			// the server ends its pause by itself; this instance follows
			long delay = Math.max(0, Duration.between(Instant.now(), until).toMillis());
			CompletableFuture.runAsync(() -> {
				Run current = this.run;
				if (this.pauseGeneration.get() == generation && current != null) {
					this.pauseScope = null;
					current.state.resume();
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
		Run current = this.run;
		return current != null && current.state.isRunning();
	}

	@Override
	public int getInFlightCount() {
		Run current = this.run;
		return (current != null) ? Math.max(0, current.ledger.size() - current.puller.heldCount()) : 0;
	}

	@Override
	public List<String> getBlockedWorkers() {
		return this.processor.blocked();
	}

	@Override
	public boolean isPaused() {
		Run current = this.run;
		return current != null && current.state.isPaused();
	}

	/**
	 * One worker: take the next message, hand it to the listener, settle it.
	 */
	private void work(Run current, PendingResults results) {
		try {
			workUntilStopped(current, results);
		}
		finally {
			finishPending(current, results);
		}
	}

	/**
	 * A stopping worker waits for its asynchronous results up to (about) the shutdown
	 * timeout, settling them as they complete, then gives back those still pending (a nak
	 * without delay: another instance gets them at once) — except those of their last
	 * allowed delivery, which a nak would end: they are left to the server's ack-wait and
	 * the MAX_DELIVERIES advisory.
	 */
	private void finishPending(Run current, PendingResults results) {
		if (results.isEmpty()) {
			return;
		}
		long wait = Math.max(0, this.properties.getShutdownTimeout().toMillis() - 500);
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait);
		try {
			while (!results.isEmpty() && System.nanoTime() - deadline < 0) {
				this.processor.settleCompleted(results, current.state);
				results.awaitChange(
						Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
						() -> !results.isEmpty());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.processor.settleCompleted(results, current.state);
		List<PendingResults.Pending> abandoned = results.abandon();
		// what completed while it was given up on: queued by its thread in a moment
		long queuedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		try {
			while (!results.isEmpty() && System.nanoTime() - queuedBy < 0) {
				this.processor.settleCompleted(results, current.state);
				results.awaitChange(1, () -> !results.isEmpty());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (abandoned.isEmpty()) {
			return;
		}
		List<InFlight.Entry> entries = abandoned.stream().map((pending) -> pending.entry).toList();
		List<InFlight.Entry> kept = handBack(current, entries);
		kept.forEach(InFlight.Entry::release);
		logger.warn(() -> "Listener '" + this.id + "' gives back " + (entries.size() - kept.size())
				+ " message(s) whose asynchronous result did not complete within the shutdown timeout" + (kept.isEmpty()
						? "" : "; " + kept.size() + " of their last delivery are left to the server's ack-wait"));
	}

	private void workUntilStopped(Run current, PendingResults results) {
		ContainerState state = current.state;
		MessagePuller pulls = current.puller;
		int failures = 0;
		while (state.isRunning()) {
			try {
				this.processor.settleCompleted(results, state);
				if (results.isFull()) {
					results.awaitChange(POLL_TIMEOUT_MILLIS, results::isFull);
					continue;
				}
				if (state.isPaused()) {
					if (results.isEmpty()) {
						state.awaitResume(POLL_TIMEOUT_MILLIS);
					}
					else {
						results.awaitChange(POLL_TIMEOUT_MILLIS, state::isPaused);
					}
					continue;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			JetStreamErrorHandler.ConsumerLimits limits;
			InFlight.Entry entry;
			try {
				limits = consumerLimits(current, pulls.consumerLost());
				entry = pulls.take(results.isEmpty() ? POLL_TIMEOUT_MILLIS : RESULTS_POLL_MILLIS, results.isEmpty());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (Exception ex) {
				failures = backOffAfterFailure(state, failures, "could not pull from its consumer", ex);
				continue;
			}
			failures = 0;
			if (entry == null) {
				continue;
			}
			this.lastActivity = System.nanoTime();
			JetStreamBatchMessageListener batchListener = this.properties.getBatchMessageListener();
			if (batchListener != null) {
				handleBatch(current, collectBatch(current, entry), batchListener, limits);
				continue;
			}
			if (!state.isActive()) {
				current.puller.hold(handBack(current, current.puller.putBack(List.of(entry))));
				continue;
			}
			this.processor.process(entry, limits, results, state);
		}
	}

	/**
	 * What one worker takes in a row for a batch listener: up to {@code batchSize}
	 * messages, within {@code batchWait} of the first.
	 */
	private List<InFlight.Entry> collectBatch(Run current, InFlight.Entry first) {
		List<InFlight.Entry> batch = new ArrayList<>();
		batch.add(first);
		int most = this.properties.getBatchSize();
		long deadline = System.nanoTime() + this.properties.getBatchWait().toNanos();
		try {
			while (batch.size() < most && current.state.isActive()) {
				long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (left <= 0) {
					break;
				}
				InFlight.Entry next = current.puller.take(left, false);
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

	private void handleBatch(Run current, List<InFlight.Entry> batch, JetStreamBatchMessageListener batchListener,
			JetStreamErrorHandler.ConsumerLimits limits) {
		if (!current.state.isActive()) {
			// stopped or paused while it was collected: handed back as the pause or stop
			// handed back the rest
			current.puller.hold(handBack(current, current.puller.putBack(batch)));
			return;
		}
		this.processor.processBatch(batch, batchListener, limits, current.state);
	}

	/**
	 * The consumer's limits, looked up once per start and again after the server said the
	 * consumer is gone (re-created then from its declaration).
	 */
	private JetStreamErrorHandler.ConsumerLimits consumerLimits(Run run, boolean lost) throws Exception {
		JetStreamErrorHandler.ConsumerLimits current = run.limits;
		if (current != null && !lost && !run.limitsStale) {
			return current;
		}
		synchronized (this.consumerLock) {
			// the old limits stay until new ones are known: a hand-back meanwhile must
			// still tell a last delivery (which a nak would end) from the others
			if (lost) {
				run.limitsStale = true;
			}
			current = run.limits;
			if (current != null && !run.limitsStale) {
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
			return applyLimits(run, info);
		}
	}

	/**
	 * Take the consumer's limits from its info. Called with the consumer lock held.
	 */
	private JetStreamErrorHandler.ConsumerLimits applyLimits(Run run, ConsumerInfo info) {
		ConsumerConfiguration config = info.getConsumerConfiguration();
		Duration ackWait = (config.getAckWait() != null) ? config.getAckWait() : Duration.ofSeconds(30);
		JetStreamErrorHandler.ConsumerLimits limits = new JetStreamErrorHandler.ConsumerLimits(config.getMaxDeliver(),
				config.getBackoff(), ackWait);
		run.puller.configure(limits, (int) Math.min(Integer.MAX_VALUE, config.getMaxBatch()), config.getMaxExpires(),
				config.getMaxBytes());
		run.puller.configurePriority(config.getPriorityPolicy(), config.getPriorityGroups(),
				config.getPriorityTimeout());
		run.limits = limits;
		run.limitsStale = false;
		return limits;
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
	 * Stop pulling and take every message pulled but not handed to a worker (see
	 * {@link MessagePuller#suspend(Duration)}, which also reads the consumer afresh): its
	 * limits are renewed before anything is handed back.
	 */
	private List<InFlight.Entry> suspend(Run current) {
		MessagePuller pulls = current.puller;
		MessagePuller.Suspension suspension = pulls.suspend(this.properties.getShutdownTimeout());
		unpin(pulls);
		ConsumerInfo info = suspension.consumer();
		if (info != null) {
			synchronized (this.consumerLock) {
				applyLimits(current, info);
			}
		}
		return suspension.held();
	}

	/**
	 * Hand back messages pulled but not handled (stop, pause): nak'ed without delay, as
	 * the server no longer serves this container's pulls; those of their last allowed
	 * delivery are returned instead.
	 */
	private List<InFlight.Entry> handBack(Run run, List<InFlight.Entry> entries) {
		List<InFlight.Entry> kept = new ArrayList<>();
		JetStreamErrorHandler.ConsumerLimits current = run.limits;
		for (InFlight.Entry entry : entries) {
			try {
				if (current != null && current.isLastDelivery(entry.message.metaData().deliveredCount())) {
					kept.add(entry);
				}
				else {
					entry.nak();
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
	private int backOffAfterFailure(ContainerState state, int failures, String what, Exception ex) {
		int attempt = failures + 1;
		long delay = Math.min(MAX_PAUSE_BETWEEN_FAILURES.toMillis(), 100L << Math.min(attempt, 6));
		if (attempt == 1) {
			logger.warn(() -> "Listener '" + this.id + "' " + what + " (" + ex.getMessage() + "); retrying");
		}
		else {
			logger.debug(ex, () -> "Listener '" + this.id + "' " + what + ", attempt " + attempt);
		}
		state.sleep(delay);
		return attempt;
	}

	/**
	 * One run of the container, from a start to the end of its stop.
	 */
	private static final class Run {

		final ContainerState state;

		final InFlight ledger;

		final MessagePuller puller;

		final CountDownLatch done;

		final Set<Thread> threads = ConcurrentHashMap.newKeySet();

		volatile JetStreamErrorHandler.@Nullable ConsumerLimits limits;

		/** The server said the consumer was gone: look its limits up again. */
		volatile boolean limitsStale;

		Run(ContainerState state, InFlight ledger, MessagePuller puller, int workers) {
			this.state = state;
			this.ledger = ledger;
			this.puller = puller;
			this.done = new CountDownLatch(workers);
		}

	}

}
