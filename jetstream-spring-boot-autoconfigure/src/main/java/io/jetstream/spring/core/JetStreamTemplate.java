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

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamStatusException;
import io.nats.client.JetStreamManagement;
import io.nats.client.NUID;
import io.nats.client.PublishOptions;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.NatsJetStreamConstants;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.log.LogAccessor;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.messaging.Message;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOffExecution;

import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.observation.DefaultJetStreamTemplateObservationConvention;
import io.jetstream.spring.observation.JetStreamTemplateObservation;
import io.jetstream.spring.observation.JetStreamPublishContext;
import io.jetstream.spring.observation.JetStreamTemplateObservationConvention;
import io.jetstream.spring.support.NatsReplies;
import io.jetstream.spring.support.PermissionViolations;
import io.jetstream.spring.support.converter.JetStreamMessageConverter;

/**
 * The default {@link JetStreamOperations}: publishes through a jnats {@link JetStream}
 * context and returns only what the server acknowledged.
 * <p>
 * Transient failures (no acknowledgement in time, no responders while a stream leader is
 * elected) are retried with the {@link #setRetryPolicy(RetryPolicy) retry policy}; so
 * that a retry after a lost acknowledgement is not stored twice, every message gets a
 * {@code Nats-Msg-Id} when it has none and retries are on (the stream's duplicate window
 * then makes the retry a no-op). A permanent failure, such as a subject no stream
 * captures, a failed expectation or a message that is too large, is never retried.
 * <p>
 * Asynchronous publishes are bounded by {@link #setMaxInFlight(int) max-in-flight}: the
 * calling thread waits for a free slot instead of piling up unbounded memory.
 *
 * @since 0.1.0
 */
public class JetStreamTemplate implements JetStreamOperations, DisposableBean {

	private static final LogAccessor logger = new LogAccessor(JetStreamTemplate.class);

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

	private final JetStream jetStream;

	private final PublishFailures failures;

	private final PayloadSerializer serializer;

	private @Nullable Supplier<ServerInfo> serverInfo;

	private @Nullable Connection connection;

	private @Nullable RetryPolicy retryPolicy;

	private @Nullable JetStreamTemplateObservationConvention observationConvention;

	private @Nullable PermissionViolations permissionViolations;

	private JetStreamMetricsRecorder metrics = JetStreamMetricsRecorder.NONE;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private boolean assignMessageIds = true;

	private @Nullable Duration timeout;

	private Semaphore inFlight = new Semaphore(256);

	private int maxInFlight = 256;

	private final ScheduledExecutorService retryScheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "jetstream-template-retry");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Create a template.
	 * @param jetStream the JetStream context to publish with
	 * @param management the management context, used to tell "no stream for this subject"
	 * from a transient failure; may be {@code null}
	 * @param messageConverter converts payloads other than {@code byte[]} and
	 * {@code String}
	 */
	public JetStreamTemplate(JetStream jetStream, @Nullable JetStreamManagement management,
			JetStreamMessageConverter messageConverter) {
		this.jetStream = jetStream;
		this.failures = new PublishFailures(management);
		this.serializer = new PayloadSerializer(messageConverter);
	}

	/**
	 * Retry transient failures with this policy; {@code null} (the default) turns retries
	 * off.
	 * @param retryPolicy the retry policy
	 */
	public void setRetryPolicy(@Nullable RetryPolicy retryPolicy) {
		this.retryPolicy = retryPolicy;
	}

	/**
	 * Observe publishes with this registry ({@code jetstream.publish}); with Micrometer
	 * Tracing, the trace context travels in the message headers.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Name and tag the publish observations with this convention instead of the
	 * {@link DefaultJetStreamTemplateObservationConvention default}.
	 * @param observationConvention the convention, or {@code null} for the default
	 */
	public void setObservationConvention(@Nullable JetStreamTemplateObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	/**
	 * Fail a publish at once, without retries, when the server reported that this user
	 * may not publish to its subject (the server answers such a publish with an
	 * asynchronous error only, so it would otherwise look like a slow server).
	 * @param permissionViolations the violations recorded on the connection
	 */
	public void setPermissionViolations(@Nullable PermissionViolations permissionViolations) {
		this.permissionViolations = permissionViolations;
	}

	/**
	 * Tell the template which server it publishes to, so that features a server does not
	 * have (it would ignore them) are refused before publishing.
	 * @param serverInfo the connected server's info
	 */
	public void setServerInfo(@Nullable Supplier<ServerInfo> serverInfo) {
		this.serverInfo = serverInfo;
	}

	/**
	 * Record stored messages with this recorder.
	 * @param metrics the recorder
	 */
	public void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
	}

	/**
	 * Whether to give a message without an id a generated {@code Nats-Msg-Id} when
	 * retries are on, so that a retry is stored once (default {@code true}).
	 * @param assignMessageIds whether to assign message ids
	 */
	public void setAssignMessageIds(boolean assignMessageIds) {
		this.assignMessageIds = assignMessageIds;
	}

	/**
	 * Wait at most this long for each acknowledgement; defaults to the JetStream
	 * context's request timeout for {@code publish} and to 2s for {@code publishAsync}.
	 * @param timeout the timeout
	 */
	public void setTimeout(@Nullable Duration timeout) {
		this.timeout = timeout;
	}

	/**
	 * Bound the number of asynchronous publishes awaiting their acknowledgement (default
	 * 256).
	 * @param maxInFlight the bound
	 */
	public void setMaxInFlight(int maxInFlight) {
		Assert.isTrue(maxInFlight > 0, "maxInFlight must be positive");
		this.maxInFlight = maxInFlight;
		this.inFlight = new Semaphore(maxInFlight);
	}

	/**
	 * Return the bound of asynchronous publishes in flight.
	 * @return the bound
	 */
	public int getMaxInFlight() {
		return this.maxInFlight;
	}

	@Override
	public PublishAck publish(String subject, Object payload) {
		return newMessage(payload).subject(subject).send();
	}

	@Override
	public PublishAck publish(io.nats.client.Message message, @Nullable String messageId) {
		Assert.hasText(message.getSubject(), "A subject is required");
		// a copy: a received message's headers are read-only, and a tracer writes into
		// them
		Headers headers = new Headers(message.getHeaders());
		byte[] data = (message.getData() != null) ? message.getData() : new byte[0];
		return send(outgoing(message.getSubject(), headers, data, messageId, null));
	}

	@Override
	public CompletableFuture<PublishAck> publishAsync(String subject, Object payload) {
		return newMessage(payload).subject(subject).sendAsync();
	}

	@Override
	public SendMessageBuilder newMessage(Object payload) {
		return new TemplateMessageBuilder(this, payload);
	}

	PublishAck send(TemplateMessageBuilder builder) {
		return send(prepare(builder));
	}

	CompletableFuture<PublishAck> sendAsync(TemplateMessageBuilder builder) {
		return sendAsync(prepare(builder));
	}

	@Override
	public <T> T request(String subject, Object payload, Class<T> replyType, Duration timeout) {
		try {
			return requestAsync(subject, payload, replyType, timeout).get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NatsRequestException(subject, NatsRequestException.Reason.FAILED, "interrupted", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof NatsRequestException failure) {
				throw failure;
			}
			throw new NatsRequestException(subject, NatsRequestException.Reason.FAILED, String.valueOf(ex.getCause()),
					ex.getCause());
		}
	}

	@Override
	public <T> CompletableFuture<T> requestAsync(String subject, Object payload, Class<T> replyType, Duration timeout) {
		Assert.hasText(subject, "A subject is required");
		Connection nats = this.connection;
		Assert.state(nats != null, "A request needs the template's connection (setConnection)");
		Headers headers = new Headers();
		byte[] data;
		try {
			data = this.serializer.serialize(subject, payload, headers);
		}
		catch (JetStreamPublishException ex) {
			return CompletableFuture.failedFuture(new NatsRequestException(subject,
					NatsRequestException.Reason.CONVERSION_FAILED, String.valueOf(ex.getCause()), ex));
		}
		Observation observation = this.observationRegistry.isNoop() ? null : JetStreamTemplateObservation.REQUEST
			.observation(this.observationRegistry, () -> new JetStreamPublishContext(headers, subject))
			.lowCardinalityKeyValue(JetStreamTemplateObservation.TemplateKeys.MESSAGING_SYSTEM.withValue("nats"))
			.contextualName(subject + " request")
			.start();
		long start = System.nanoTime();
		CompletableFuture<T> result = new CompletableFuture<>();
		CompletableFuture<io.nats.client.Message> reply;
		try {
			// jnats fails an expired request only in its cleanup task (every
			// requestCleanupInterval, 5s by default): the caller's timeout is held here
			reply = nats
				.requestWithTimeout(NatsMessage.builder().subject(subject).headers(headers).data(data).build(), timeout)
				.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			reply = CompletableFuture.failedFuture(ex);
		}
		reply.whenComplete((message, ex) -> {
			try {
				result.complete(reply(subject, replyType, timeout, start, message, ex));
			}
			catch (NatsRequestException failure) {
				result.completeExceptionally(failure);
			}
			catch (RuntimeException unexpected) {
				result.completeExceptionally(new NatsRequestException(subject, NatsRequestException.Reason.FAILED,
						String.valueOf(unexpected.getMessage()), unexpected));
			}
		});
		if (observation != null) {
			result.whenComplete((value, ex) -> {
				if (ex != null) {
					observation.error(ex);
				}
				observation.stop();
			});
		}
		return result;
	}

	/**
	 * The reply converted, or what went wrong: jnats cancels a request with nobody
	 * subscribed at once and one without reply at its timeout (or fails it with a
	 * {@code TimeoutException}, as configured), so the time taken tells them apart.
	 */
	private <T> T reply(String subject, Class<T> replyType, Duration timeout, long start,
			io.nats.client.@Nullable Message message, @Nullable Throwable ex) {
		if (ex != null || message == null) {
			Throwable cause = (ex != null) ? unwrap(ex) : null;
			boolean timedOut = cause instanceof TimeoutException
					|| System.nanoTime() - start >= timeout.toNanos() * 9 / 10;
			if (timedOut) {
				throw new NatsRequestException(subject, NatsRequestException.Reason.TIMEOUT,
						"no reply within " + timeout, cause);
			}
			if (cause instanceof CancellationException || cause instanceof JetStreamStatusException) {
				throw new NatsRequestException(subject, NatsRequestException.Reason.NO_RESPONDERS,
						"no responders: nobody subscribes to the subject", cause);
			}
			throw new NatsRequestException(subject, NatsRequestException.Reason.FAILED, String.valueOf(cause), cause);
		}
		Headers headers = message.getHeaders();
		String error = (headers != null) ? headers.getFirst(NatsReplies.ERROR_HEADER) : null;
		if (error != null) {
			String code = headers.getFirst(NatsReplies.ERROR_CODE_HEADER);
			throw new NatsRequestException(subject, NatsRequestException.Reason.ERROR_REPLY,
					"the responder answered with an error" + ((code != null) ? " " + code : "") + ": " + error, null);
		}
		T converted;
		try {
			converted = this.serializer.read(headers, message.getData(), replyType);
		}
		catch (RuntimeException conversion) {
			throw new NatsRequestException(subject, NatsRequestException.Reason.CONVERSION_FAILED,
					"the reply could not be converted to " + replyType.getName() + ": " + conversion.getMessage(),
					conversion);
		}
		if (converted == null) {
			throw new NatsRequestException(subject, NatsRequestException.Reason.CONVERSION_FAILED,
					"the reply could not be converted to " + replyType.getName(), null);
		}
		return converted;
	}

	@Override
	public BatchBuilder newBatch() {
		return new AtomicBatch(this);
	}

	/**
	 * Publish over this connection what JetStream's API does not cover (atomic batches),
	 * and tell the server's version from it.
	 * @param connection the connection the JetStream context was made from
	 */
	public void setConnection(@Nullable Connection connection) {
		this.connection = connection;
		if (connection != null && this.serverInfo == null) {
			this.serverInfo = connection::getServerInfo;
		}
	}

	/**
	 * Publish an atomic batch: each message with the batch id and its number, the last
	 * with the commit. jnats 2.26 has no API for it. The first and the last are requests:
	 * the first answer says whether the stream takes the batch at all, the last is the
	 * commit's acknowledgement; the others are sent without waiting (a message the server
	 * refused or missed fails the commit, and nothing is stored).
	 */
	PublishAck send(AtomicBatch batch) {
		Assert.state(!batch.entries.isEmpty(), "An atomic batch needs at least one message");
		String first = batch.entries.get(0).subject();
		requireServer(first, null, "2.12.0", "an atomic batch");
		Connection nats = this.connection;
		Assert.state(nats != null, "An atomic batch needs the template's connection (setConnection)");
		String batchId = NUID.nextGlobal();
		String what = "batch " + batchId;
		Duration timeout = (batch.timeout != null) ? batch.timeout
				: (this.timeout != null) ? this.timeout : DEFAULT_TIMEOUT;
		int count = batch.entries.size();
		PublishAck committed = null;
		for (int i = 0; i < count; i++) {
			AtomicBatch.Entry entry = batch.entries.get(i);
			Headers headers = new Headers();
			byte[] data = this.serializer.serialize(entry.subject(), entry.payload(), headers);
			entry.headers().forEach(headers::put);
			headers.put(NatsJetStreamConstants.NATS_BATCH_ID_HDR, batchId);
			headers.put(NatsJetStreamConstants.NATS_BATCH_SEQUENCE_HDR, Integer.toString(i + 1));
			boolean last = i == count - 1;
			if (last) {
				headers.put(NatsJetStreamConstants.NATS_BATCH_COMMIT_HDR, "1");
			}
			NatsMessage message = NatsMessage.builder().subject(entry.subject()).headers(headers).data(data).build();
			if (i == 0 || last) {
				committed = batchRequest(nats, message, timeout, what, i + 1, count);
			}
			else {
				nats.publish(message);
			}
		}
		Assert.state(committed != null, () -> "The server did not acknowledge " + what);
		for (AtomicBatch.Entry entry : batch.entries) {
			this.metrics.published(committed.getStream(), entry.subject());
		}
		return committed;
	}

	private @Nullable PublishAck batchRequest(Connection nats, NatsMessage message, Duration timeout, String what,
			int number, int count) {
		String subject = message.getSubject();
		io.nats.client.Message reply;
		try {
			reply = nats.request(message, timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JetStreamPublishException(subject, what, "interrupted; nothing of it is stored unless the "
					+ "commit (message " + count + ") reached the server", ex);
		}
		catch (CancellationException ex) {
			throw new NoStreamForSubjectException(subject, what, ex);
		}
		if (reply == null) {
			throw new JetStreamPublishException(subject, what, "no answer to message " + number + " of " + count
					+ " within " + timeout
					+ ((number == count) ? "; the batch may or may not be stored" : "; nothing of it is stored"), null);
		}
		if (reply.isStatusMessage()) {
			throw (reply.getStatus().getCode() == Status.NO_RESPONDERS_CODE)
					? new NoStreamForSubjectException(subject, what, null)
					: new JetStreamPublishException(subject, what, "the server answered message " + number + " with "
							+ reply.getStatus().getCode() + " " + reply.getStatus().getMessage(), null);
		}
		if (reply.getData() == null || reply.getData().length == 0) {
			// staged, not yet committed
			return null;
		}
		try {
			return new PublishAck(reply);
		}
		catch (JetStreamApiException ex) {
			JetStreamPublishException failure = this.failures.translate(subject, what, message.getData().length, ex,
					null, this.permissionViolations);
			throw (failure != null) ? failure : new JetStreamPublishException(subject, what, ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new JetStreamPublishException(subject, what, "unreadable answer: " + ex.getMessage(), ex);
		}
	}

	@Override
	public void destroy() {
		this.retryScheduler.shutdownNow();
	}

	private PublishAck send(Outgoing message) {
		if (this.observationRegistry.isNoop()) {
			return sendWithRetries(message);
		}
		// started before the publish, so that a tracer writes its context into the
		// headers
		Observation observation = publishObservation(message).start();
		try {
			return sendWithRetries(message);
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private Observation publishObservation(Outgoing message) {
		return JetStreamTemplateObservation.PUBLISH.observation(this.observationConvention,
				DefaultJetStreamTemplateObservationConvention.INSTANCE,
				() -> new JetStreamPublishContext(message.headers(), message.subject()), this.observationRegistry);
	}

	private PublishAck sendWithRetries(Outgoing message) {
		BackOffExecution backOff = null;
		while (true) {
			try {
				return stored(message, this.jetStream.publish(message.subject(), message.headers(), message.data(),
						message.options()));
			}
			catch (Exception ex) {
				JetStreamPublishException failure = translate(message, ex);
				if (failure != null) {
					throw failure;
				}
				if (backOff == null) {
					backOff = startBackOff();
				}
				long delay = (backOff != null) ? backOff.nextBackOff() : BackOffExecution.STOP;
				if (delay == BackOffExecution.STOP) {
					throw gaveUp(message, ex);
				}
				logRetry(message, ex, delay);
				sleep(message, delay);
			}
		}
	}

	private CompletableFuture<PublishAck> sendAsync(Outgoing message) {
		try {
			this.inFlight.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return CompletableFuture.failedFuture(new JetStreamPublishException(message.subject(), message.messageId(),
					"interrupted while waiting for a free in-flight slot", ex));
		}
		CompletableFuture<PublishAck> result = new CompletableFuture<>();
		result.whenComplete((ack, ex) -> this.inFlight.release());
		if (!this.observationRegistry.isNoop()) {
			Observation observation = publishObservation(message).start();
			result.whenComplete((ack, ex) -> {
				if (ex != null) {
					observation.error(ex);
				}
				observation.stop();
			});
		}
		attemptAsync(message, result, null);
		return result;
	}

	private void attemptAsync(Outgoing message, CompletableFuture<PublishAck> result,
			@Nullable BackOffExecution backOff) {
		CompletableFuture<PublishAck> attempt;
		try {
			attempt = this.jetStream.publishAsync(message.subject(), message.headers(), message.data(),
					message.options());
			Duration own = message.timeout();
			attempt = attempt.orTimeout((own != null) ? own.toMillis() : timeoutMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			attempt = CompletableFuture.failedFuture(ex);
		}
		attempt.whenComplete((ack, ex) -> {
			if (ex == null) {
				result.complete(stored(message, ack));
				return;
			}
			// Classifying may ask the server which stream captures the subject: never on
			// a
			// client thread, which may be the one that has to read the answer.
			this.retryScheduler.execute(() -> retryAsync(message, result, backOff, unwrap(ex)));
		});
	}

	private void retryAsync(Outgoing message, CompletableFuture<PublishAck> result, @Nullable BackOffExecution backOff,
			Throwable ex) {
		try {
			JetStreamPublishException failure = translate(message, ex);
			if (failure != null) {
				result.completeExceptionally(failure);
				return;
			}
			BackOffExecution execution = (backOff != null) ? backOff : startBackOff();
			long delay = (execution != null) ? execution.nextBackOff() : BackOffExecution.STOP;
			if (delay == BackOffExecution.STOP) {
				result.completeExceptionally(gaveUp(message, ex));
				return;
			}
			logRetry(message, ex, delay);
			this.retryScheduler.schedule(() -> attemptAsync(message, result, execution), delay, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException unexpected) {
			result.completeExceptionally(unexpected);
		}
	}

	private PublishAck stored(Outgoing message, PublishAck ack) {
		if (!ack.isDuplicate()) {
			this.metrics.published(ack.getStream(), message.subject());
		}
		return ack;
	}

	private @Nullable BackOffExecution startBackOff() {
		return (this.retryPolicy != null) ? this.retryPolicy.getBackOff().start() : null;
	}

	/**
	 * Translate a failure to the exception for the caller, or return {@code null} when it
	 * is transient and the retry policy allows a retry.
	 */
	private @Nullable JetStreamPublishException translate(Outgoing message, Throwable ex) {
		return this.failures.translate(message.subject(), message.messageId(), message.data().length, ex,
				this.retryPolicy, this.permissionViolations);
	}

	private JetStreamPublishException gaveUp(Outgoing message, Throwable ex) {
		return this.failures.gaveUp(message.subject(), message.messageId(), ex, this.retryPolicy != null);
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable current = ex;
		while ((current instanceof CompletionException || current instanceof ExecutionException
				|| current.getClass() == RuntimeException.class) && current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private long timeoutMillis() {
		return (this.timeout != null) ? this.timeout.toMillis() : DEFAULT_TIMEOUT.toMillis();
	}

	private static void logRetry(Outgoing message, Throwable ex, long delay) {
		logger.debug(() -> "Publish to '" + message.subject() + "' (id " + message.messageId() + ") failed with "
				+ ex.getMessage() + "; retrying in " + delay + "ms");
	}

	private static void sleep(Outgoing message, long delay) {
		try {
			Thread.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new JetStreamPublishException(message.subject(), message.messageId(),
					"interrupted while waiting to retry", ex);
		}
	}

	private Outgoing prepare(TemplateMessageBuilder builder) {
		Assert.hasText(builder.subject, "A subject is required");
		if (builder.ttl != null) {
			requireServer(builder.subject, builder.messageId, "2.11.0", "a per-message TTL");
		}
		Headers headers = new Headers();
		byte[] data = this.serializer.serialize(builder.subject, builder.payload, headers);
		// put, not add: a header the caller sets (Content-Type, say) replaces the default
		builder.headers.forEach(headers::put);
		return outgoing(builder.subject, headers, data, builder.messageId, builder);
	}

	/**
	 * Refuse a feature the connected server does not have: an older server would store
	 * the message and ignore what it does not know.
	 */
	private void requireServer(String subject, @Nullable String messageId, String version, String feature) {
		ServerInfo server = (this.serverInfo != null) ? this.serverInfo.get() : null;
		if (server != null && server.isOlderThanVersion(version)) {
			throw new JetStreamPublishException(subject, messageId, feature + " needs nats-server " + version
					+ " or newer; the connected server is " + server.getVersion(), null);
		}
	}

	private Outgoing outgoing(String subject, Headers headers, byte[] data, @Nullable String requestedId,
			@Nullable TemplateMessageBuilder builder) {
		String messageId = requestedId;
		if (messageId == null && this.assignMessageIds && this.retryPolicy != null) {
			messageId = NUID.nextGlobal();
		}
		Duration timeout = (builder != null && builder.timeout != null) ? builder.timeout : this.timeout;
		if (messageId == null && timeout == null && (builder == null || !builder.hasExpectations())) {
			return new Outgoing(subject, headers, data, null, null, null);
		}
		PublishOptions.Builder options = PublishOptions.builder();
		if (messageId != null) {
			options.messageId(messageId);
		}
		if (builder != null) {
			builder.applyExpectations(options);
		}
		if (timeout != null) {
			options.streamTimeout(timeout);
		}
		return new Outgoing(subject, headers, data, options.build(), messageId,
				(builder != null) ? builder.timeout : null);
	}

}
