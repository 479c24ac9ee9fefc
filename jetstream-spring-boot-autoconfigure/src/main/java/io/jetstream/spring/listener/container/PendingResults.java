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

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.listener.JetStreamErrorHandler;

/**
 * The asynchronous results one worker waits for: messages whose listener returned a
 * future that has not completed. They are reported in progress every half ack-wait until
 * it does; a result that failed waits here for the worker, which hands it to the error
 * handler on its own thread (a dead letter may take long to store, and a completing
 * thread may be the client's). There are at most {@code bound}: the worker takes no
 * message while they are that many.
 */
final class PendingResults {

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private final int bound;

	private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

	private final Queue<Pending> failed = new ConcurrentLinkedQueue<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	PendingResults(int bound) {
		this.bound = bound;
	}

	Pending add(Message message, DefaultAcknowledgment acknowledgment, JetStreamErrorHandler.ConsumerLimits limits,
			long start) {
		Pending entry = new Pending(message, acknowledgment, limits, start);
		this.pending.add(entry);
		return entry;
	}

	boolean isFull() {
		return this.pending.size() >= this.bound;
	}

	boolean isEmpty() {
		return this.pending.isEmpty();
	}

	int size() {
		return this.pending.size();
	}

	/**
	 * A result settled on the thread that completed it.
	 */
	void remove(Pending entry) {
		this.pending.remove(entry);
		signal();
	}

	/**
	 * A result that failed, for the worker to settle.
	 */
	void failed(Pending entry, Throwable failure) {
		entry.failure = failure;
		this.failed.add(entry);
		signal();
	}

	@Nullable Pending pollFailed() {
		return this.failed.poll();
	}

	/**
	 * Wait until a result completes or fails, or the time is up.
	 * @param millis the longest wait
	 * @param waiting whether to wait still, checked first: a completion between the
	 * caller's check and the wait is not missed
	 */
	void awaitChange(long millis, BooleanSupplier waiting) throws InterruptedException {
		this.lock.lock();
		try {
			if (this.failed.isEmpty() && waiting.getAsBoolean()) {
				this.changed.await(millis, TimeUnit.MILLISECONDS);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Report pending results in progress, every half ack-wait each.
	 */
	void keepAlive(long now) {
		for (Pending entry : this.pending) {
			long interval = entry.limits.ackWait().toNanos() / 2;
			if (!entry.done.get() && interval > 0 && now - entry.lastProgress >= interval) {
				entry.lastProgress = now;
				try {
					entry.acknowledgment.inProgress();
				}
				catch (RuntimeException ex) {
					logger.debug(ex, "Could not report a pending result in progress");
				}
			}
		}
	}

	/**
	 * Give up on the results still pending: their completion will be ignored.
	 * @return them
	 */
	List<Pending> abandon() {
		List<Pending> abandoned = new ArrayList<>();
		for (Pending entry : this.pending) {
			if (entry.done.compareAndSet(false, true)) {
				abandoned.add(entry);
			}
		}
		this.pending.clear();
		return abandoned;
	}

	private void signal() {
		this.lock.lock();
		try {
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * One message whose result is pending.
	 */
	static final class Pending {

		final Message message;

		final DefaultAcknowledgment acknowledgment;

		final JetStreamErrorHandler.ConsumerLimits limits;

		final long start;

		final AtomicBoolean done = new AtomicBoolean();

		volatile long lastProgress;

		volatile @Nullable Throwable failure;

		Pending(Message message, DefaultAcknowledgment acknowledgment, JetStreamErrorHandler.ConsumerLimits limits,
				long start) {
			this.message = message;
			this.acknowledgment = acknowledgment;
			this.limits = limits;
			this.start = start;
			this.lastProgress = start;
		}

		/**
		 * @return whether the result is this one's to settle (not abandoned)
		 */
		boolean complete() {
			return this.done.compareAndSet(false, true);
		}

	}

}
