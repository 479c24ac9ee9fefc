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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.jetstream.spring.observation.DefaultJetStreamListenerObservationConvention;
import io.jetstream.spring.observation.JetStreamListenerObservation;
import io.jetstream.spring.observation.JetStreamListenerObservation.ListenerKeys;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.observation.JetStreamProcessContext;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.DeadLetterReason;

import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.Acknowledgment;
import io.jetstream.spring.listener.BatchListenerFailedException;
import io.jetstream.spring.listener.JetStreamBatchMessageListener;
import io.jetstream.spring.listener.DeadLetterPublishingRecoverer;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamListenerInterceptor;
import io.jetstream.spring.listener.JetStreamMessageListener;
import io.jetstream.spring.listener.ListenerErrorDecision;
import io.jetstream.spring.listener.MessageMetadata;

/**
 * Handles one pulled message for a {@link JetStreamListenerContainer}: hands it to the
 * listener, acknowledges it when the listener returns (auto mode), and otherwise asks the
 * {@link JetStreamErrorHandler} and carries out its decision — nak with a delay, a dead
 * letter through the {@link DeadLetterPublishingRecoverer} (stored before the original is
 * terminated), or a drop. Each outcome is recorded once, here. When it is done with a
 * message, the message has left the run's {@link InFlight ledger}: settled, or released
 * to the application (manual ack mode) or to the server's ack-wait.
 */
final class ListenerMessageProcessor {

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final Duration BLOCKED_REPORT_INTERVAL = Duration.ofMinutes(1);

	/** The outcome of a message redriven for another consumer of the stream. */
	private static final String SKIPPED = "skipped";

	private final String id;

	private final JetStreamContainerProperties properties;

	private final JetStreamMessageListener listener;

	private final Map<Object, String> blocked = new ConcurrentHashMap<>();

	private volatile JetStreamMetricsRecorder metrics = JetStreamMetricsRecorder.NONE;

	private volatile JetStreamMetricsRecorder.ConsumerRecorder consumerMetrics;

	private final String redriveTarget;

	ListenerMessageProcessor(String id, JetStreamContainerProperties properties, JetStreamMessageListener listener) {
		this.id = id;
		this.properties = properties;
		this.listener = listener;
		this.consumerMetrics = this.metrics.forConsumer(properties.getStream(), properties.getConsumer());
		this.redriveTarget = properties.getStream() + "/" + properties.getConsumer();
	}

	void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
		this.consumerMetrics = metrics.forConsumer(this.properties.getStream(), this.properties.getConsumer());
	}

	/**
	 * Return what the workers that hold a message while retrying its dead letter hold.
	 * @return one line per blocked worker; empty if none is
	 */
	List<String> blocked() {
		return List.copyOf(this.blocked.values());
	}

	/**
	 * Handle one message taken by a worker.
	 * @param acknowledgment the message's ledger entry
	 * @param limits the consumer's limits
	 * @param results the worker's pending results, where an asynchronous result waits
	 * @param state the run's state (a dead letter's retries end with the run)
	 */
	void process(InFlight.Entry acknowledgment, JetStreamErrorHandler.ConsumerLimits limits, PendingResults results,
			ContainerState state) {
		Message message = acknowledgment.message;
		if (redrivenForAnother(message)) {
			acknowledgment.ack();
			record(SKIPPED, null);
			return;
		}
		boolean manual = this.properties.getAckMode() == AckMode.MANUAL;
		JetStreamListenerInterceptor interceptor = this.properties.getInterceptor();
		Throwable failure = null;
		CompletionStage<?> result = null;
		boolean skipped = false;
		long start = System.nanoTime();
		try {
			if (interceptor != null && !interceptor.intercept(message)) {
				skipped = true;
			}
			else {
				result = observed(message, manual ? acknowledgment : null);
			}
		}
		catch (Throwable ex) {
			failure = ex;
		}
		finally {
			if (result == null) {
				this.consumerMetrics.processed(System.nanoTime() - start);
			}
		}
		if (skipped) {
			skip(message, acknowledgment);
			return;
		}
		if (result != null) {
			await(results, acknowledgment, limits, start, result, false);
			return;
		}
		settle(message, acknowledgment, failure, limits, state);
	}

	/**
	 * Call the listener inside the message's observation, which lasts until an
	 * asynchronous result completes.
	 */
	private @Nullable CompletionStage<?> observed(Message message, @Nullable Acknowledgment acknowledgment)
			throws Exception {
		ObservationRegistry registry = this.properties.getObservationRegistry();
		if (registry.isNoop()) {
			return this.listener.onMessageAsync(message, acknowledgment);
		}
		Observation observation = JetStreamListenerObservation.PROCESS
			.observation(this.properties.getObservationConvention(),
					DefaultJetStreamListenerObservationConvention.INSTANCE,
					() -> new JetStreamProcessContext(message, this.properties.getStream(),
							this.properties.getConsumer()),
					registry)
			.start();
		CompletionStage<?> pending;
		try (Observation.Scope scope = observation.openScope()) {
			pending = this.listener.onMessageAsync(message, acknowledgment);
		}
		catch (Exception | Error ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		if (pending == null) {
			observation.stop();
			return null;
		}
		return pending.whenComplete((value, ex) -> {
			if (ex != null) {
				observation.error((ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex);
			}
			observation.stop();
		});
	}

	/**
	 * The observation of a batch, started; {@code null} without a registry.
	 */
	private @Nullable Observation startBatchObservation(int size) {
		ObservationRegistry registry = this.properties.getObservationRegistry();
		if (registry.isNoop()) {
			return null;
		}
		return JetStreamListenerObservation.BATCH_PROCESS.observation(registry, Observation.Context::new)
			.lowCardinalityKeyValue(ListenerKeys.MESSAGING_SYSTEM.withValue("nats"))
			.lowCardinalityKeyValue(ListenerKeys.DESTINATION.withValue(this.properties.getStream()))
			.lowCardinalityKeyValue(ListenerKeys.CONSUMER.withValue(this.properties.getConsumer()))
			.highCardinalityKeyValue(ListenerKeys.BATCH_MESSAGE_COUNT.withValue(Integer.toString(size)))
			.contextualName(this.properties.getStream() + " process batch")
			.start();
	}

	/**
	 * Wait for a stage: its completion, on whatever thread, only queues it for the
	 * worker.
	 */
	private static void await(PendingResults results, InFlight.Entry entry, JetStreamErrorHandler.ConsumerLimits limits,
			long start, CompletionStage<?> stage, boolean followUp) {
		PendingResults.Pending pending = results.add(entry, limits, start, followUp);
		stage.whenComplete((value, ex) -> results.completed(pending, value,
				(ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex));
	}

	/**
	 * Handle the messages one worker collected for a batch listener: those redriven for
	 * another consumer or skipped by the interceptor are acknowledged, those the listener
	 * cannot convert are settled one by one (dead-lettered), the rest go to the method
	 * together. Returning acknowledges them all; a {@link BatchListenerFailedException}
	 * acknowledges those before its index, settles the one at it as failed and hands the
	 * rest to the method again, as a batch of their own (not nak'ed for redelivery: a nak
	 * would end those of their last allowed delivery); any other exception is settled as
	 * the failure of each.
	 */
	void processBatch(List<InFlight.Entry> entries, JetStreamBatchMessageListener batchListener,
			JetStreamErrorHandler.ConsumerLimits limits, ContainerState state) {
		List<InFlight.Entry> rest = entries;
		while (!rest.isEmpty()) {
			// each round settles at least the message that failed: the rest gets shorter
			rest = processBatchOnce(rest, batchListener, limits, state);
		}
	}

	/**
	 * @return the messages after the one a {@link BatchListenerFailedException} named,
	 * still to be handled; empty otherwise
	 */
	private List<InFlight.Entry> processBatchOnce(List<InFlight.Entry> entries,
			JetStreamBatchMessageListener batchListener, JetStreamErrorHandler.ConsumerLimits limits,
			ContainerState state) {
		JetStreamListenerInterceptor interceptor = this.properties.getInterceptor();
		Map<Message, InFlight.Entry> acknowledgments = new IdentityHashMap<>();
		List<Message> candidates = new ArrayList<>(entries.size());
		for (InFlight.Entry acknowledgment : entries) {
			Message message = acknowledgment.message;
			if (redrivenForAnother(message)) {
				acknowledgment.ack();
				record(SKIPPED, null);
				continue;
			}
			try {
				if (interceptor != null && !interceptor.intercept(message)) {
					skip(message, acknowledgment);
					continue;
				}
			}
			catch (RuntimeException ex) {
				settle(message, acknowledgment, ex, limits, state);
				continue;
			}
			acknowledgments.put(message, acknowledgment);
			candidates.add(message);
		}
		if (candidates.isEmpty()) {
			return List.of();
		}
		JetStreamBatchMessageListener.Batch batch;
		try {
			batch = batchListener.prepare(candidates);
		}
		catch (RuntimeException ex) {
			candidates.forEach((message) -> settle(message, acknowledgments.get(message), ex, limits, state));
			return List.of();
		}
		batch.refused()
			.forEach((message, failure) -> settle(message, acknowledgments.get(message), failure, limits, state));
		List<Message> accepted = batch.accepted();
		if (accepted.isEmpty()) {
			return List.of();
		}
		List<InFlight.Entry> handling = accepted.stream().map(acknowledgments::get).toList();
		Throwable failure = null;
		long start = System.nanoTime();
		Observation observation = startBatchObservation(accepted.size());
		try (Observation.Scope scope = (observation != null) ? observation.openScope() : null) {
			batchListener.onMessages(batch);
		}
		catch (Throwable ex) {
			failure = ex;
			if (observation != null) {
				observation.error(ex);
			}
		}
		finally {
			if (observation != null) {
				observation.stop();
			}
			long each = (System.nanoTime() - start) / accepted.size();
			for (int i = 0; i < accepted.size(); i++) {
				this.consumerMetrics.processed(each);
			}
		}
		if (failure instanceof BatchListenerFailedException failed && failed.getIndex() >= 0
				&& failed.getIndex() < accepted.size()) {
			int index = failed.getIndex();
			Throwable cause = (failed.getCause() != null) ? failed.getCause() : failed;
			for (int i = 0; i < index; i++) {
				settle(accepted.get(i), handling.get(i), null, limits, state);
			}
			settle(accepted.get(index), handling.get(index), cause, limits, state);
			return List.copyOf(handling.subList(index + 1, handling.size()));
		}
		for (int i = 0; i < accepted.size(); i++) {
			settle(accepted.get(i), handling.get(i), failure, limits, state);
		}
		return List.of();
	}

	/**
	 * Settle the completed asynchronous results of one worker, on the worker's thread: a
	 * success is followed up by the listener ({@code onResult}, which may return one more
	 * stage to wait for) and acknowledged, a failure goes to the error handler.
	 * @param results the worker's results
	 * @param state the run's state
	 */
	void settleCompleted(PendingResults results, ContainerState state) {
		PendingResults.Pending done;
		while ((done = results.pollCompleted()) != null) {
			try {
				settleCompleted(results, done, state);
			}
			catch (RuntimeException ex) {
				PendingResults.Pending failed = done;
				logger.warn(ex, () -> "Listener '" + this.id + "' could not settle "
						+ describe(MessageMetadata.of(failed.entry.message)) + " after its result completed");
			}
			finally {
				results.remove(done);
			}
		}
	}

	private void settleCompleted(PendingResults results, PendingResults.Pending done, ContainerState state) {
		InFlight.Entry entry = done.entry;
		Throwable failure = done.failure;
		if (!done.followUp) {
			this.consumerMetrics.processed(System.nanoTime() - done.start);
			if (failure == null) {
				CompletionStage<?> next = null;
				try {
					next = this.listener.onResult(entry.message, done.value);
				}
				catch (Throwable ex) {
					failure = ex;
				}
				if (next != null) {
					await(results, entry, done.limits, done.start, next, true);
					return;
				}
			}
		}
		settle(entry.message, entry, failure, done.limits, state);
	}

	private void settle(Message message, InFlight.Entry acknowledgment, @Nullable Throwable failure,
			JetStreamErrorHandler.ConsumerLimits limits, ContainerState state) {
		try {
			afterOutcome(message, settleAndRecord(message, acknowledgment, failure, limits, state), failure);
		}
		finally {
			if (!acknowledgment.isSettled()) {
				// manual ack mode: the application has it now; or the run ended before
				// its dead letter was stored: the server's ack-wait takes over
				acknowledgment.release();
			}
		}
	}

	/**
	 * @return the outcome, as recorded
	 */
	private String settleAndRecord(Message message, InFlight.Entry acknowledgment, @Nullable Throwable failure,
			JetStreamErrorHandler.ConsumerLimits limits, ContainerState state) {
		boolean manual = this.properties.getAckMode() == AckMode.MANUAL;
		if (failure == null) {
			if (!manual) {
				acknowledgment.ack();
			}
			record(acknowledgment.outcome(), null);
			return acknowledgment.outcome();
		}
		MessageMetadata metadata = MessageMetadata.of(message);
		if (acknowledgment.isSettled()) {
			Throwable settledFailure = failure;
			logger.warn(settledFailure, () -> "Listener '" + this.id + "' threw after settling " + describe(metadata));
			return acknowledgment.outcome();
		}
		DeadLetterReason deadLettered = handleFailure(message, metadata, acknowledgment, failure, limits, state);
		record(acknowledgment.outcome(), deadLettered);
		return (deadLettered != null) ? "dead_letter" : acknowledgment.outcome();
	}

	/**
	 * A message the interceptor skipped: acknowledged without the listener, and counted.
	 */
	private void skip(Message message, InFlight.Entry acknowledgment) {
		acknowledgment.ack();
		record(SKIPPED, null);
		afterOutcome(message, SKIPPED, null);
	}

	private void afterOutcome(Message message, String outcome, @Nullable Throwable failure) {
		JetStreamListenerInterceptor interceptor = this.properties.getInterceptor();
		if (interceptor == null) {
			return;
		}
		try {
			interceptor.afterOutcome(message, outcome, failure);
		}
		catch (RuntimeException ex) {
			logger.warn(ex, () -> "Interceptor of listener '" + this.id + "' failed after the outcome of "
					+ describe(MessageMetadata.of(message)));
		}
	}

	/**
	 * Whether the message is a dead letter this application redrove for another consumer
	 * of the stream: the header alone is what any publisher can write, and never makes a
	 * listener skip a message; its signature must verify.
	 */
	private boolean redrivenForAnother(Message message) {
		if (!message.hasHeaders()) {
			return false;
		}
		String target = message.getHeaders().getFirst(DeadLetterHeaders.REDRIVE_FOR);
		if (target == null || target.equals(this.redriveTarget)) {
			return false;
		}
		if (this.properties.getRedriveSignature().verify(message)) {
			return true;
		}
		logger.debug(() -> "Listener '" + this.id + "' handles " + describe(MessageMetadata.of(message)) + ": its "
				+ DeadLetterHeaders.REDRIVE_FOR + " (" + target + ") has no signature made with the redrive key");
		return false;
	}

	/**
	 * The one place outcomes are counted: a dead letter is a {@code dead_letter} outcome
	 * and a dead letter with its reason.
	 */
	private void record(String outcome, @Nullable DeadLetterReason deadLettered) {
		if (deadLettered != null) {
			this.consumerMetrics.consumed("dead_letter");
			this.metrics.deadLettered(this.properties.getStream(), this.properties.getConsumer(),
					deadLettered.headerValue());
		}
		else if (!outcome.isEmpty()) {
			this.consumerMetrics.consumed(outcome);
		}
	}

	/**
	 * @return the reason of the dead letter stored, or {@code null} if none was
	 */
	private @Nullable DeadLetterReason handleFailure(Message message, MessageMetadata metadata,
			InFlight.Entry acknowledgment, Throwable failure, JetStreamErrorHandler.ConsumerLimits limits,
			ContainerState state) {
		ListenerErrorDecision decision;
		try {
			decision = this.properties.getErrorHandler().handle(message, metadata, failure, limits);
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
			return null;
		}
		if (reason == null) {
			logger.warn(failure, () -> "Listener '" + this.id + "' dropped " + describe(metadata));
			acknowledgment.term("dropped by the error handler");
			return null;
		}
		return deadLetter(message, metadata, acknowledgment, reason, failure, limits, state) ? reason : null;
	}

	private boolean deadLetter(Message message, MessageMetadata metadata, InFlight.Entry acknowledgment,
			DeadLetterReason reason, Throwable failure, JetStreamErrorHandler.ConsumerLimits limits,
			ContainerState state) {
		DeadLetterPublishingRecoverer recoverer = this.properties.getRecoverer();
		if (recoverer == null) {
			logger.warn(failure, () -> "Listener '" + this.id + "' gave up on " + describe(metadata) + " ("
					+ reason.headerValue() + "); dead letters are off, so it is terminated");
			acknowledgment.term(reason.headerValue());
			return false;
		}
		try {
			recoverer.recover(message, metadata, reason, failure, acknowledgment);
		}
		catch (RuntimeException ex) {
			if (limits.isLastDelivery(metadata.deliveredCount())) {
				// a nak would strand it: the server does not deliver it again after
				// max-deliver
				return recoverUntilStored(recoverer, message, metadata, reason, failure, acknowledgment, state, ex);
			}
			Duration delay = limits.backoff().isEmpty() ? Duration.ofSeconds(5) : limits.backoff().get(0);
			logger.error(ex, () -> "Listener '" + this.id + "' could not store the dead letter of " + describe(metadata)
					+ "; it is nak'ed and comes back in " + delay);
			acknowledgment.nakWithDelay(delay);
			return false;
		}
		logger.warn(() -> "Listener '" + this.id + "' dead-lettered " + describe(metadata) + " (" + reason.headerValue()
				+ "): " + describe(DeadLetterPublishingRecoverer.rootCause(failure)));
		return true;
	}

	/**
	 * Keeps the message of its last allowed delivery and retries its dead letter (1s
	 * doubling to 30s) until the dead letter is stored or the run stops; the ledger keeps
	 * the message in progress meanwhile. Meanwhile the worker handles nothing else: it is
	 * reported as blocked (health, metric) and logged at ERROR once a minute.
	 * @return {@code true} once stored
	 */
	private boolean recoverUntilStored(DeadLetterPublishingRecoverer recoverer, Message message,
			MessageMetadata metadata, DeadLetterReason reason, Throwable failure, Acknowledgment acknowledgment,
			ContainerState state, RuntimeException first) {
		String subject = destination(recoverer, message, metadata, failure);
		String held = describe(metadata) + " since " + Instant.now().truncatedTo(ChronoUnit.SECONDS)
				+ ": its dead letter to " + subject + " could not be stored";
		logger.error(first,
				() -> "Listener '" + this.id + "' could not store the dead letter of " + describe(metadata) + " on "
						+ subject + "; it was the last allowed delivery, so the listener keeps the message and "
						+ "retries the dead letter, handling nothing else meanwhile");
		Object key = new Object();
		this.blocked.put(key, held + " (" + first.getMessage() + ")");
		this.metrics.blockedWorkers(this.properties.getStream(), this.properties.getConsumer(), 1);
		try {
			ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
			backOff.setMaxInterval(30_000);
			BackOffExecution delays = backOff.start();
			long attempts = 1;
			long lastReport = System.nanoTime();
			while (state.isRunning()) {
				long waitUntil = System.currentTimeMillis() + delays.nextBackOff();
				while (state.isRunning() && System.currentTimeMillis() < waitUntil) {
					if (!state.sleep(Math.max(1, waitUntil - System.currentTimeMillis()))) {
						return false;
					}
				}
				if (!state.isRunning()) {
					break;
				}
				try {
					attempts++;
					recoverer.recover(message, metadata, reason, failure, acknowledgment);
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
			this.metrics.blockedWorkers(this.properties.getStream(), this.properties.getConsumer(), -1);
		}
	}

	/**
	 * The dead-letter subject for log lines and health; a resolver that fails here fails
	 * in {@code recover()} too, which reports it.
	 */
	private static String destination(DeadLetterPublishingRecoverer recoverer, Message message,
			MessageMetadata metadata, Throwable failure) {
		try {
			return recoverer.resolveDestination(message, metadata, failure);
		}
		catch (RuntimeException ex) {
			return "(no subject: " + ex.getMessage() + ")";
		}
	}

	static String describe(MessageMetadata metadata) {
		return "message " + metadata.stream() + "#" + metadata.streamSequence() + " (" + metadata.subject()
				+ ", delivery " + metadata.deliveredCount() + ")";
	}

	private static String describe(Throwable failure) {
		return failure.getClass().getName() + ": " + DeadLetterPublishingRecoverer.failureMessage(failure);
	}

}
