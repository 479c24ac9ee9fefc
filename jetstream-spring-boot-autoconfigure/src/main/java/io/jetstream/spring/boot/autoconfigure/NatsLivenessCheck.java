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
package io.jetstream.spring.boot.autoconfigure;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;

/**
 * Forces a reconnect when the connection reports {@code CONNECTED} but answers no pings.
 * The client's reader thread can stop without a word — jnats 2.26 ends it on a header
 * value it refuses to parse (a non-ASCII value another client sent) — and then every
 * request times out while the status stays {@code CONNECTED}, until the client's own
 * pings (two {@code nats.ping-interval}s, 4 minutes by default) notice. This check pings
 * every {@code nats.liveness-check-interval} and reconnects after two unanswered pings in
 * a row, so the connection is back within seconds.
 *
 * @since 0.1.0
 */
public final class NatsLivenessCheck implements SmartLifecycle {

	private static final LogAccessor logger = new LogAccessor(NatsLivenessCheck.class);

	private static final int FAILURES_BEFORE_RECONNECT = 2;

	private final Connection connection;

	private final Duration interval;

	private @Nullable ScheduledExecutorService scheduler;

	private int failures;

	private final AtomicLong forcedReconnects = new AtomicLong();

	/**
	 * Create a check.
	 * @param connection the connection to watch
	 * @param interval how often to ping; {@link Duration#ZERO} turns the check off
	 */
	public NatsLivenessCheck(Connection connection, Duration interval) {
		this.connection = connection;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.scheduler != null || this.interval.isZero()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "nats-liveness-check");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::check, this.interval.toMillis(), this.interval.toMillis(),
				TimeUnit.MILLISECONDS);
		this.scheduler = executor;
	}

	@Override
	public synchronized void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.scheduler != null;
	}

	/**
	 * Early in the shutdown order (the listeners stop before, the drain after): a
	 * reconnect forced while the connection drains would be wrong.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 50;
	}

	/**
	 * Return how often this check forced a reconnect: each time, the connection's reader
	 * had most likely stopped on a message it cannot parse, which the server will deliver
	 * again.
	 * @return the count
	 */
	public long getForcedReconnects() {
		return this.forcedReconnects.get();
	}

	void check() {
		if (this.connection.getStatus() != Connection.Status.CONNECTED) {
			this.failures = 0;
			return;
		}
		try {
			this.connection.RTT();
			this.failures = 0;
		}
		catch (IOException ex) {
			if (this.connection.getStatus() != Connection.Status.CONNECTED) {
				this.failures = 0;
				return;
			}
			this.failures++;
			if (this.failures >= FAILURES_BEFORE_RECONNECT) {
				this.failures = 0;
				reconnect(ex);
			}
		}
		catch (RuntimeException ex) {
			logger.debug(ex, "NATS liveness check failed");
		}
	}

	private void reconnect(IOException ex) {
		logger.warn(() -> "The NATS connection reports CONNECTED but answered " + FAILURES_BEFORE_RECONNECT
				+ " pings in a row with no pong (" + ex.getMessage() + "); its reader may have stopped on a message "
				+ "the client cannot parse (such as a non-ASCII header value from another client). Forcing a reconnect.");
		this.forcedReconnects.incrementAndGet();
		try {
			this.connection.forceReconnect();
		}
		catch (IOException reconnectFailure) {
			logger.error(reconnectFailure, "Forcing a reconnect of the NATS connection failed");
		}
		catch (InterruptedException interrupted) {
			Thread.currentThread().interrupt();
		}
	}

}
