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
package io.jetstream.spring.core;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Times out asynchronous publishes that all wait the same time: one queue in the order
 * they were made, swept every 100ms while it is not empty, instead of a scheduled task
 * per publish ({@code CompletableFuture.orTimeout} schedules one and cancels it again,
 * which cost the template about a tenth of its asynchronous throughput). A publish times
 * out between its timeout and 100ms later. The sweep runs on the JDK's delayed executor,
 * as {@code orTimeout} does, never on the template's retry thread, which may be waiting
 * for the server.
 */
final class PublishTimeouts {

	private static final Executor SWEEPS = CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS);

	private final Queue<Watched> watched = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean sweeping = new AtomicBoolean();

	/**
	 * Complete the future with a {@link TimeoutException} if it is not done after the
	 * timeout; every future watched must have the same timeout, so that they expire in
	 * the order they were watched.
	 * @param future the future
	 * @param timeoutMillis the timeout
	 */
	void watch(CompletableFuture<?> future, long timeoutMillis) {
		this.watched.add(new Watched(future, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis)));
		if (this.sweeping.compareAndSet(false, true)) {
			SWEEPS.execute(this::sweepAndReschedule);
		}
	}

	private void sweepAndReschedule() {
		sweep();
		if (this.watched.isEmpty()) {
			this.sweeping.set(false);
			// one watched since isEmpty() would otherwise wait for the next watch
			if (this.watched.isEmpty() || !this.sweeping.compareAndSet(false, true)) {
				return;
			}
		}
		SWEEPS.execute(this::sweepAndReschedule);
	}

	/**
	 * Drop the done ones from the head and time out the expired ones.
	 */
	void sweep() {
		long now = System.nanoTime();
		Watched head;
		while ((head = this.watched.peek()) != null) {
			if (!head.future().isDone()) {
				if (now - head.deadline() < 0) {
					return;
				}
				head.future().completeExceptionally(new TimeoutException());
			}
			this.watched.poll();
		}
	}

	private record Watched(CompletableFuture<?> future, long deadline) {
	}

}
