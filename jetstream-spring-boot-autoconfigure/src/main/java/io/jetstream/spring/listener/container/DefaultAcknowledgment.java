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
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Connection;
import io.nats.client.Message;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.listener.Acknowledgment;

/**
 * The {@link Acknowledgment} of one delivered message: settles it once, with a plain
 * acknowledgement by default or one the server confirms ({@code ackSync}).
 */
final class DefaultAcknowledgment implements Acknowledgment {

	private static final LogAccessor logger = new LogAccessor(DefaultAcknowledgment.class);

	private final Message message;

	private final Duration syncTimeout;

	private final boolean sync;

	private final AtomicBoolean settled = new AtomicBoolean();

	private volatile String outcome = "";

	DefaultAcknowledgment(Message message, boolean sync, Duration syncTimeout) {
		this.message = message;
		this.sync = sync;
		this.syncTimeout = syncTimeout;
	}

	@Override
	public void ack() {
		if (!this.settled.compareAndSet(false, true)) {
			return;
		}
		this.outcome = "ack";
		if (!this.sync) {
			this.message.ack();
			return;
		}
		try {
			this.message.ackSync(this.syncTimeout);
		}
		catch (TimeoutException ex) {
			// the ack may still have arrived; if not, the server redelivers after
			// ack-wait
			logger.warn(() -> "Acknowledgement of " + describe() + " not confirmed within " + this.syncTimeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void nak() {
		if (this.settled.compareAndSet(false, true)) {
			this.outcome = "nak";
			this.message.nak();
		}
	}

	@Override
	public void nakWithDelay(Duration delay) {
		if (this.settled.compareAndSet(false, true)) {
			this.outcome = "nak";
			this.message.nakWithDelay(delay);
		}
	}

	@Override
	public void term(String reason) {
		if (!this.settled.compareAndSet(false, true)) {
			return;
		}
		this.outcome = "term";
		String replyTo = this.message.getReplyTo();
		Connection connection = this.message.getConnection();
		if (replyTo != null && !reason.isBlank() && connection != null && supportsTermReason(connection)) {
			connection.publish(replyTo, ("+TERM " + reason).getBytes(StandardCharsets.UTF_8));
		}
		else {
			this.message.term();
		}
	}

	/**
	 * Older servers take "+TERM reason" for something else and leave the message pending,
	 * so the reason is sent only where the server records it.
	 */
	private static boolean supportsTermReason(Connection connection) {
		return connection.getServerInfo() != null && connection.getServerInfo().isNewerVersionThan("2.10.99");
	}

	@Override
	public void inProgress() {
		if (!this.settled.get()) {
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
