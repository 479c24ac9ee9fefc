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

import org.jspecify.annotations.Nullable;

import io.jetstream.spring.listener.JetStreamErrorHandler;

/**
 * The asynchronous results one worker waits for: messages whose listener returned a
 * future that has not completed. Their entries stay in the run's {@link InFlight ledger},
 * which keeps them in progress. A completed result — success or failure — waits here for
 * the worker, which settles it on its own thread: the completing thread may be the
 * client's (a synchronous ack, a template publish or a dead letter there would wait for
 * that same thread). There are at most {@code bound}: the worker takes no message while
 * they are that many.
 */
final class PendingResults {

	private final int bound;

	private final Set<Pending> pending = ConcurrentHashMap.newKeySet();

	private final Queue<Pending> completed = new ConcurrentLinkedQueue<>();

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	PendingResults(int bound) {
		this.bound = bound;
	}

	/**
	 * Wait for a result.
	 * @param entry the message
	 * @param limits the consumer's limits it was taken under
	 * @param start when its handling started
	 * @param followUp whether this is the listener's follow-up of a first result
	 * ({@code JetStreamMessageListener.onResult}), whose completion settles the message
	 * @return the pending result
	 */
	Pending add(InFlight.Entry entry, JetStreamErrorHandler.ConsumerLimits limits, long start, boolean followUp) {
		Pending result = new Pending(entry, limits, start, followUp);
		this.pending.add(result);
		return result;
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
	 * A result completed, on whatever thread completed it: queued for the worker.
	 * @param result the result
	 * @param value what it completed with
	 * @param failure what it failed with, {@code null} on success
	 */
	void completed(Pending result, @Nullable Object value, @Nullable Throwable failure) {
		if (!result.done.compareAndSet(false, true)) {
			// given up at stop: the message is another delivery's now
			return;
		}
		result.value = value;
		result.failure = failure;
		this.completed.add(result);
		signal();
	}

	@Nullable Pending pollCompleted() {
		return this.completed.poll();
	}

	/**
	 * A completed result was settled (or followed by another stage).
	 * @param result the result
	 */
	void remove(Pending result) {
		this.pending.remove(result);
		signal();
	}

	/**
	 * Wait until a result completes, or the time is up.
	 * @param millis the longest wait
	 * @param waiting whether to wait still, checked first: a completion between the
	 * caller's check and the wait is not missed
	 */
	void awaitChange(long millis, BooleanSupplier waiting) throws InterruptedException {
		this.lock.lock();
		try {
			if (this.completed.isEmpty() && waiting.getAsBoolean()) {
				this.changed.await(millis, TimeUnit.MILLISECONDS);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Give up on the results still pending: their completion will be ignored. Those that
	 * completed meanwhile stay pending until the worker settles them from the completed
	 * queue (their completing thread may not have queued them yet).
	 * @return the results given up on
	 */
	List<Pending> abandon() {
		List<Pending> abandoned = new ArrayList<>();
		for (Pending result : this.pending) {
			if (result.done.compareAndSet(false, true)) {
				abandoned.add(result);
			}
		}
		this.pending.removeAll(abandoned);
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

		final InFlight.Entry entry;

		final JetStreamErrorHandler.ConsumerLimits limits;

		final long start;

		final boolean followUp;

		private final AtomicBoolean done = new AtomicBoolean();

		volatile @Nullable Object value;

		volatile @Nullable Throwable failure;

		Pending(InFlight.Entry entry, JetStreamErrorHandler.ConsumerLimits limits, long start, boolean followUp) {
			this.entry = entry;
			this.limits = limits;
			this.start = start;
			this.followUp = followUp;
		}

	}

}
