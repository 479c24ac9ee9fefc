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
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.listener.Acknowledgment;

/**
 * Tells the server that the messages workers are handling are in progress, once a handler
 * has run for half the ack-wait and again every half ack-wait: one ticker per container
 * checking every worker's slot, rather than a scheduled task per message. Each tick also
 * runs the container's other housekeeping (the {@link MessagePuller}'s round), so that a
 * container has one thread besides its workers.
 */
final class InProgressTicker {

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final Duration TICK = Duration.ofMillis(100);

	private final Slot[] slots;

	private final ScheduledExecutorService executor;

	private final LongConsumer housekeeping;

	InProgressTicker(String name, int workers, int maxPendingResults, LongConsumer housekeeping) {
		this.housekeeping = housekeeping;
		this.slots = new Slot[workers];
		for (int i = 0; i < workers; i++) {
			this.slots[i] = new Slot(new PendingResults(maxPendingResults));
		}
		this.executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		});
		this.executor.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
	}

	Slot slot(int worker) {
		return this.slots[worker];
	}

	int busy() {
		int busy = 0;
		for (Slot slot : this.slots) {
			if (slot.isBusy()) {
				busy++;
			}
			busy += slot.results.size();
		}
		return busy;
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

	private void tick() {
		long now = System.nanoTime();
		for (Slot slot : this.slots) {
			slot.keepAlive(now);
			slot.results.keepAlive(now);
		}
		try {
			this.housekeeping.accept(now);
		}
		catch (RuntimeException ex) {
			// a scheduled task that throws is never run again
			logger.warn(ex, "Listener housekeeping failed; trying again on the next tick");
		}
	}

	/**
	 * The message one worker is handling, and the asynchronous results it waits for.
	 */
	static final class Slot {

		private final PendingResults results;

		private volatile @Nullable Acknowledgment acknowledgment;

		private volatile @Nullable List<? extends Acknowledgment> batch;

		private volatile long lastProgress;

		private volatile long interval;

		Slot(PendingResults results) {
			this.results = results;
		}

		/**
		 * The asynchronous results this worker waits for.
		 */
		PendingResults results() {
			return this.results;
		}

		boolean isBusy() {
			return this.acknowledgment != null || this.batch != null;
		}

		void begin(Acknowledgment acknowledgment, Duration ackWait) {
			this.interval = ackWait.toNanos() / 2;
			this.lastProgress = System.nanoTime();
			this.acknowledgment = acknowledgment;
		}

		/**
		 * A batch listener's worker handles these messages together.
		 */
		void beginBatch(List<? extends Acknowledgment> acknowledgments, Duration ackWait) {
			this.interval = ackWait.toNanos() / 2;
			this.lastProgress = System.nanoTime();
			this.batch = acknowledgments;
		}

		void end() {
			this.acknowledgment = null;
			this.batch = null;
		}

		private void keepAlive(long now) {
			Acknowledgment current = this.acknowledgment;
			List<? extends Acknowledgment> handling = this.batch;
			if ((current == null && handling == null) || this.interval <= 0
					|| now - this.lastProgress < this.interval) {
				return;
			}
			this.lastProgress = now;
			try {
				if (current != null) {
					current.inProgress();
				}
				if (handling != null) {
					handling.forEach(Acknowledgment::inProgress);
				}
			}
			catch (RuntimeException ex) {
				logger.debug(ex, "Could not report a message in progress");
			}
		}

	}

}
