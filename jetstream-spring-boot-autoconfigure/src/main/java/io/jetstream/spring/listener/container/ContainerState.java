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

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Whether a container runs and is paused, and the waits of its workers: each wait ends
 * early when the container stops, pauses or resumes.
 */
final class ContainerState {

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private volatile boolean running;

	private volatile boolean paused;

	boolean isRunning() {
		return this.running;
	}

	boolean isPaused() {
		return this.paused;
	}

	/**
	 * Whether workers should take messages: running and not paused.
	 */
	boolean isActive() {
		return this.running && !this.paused;
	}

	/**
	 * Mark the container started.
	 * @return {@code false} if it was running already
	 */
	boolean start() {
		this.lock.lock();
		try {
			if (this.running) {
				return false;
			}
			this.running = true;
			this.paused = false;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Mark the container stopped and wake every waiting worker.
	 * @return {@code false} if it was not running
	 */
	boolean stop() {
		this.lock.lock();
		try {
			if (!this.running) {
				return false;
			}
			this.running = false;
			this.changed.signalAll();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	void pause() {
		this.paused = true;
	}

	void resume() {
		this.lock.lock();
		try {
			this.paused = false;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait up to the given time while running; a stop ends the wait early.
	 * @param millis the longest wait
	 * @return {@code false} if the thread was interrupted
	 */
	boolean sleep(long millis) {
		this.lock.lock();
		try {
			if (this.running) {
				this.changed.await(millis, TimeUnit.MILLISECONDS);
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

	/**
	 * Wait while paused (and running).
	 */
	void awaitResume(long pollMillis) {
		this.lock.lock();
		try {
			while (this.paused && this.running) {
				this.changed.await(pollMillis, TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

}
