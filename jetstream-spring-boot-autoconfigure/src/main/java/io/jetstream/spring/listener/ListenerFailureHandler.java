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

package io.jetstream.spring.listener;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.nats.client.Message;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.observation.JetStreamMetricsRecorder;

/**
 * What a {@link JetStreamListenerContainer} does with a message whose listener failed:
 * asks the {@link JetStreamErrorHandler}, then naks with a delay, dead-letters (the
 * original is terminated only once the dead letter is stored), or drops.
 */
final class ListenerFailureHandler {

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final Duration BLOCKED_REPORT_INTERVAL = Duration.ofMinutes(1);

	private final String id;

	private final String stream;

	private final String consumer;

	private final ListenerContainerSettings settings;

	private final JetStreamErrorHandler errorHandler;

	private final DeadLetterPublisher deadLetterPublisher;

	private final Supplier<JetStreamMetricsRecorder> metrics;

	private final BooleanSupplier running;

	private final Pause pause;

	private final Map<Object, String> blocked = new ConcurrentHashMap<>();

	ListenerFailureHandler(String id, String stream, String consumer, ListenerContainerSettings settings,
			JetStreamErrorHandler errorHandler, DeadLetterPublisher deadLetterPublisher,
			Supplier<JetStreamMetricsRecorder> metrics, BooleanSupplier running, Pause pause) {
		this.id = id;
		this.stream = stream;
		this.consumer = consumer;
		this.settings = settings;
		this.errorHandler = errorHandler;
		this.deadLetterPublisher = deadLetterPublisher;
		this.metrics = metrics;
		this.running = running;
		this.pause = pause;
	}

	/**
	 * Keeps the message of its last allowed delivery and retries its dead letter, telling
	 * the server it is in progress, until the dead letter is stored or the container
	 * stops. Meanwhile the worker handles nothing else: it is reported as blocked
	 * (health, metric) and logged at ERROR once a minute.
	 * @return {@code true} once stored
	 */
	private boolean publishDeadLetterUntilStored(String subject, Message message, MessageMetadata metadata,
			DeadLetterReason reason, Throwable failure, Acknowledgment acknowledgment, Duration ackWait,
			RuntimeException first) {
		String held = describe(metadata) + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
				+ ": its dead letter to " + subject + " could not be stored";
		logger.error(first,
				() -> "Listener '" + this.id + "' could not store the dead letter of " + describe(metadata) + " on "
						+ subject + "; it was the last allowed delivery, so the listener keeps the message and "
						+ "retries the dead letter, handling nothing else meanwhile");
		Object key = new Object();
		this.blocked.put(key, held + " (" + first.getMessage() + ")");
		this.metrics.get().blockedWorkers(this.stream, this.consumer, 1);
		try {
			long delay = 1000;
			long attempts = 1;
			long lastReport = System.nanoTime();
			// the server drops a message of its last delivery once ack-wait passes
			// without
			// word
			long keepAlive = Math.max(100, ackWait.toMillis() / 3);
			while (this.running.getAsBoolean()) {
				long waitUntil = System.currentTimeMillis() + delay;
				while (this.running.getAsBoolean() && System.currentTimeMillis() < waitUntil) {
					acknowledgment.inProgress();
					if (!this.pause.pause(Math.min(keepAlive, Math.max(1, waitUntil - System.currentTimeMillis())))) {
						return false;
					}
				}
				try {
					attempts++;
					this.deadLetterPublisher.publish(subject, message, metadata, reason, rootCause(failure));
					long tries = attempts;
					logger.warn(() -> "Listener '" + this.id + "' dead-lettered " + describe(metadata) + " to "
							+ subject + " (" + reason.headerValue() + ") after " + tries + " attempts");
					return true;
				}
				catch (RuntimeException ex) {
					this.blocked.put(key, held + " (" + ex.getMessage() + ")");
					if (System.nanoTime() - lastReport >= BLOCKED_REPORT_INTERVAL.toNanos()) {
						lastReport = System.nanoTime();
						long tries = attempts;
						logger.error(() -> "Listener '" + this.id + "' still holds " + held + " after " + tries
								+ " attempts (" + ex.getMessage() + "); fix the dead-letter stream");
					}
					else {
						logger.debug(ex, () -> "Dead letter of " + describe(metadata) + " still not stored");
					}
					delay = Math.min(delay * 2, 30_000);
				}
			}
			logger.error(() -> "Listener '" + this.id + "' stopped before the dead letter of " + describe(metadata)
					+ " was stored. The message stays in stream " + metadata.stream() + " at sequence "
					+ metadata.streamSequence() + " unacknowledged; the server will not deliver it again "
					+ "(max-deliver reached). Fix the dead-letter stream and republish it from the stream.");
			return false;
		}
		finally {
			this.blocked.remove(key);
			this.metrics.get().blockedWorkers(this.stream, this.consumer, -1);
		}
	}

	/**
	 * Return what the workers that hold a message while retrying its dead letter hold.
	 * @return one line per blocked worker; empty if none is
	 */
	List<String> blocked() {
		return List.copyOf(this.blocked.values());
	}

	void handleFailure(Message message, MessageMetadata metadata, DefaultAcknowledgment acknowledgment,
			Throwable failure, JetStreamErrorHandler.ConsumerLimits limits) {
		ListenerErrorDecision decision;
		try {
			decision = this.errorHandler.handle(message, metadata, failure, limits);
		}
		catch (RuntimeException ex) {
			logger.error(ex, () -> "Error handler of listener '" + this.id + "' failed for " + describe(metadata));
			decision = ListenerErrorDecision.retry(Duration.ofSeconds(1));
		}
		Duration retryDelay = decision.getRetryDelay();
		DeadLetterReason reason = decision.getDeadLetterReason();
		if (retryDelay != null) {
			logger.debug(failure,
					() -> "Listener '" + this.id + "' failed on " + describe(metadata) + "; retry in " + retryDelay);
			acknowledgment.nakWithDelay(retryDelay);
		}
		else if (reason != null) {
			deadLetter(message, metadata, acknowledgment, reason, failure, limits);
		}
		else {
			logger.warn(failure, () -> "Listener '" + this.id + "' dropped " + describe(metadata));
			acknowledgment.term("dropped by the error handler");
		}
	}

	private void deadLetter(Message message, MessageMetadata metadata, DefaultAcknowledgment acknowledgment,
			DeadLetterReason reason, Throwable failure, JetStreamErrorHandler.ConsumerLimits limits) {
		String subject = this.settings.deadLetterSubject();
		if (subject == null) {
			logger.warn(failure, () -> "Listener '" + this.id + "' gave up on " + describe(metadata) + " ("
					+ reason.headerValue() + "); dead letters are off, so it is terminated");
			acknowledgment.term(reason.headerValue());
			return;
		}
		try {
			this.deadLetterPublisher.publish(subject, message, metadata, reason, rootCause(failure));
		}
		catch (RuntimeException ex) {
			boolean lastDelivery = limits.maxDeliver() > 0 && metadata.deliveredCount() >= limits.maxDeliver();
			if (lastDelivery) {
				// a nak would strand it: the server does not deliver it again after
				// max-deliver
				if (!publishDeadLetterUntilStored(subject, message, metadata, reason, failure, acknowledgment,
						limits.ackWait(), ex)) {
					return;
				}
				acknowledgment.deadLettered();
				acknowledgment.term(reason.headerValue());
				this.metrics.get().deadLettered(this.stream, this.consumer, reason.headerValue());
				return;
			}
			Duration delay = limits.backoff().isEmpty() ? Duration.ofSeconds(5) : limits.backoff().get(0);
			logger.error(ex, () -> "Listener '" + this.id + "' could not store the dead letter of " + describe(metadata)
					+ " on " + subject + "; it is nak'ed and comes back in " + delay);
			acknowledgment.nakWithDelay(delay);
			return;
		}
		acknowledgment.deadLettered();
		acknowledgment.term(reason.headerValue());
		this.metrics.get().deadLettered(this.stream, this.consumer, reason.headerValue());
		logger.warn(() -> "Listener '" + this.id + "' dead-lettered " + describe(metadata) + " to " + subject + " ("
				+ reason.headerValue() + "): " + describe(rootCause(failure)));
	}

	String describe(MessageMetadata metadata) {
		return "message " + metadata.stream() + "#" + metadata.streamSequence() + " (" + metadata.subject()
				+ ", delivery " + metadata.deliveredCount() + ")";
	}

	private static String describe(Throwable failure) {
		return failure.getClass().getName() + ": " + DeadLetterPublisher.failureMessage(failure);
	}

	static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof NonRetryableException)) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Waits while the container runs; a stop ends the wait early.
	 */
	@FunctionalInterface
	interface Pause {

		/**
		 * Wait up to the given time.
		 * @param millis the longest wait
		 * @return {@code false} if the thread was interrupted
		 */
		boolean pause(long millis);

	}

}
