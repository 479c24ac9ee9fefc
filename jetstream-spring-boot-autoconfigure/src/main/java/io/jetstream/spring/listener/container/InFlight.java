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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.nats.client.Connection;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.listener.Acknowledgment;
import io.jetstream.spring.listener.JetStreamErrorHandler;

/**
 * The in-flight ledger of one run of a {@link JetStreamListenerContainer}: what this
 * instance holds of its consumer, one {@link Entry} per message.
 * <p>
 * <b>The invariant.</b> A message the run pulled is either still in its inbox (counted by
 * the puller as asked for) or an entry here, from the moment it leaves the inbox until it
 * is settled — acknowledged, nak'ed, terminated (after its dead letter is stored), or
 * handed back — whoever holds it meanwhile: the queue of held messages, a worker, a
 * pending asynchronous result, a dead-letter publish, a batch being collected. Every
 * entry is reported in progress, from here and nowhere else, before half the ack-wait of
 * its own delivery has passed since it was delivered or last reported; an entry keeps
 * that time when it changes hands. The run's ticker checks every 100ms (and runs the
 * puller's round too, so that a run has one thread besides its workers). The puller sizes
 * how far ahead it pulls from the entries' count, bytes and time to settle.
 * <p>
 * An entry leaves without being settled only when the application takes it over (a
 * listener in manual ack mode that returned without settling) or the run gives it up at
 * stop (a result still pending at its last delivery: the server's ack-wait and the
 * MAX_DELIVERIES advisory take over).
 */
final class InFlight {

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final Duration TICK = Duration.ofMillis(100);

	private static final Duration SYNC_ACK_TIMEOUT = Duration.ofSeconds(5);

	private final Set<Entry> entries = ConcurrentHashMap.newKeySet();

	private final AtomicLong bytes = new AtomicLong();

	private final boolean ackSync;

	private volatile JetStreamErrorHandler.@Nullable ConsumerLimits limits;

	private volatile long shortestHalf = TimeUnit.SECONDS.toNanos(15);

	private volatile double averageSettle;

	private @Nullable ScheduledExecutorService ticker;

	/**
	 * Create the ledger of one run.
	 * @param ackSync whether acknowledgements wait for the server's confirmation
	 */
	InFlight(boolean ackSync) {
		this.ackSync = ackSync;
	}

	/**
	 * Start the ticker: every 100ms it reports the entries that need it in progress, then
	 * runs the housekeeping.
	 * @param name the ticker thread's name
	 * @param housekeeping the rest of the round, given {@link System#nanoTime()}
	 */
	void start(String name, LongConsumer housekeeping) {
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(() -> tick(housekeeping), TICK.toMillis(), TICK.toMillis(),
				TimeUnit.MILLISECONDS);
		this.ticker = executor;
	}

	/**
	 * Stop the ticker: nothing of this run is reported in progress any more.
	 */
	void shutdown() {
		ScheduledExecutorService executor = this.ticker;
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	/**
	 * The consumer's limits, for the ack-wait of each delivery.
	 * @param limits the limits
	 */
	void configure(JetStreamErrorHandler.ConsumerLimits limits) {
		Duration shortest = limits.ackWait();
		for (Duration delay : limits.backoff()) {
			if (delay.compareTo(shortest) < 0) {
				shortest = delay;
			}
		}
		this.shortestHalf = Math.max(TimeUnit.MILLISECONDS.toNanos(50), shortest.toNanos() / 2);
		this.limits = limits;
	}

	/**
	 * Enter a message that left the inbox.
	 * @param message the message
	 * @param since when it was delivered, at the earliest ({@link System#nanoTime()})
	 * @return its entry
	 */
	Entry enter(Message message, long since) {
		Entry entry = new Entry(message, since, message.consumeByteCount());
		this.entries.add(entry);
		this.bytes.addAndGet(entry.bytes);
		return entry;
	}

	/**
	 * The number of entries.
	 * @return the count
	 */
	int size() {
		return this.entries.size();
	}

	/**
	 * The bytes of the entries, as the server counts them for a pull's max bytes.
	 * @return the sum
	 */
	long bytes() {
		return this.bytes.get();
	}

	/**
	 * The moving average of the time from a worker taking a message to its settlement (a
	 * future's completion, a dead letter's store included).
	 * @return nanoseconds, {@code 0} until one was settled
	 */
	double averageSettle() {
		return this.averageSettle;
	}

	/**
	 * The entries not settled, for the run's end.
	 * @return a snapshot
	 */
	List<Entry> entries() {
		return new ArrayList<>(this.entries);
	}

	private void tick(LongConsumer housekeeping) {
		long now = System.nanoTime();
		try {
			keepInProgress(now);
		}
		catch (RuntimeException ex) {
			// a scheduled task that throws is never run again
			logger.warn(ex, "Listener could not report its messages in progress; trying again on the next tick");
		}
		try {
			housekeeping.accept(now);
		}
		catch (RuntimeException ex) {
			logger.warn(ex, "Listener housekeeping failed; trying again on the next tick");
		}
	}

	void keepInProgress(long now) {
		long shortest = this.shortestHalf;
		for (Entry entry : this.entries) {
			long since = entry.since;
			if (now - since < shortest || entry.settled.get()) {
				continue;
			}
			if (now - since >= entry.interval()) {
				entry.since = now;
				// with the entry's naks: a report the server reads after a nak with delay
				// would stretch the delay to the whole ack-wait
				synchronized (entry) {
					if (entry.settled.get()) {
						continue;
					}
					try {
						entry.message.inProgress();
					}
					catch (RuntimeException ex) {
						logger.debug(ex, "Could not report a message in progress");
					}
				}
			}
		}
	}

	private void left(Entry entry) {
		if (!this.entries.remove(entry)) {
			return;
		}
		this.bytes.addAndGet(-entry.bytes);
		long taken = entry.takenAt;
		if (taken != 0) {
			long settle = System.nanoTime() - taken;
			double average = this.averageSettle;
			this.averageSettle = (average == 0) ? settle : average * 0.9 + settle * 0.1;
		}
	}

	/**
	 * One message this run holds, and the {@link Acknowledgment} that settles it once: a
	 * plain acknowledgement, or one the server confirms ({@code ackSync}). Settling it
	 * takes it out of the ledger.
	 */
	final class Entry implements Acknowledgment {

		final Message message;

		private final long bytes;

		private final AtomicBoolean settled = new AtomicBoolean();

		private volatile String outcome = "";

		private volatile long since;

		private volatile long interval;

		private volatile long takenAt;

		private Entry(Message message, long since, long bytes) {
			this.message = message;
			this.since = since;
			this.bytes = bytes;
		}

		/**
		 * A worker takes the message: its time to settle counts from now.
		 */
		void taken() {
			this.takenAt = System.nanoTime();
		}

		/**
		 * Whether a worker took it.
		 */
		boolean isTaken() {
			return this.takenAt != 0;
		}

		/**
		 * Leave the ledger without settling: the application took the message over, or
		 * the run gave it up.
		 */
		void release() {
			left(this);
		}

		/**
		 * Half the ack-wait of this delivery, looked up the first time it is needed (it
		 * parses the delivery count).
		 */
		private long interval() {
			long known = this.interval;
			if (known != 0) {
				return known;
			}
			JetStreamErrorHandler.ConsumerLimits current = InFlight.this.limits;
			long half = (current != null)
					? Math.max(TimeUnit.MILLISECONDS.toNanos(50),
							current.ackWaitOf(this.message.metaData().deliveredCount()).toNanos() / 2)
					: InFlight.this.shortestHalf;
			this.interval = half;
			return half;
		}

		@Override
		public void ack() {
			if (!this.settled.compareAndSet(false, true)) {
				return;
			}
			this.outcome = "ack";
			try {
				if (!InFlight.this.ackSync) {
					this.message.ack();
					return;
				}
				this.message.ackSync(SYNC_ACK_TIMEOUT);
			}
			catch (TimeoutException ex) {
				// the ack may still have arrived; if not, the server redelivers after
				// ack-wait
				logger.warn(() -> "Acknowledgement of " + describe() + " not confirmed within " + SYNC_ACK_TIMEOUT);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				notSent("ack", ex);
			}
			finally {
				left(this);
			}
		}

		@Override
		public synchronized void nak() {
			if (this.settled.compareAndSet(false, true)) {
				this.outcome = "nak";
				try {
					this.message.nak();
				}
				catch (RuntimeException ex) {
					notSent("nak", ex);
				}
				finally {
					left(this);
				}
			}
		}

		@Override
		public synchronized void nakWithDelay(Duration delay) {
			if (this.settled.compareAndSet(false, true)) {
				this.outcome = "nak";
				try {
					this.message.nakWithDelay(delay);
				}
				catch (RuntimeException ex) {
					notSent("nak", ex);
				}
				finally {
					left(this);
				}
			}
		}

		/**
		 * A settlement the client refused to send (connection closed or draining, its
		 * outgoing queue full): the worker goes on — a worker that died of it would take
		 * nothing more, and the rest of a batch would be left unsettled — and the server
		 * redelivers the message after ack-wait.
		 */
		private void notSent(String what, RuntimeException ex) {
			logger.warn(() -> "Could not send the " + what + " of " + describe() + " (" + ex.getMessage()
					+ "); the server redelivers it after ack-wait");
		}

		@Override
		public void term(String reason) {
			if (!this.settled.compareAndSet(false, true)) {
				return;
			}
			this.outcome = "term";
			try {
				String replyTo = this.message.getReplyTo();
				Connection connection = this.message.getConnection();
				if (replyTo != null && !reason.isBlank() && connection != null && supportsTermReason(connection)) {
					connection.publish(replyTo, ("+TERM " + reason).getBytes(StandardCharsets.UTF_8));
				}
				else {
					this.message.term();
				}
			}
			catch (RuntimeException ex) {
				notSent("term", ex);
			}
			finally {
				left(this);
			}
		}

		@Override
		public void inProgress() {
			if (!this.settled.get()) {
				this.since = System.nanoTime();
				this.message.inProgress();
			}
		}

		@Override
		public boolean isSettled() {
			return this.settled.get();
		}

		/**
		 * Return how the message was settled, for metrics.
		 * @return {@code ack}, {@code nak}, {@code term}, or empty if not settled
		 */
		String outcome() {
			return this.outcome;
		}

		private String describe() {
			return this.message.getSubject() + " #" + this.message.metaData().streamSequence();
		}

	}

	/**
	 * Older servers take "+TERM reason" for something else and leave the message pending,
	 * so the reason is sent only where the server records it.
	 */
	private static boolean supportsTermReason(Connection connection) {
		return connection.getServerInfo() != null && connection.getServerInfo().isNewerVersionThan("2.10.99");
	}

}
