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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;
import org.springframework.core.log.LogAccessor;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.util.Assert;

import io.jetstream.spring.observation.JetStreamListenerObservation;
import io.jetstream.spring.observation.JetStreamListenerObservation.ListenerKeys;
import io.jetstream.spring.core.PayloadSerializer;
import io.jetstream.spring.listener.adapter.AsyncResults;
import io.jetstream.spring.support.HeaderValues;
import io.jetstream.spring.support.JetStreamHeaders;
import io.jetstream.spring.support.NatsReplies;
import io.jetstream.spring.support.Subjects;

/**
 * Runs a {@code @NatsListener} method on a core NATS subject: one dispatcher (a thread
 * and a subscription) per unit of concurrency, all in the queue group when there is one.
 * A non-null result answers the message's reply subject; a failure answers with an error
 * reply ({@value NatsReplies#ERROR_HEADER}, code {@code 400} when the request could not
 * be read, else {@code 500}). Core NATS delivers at most once: a message that fails
 * without a reply subject is logged at ERROR and is gone. Each message is observed as
 * {@code nats.process} (with a tracer, it continues the requester's trace).
 *
 * @since 0.1.0
 */
public class NatsListenerContainer implements Lifecycle {

	private static final LogAccessor logger = new LogAccessor(NatsListenerContainer.class);

	private static final int MAX_ERROR_LENGTH = 1024;

	private final String id;

	private final String subject;

	private final @Nullable String queue;

	private final int concurrency;

	private final Connection connection;

	private final InvocableHandlerMethod handlerMethod;

	private final PayloadSerializer serializer;

	private final AsyncResults results;

	private final AtomicBoolean warnedNoReplySubject = new AtomicBoolean();

	private final List<Dispatcher> dispatchers = new ArrayList<>();

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private boolean autoStartup = true;

	private Duration shutdownTimeout = Duration.ofSeconds(30);

	private List<String> replySubjects = List.of();

	private final Set<String> refusedReplySubjects = ConcurrentHashMap.newKeySet();

	private volatile boolean running;

	/**
	 * Create a container.
	 * @param id the listener id
	 * @param subject the subject
	 * @param queue the queue group, or {@code null} for none
	 * @param concurrency dispatchers (threads), at least 1; more than 1 needs a queue
	 * group
	 * @param connection the connection
	 * @param handlerMethod the method, with its argument resolvers
	 * @param serializer writes the replies
	 */
	public NatsListenerContainer(String id, String subject, @Nullable String queue, int concurrency,
			Connection connection, InvocableHandlerMethod handlerMethod, PayloadSerializer serializer) {
		Assert.isTrue(concurrency > 0, "concurrency must be at least 1");
		Assert.isTrue(concurrency == 1 || queue != null, () -> "concurrency " + concurrency
				+ " needs a queue group: without one every subscription would get every message");
		this.id = id;
		this.subject = subject;
		this.queue = queue;
		this.concurrency = concurrency;
		this.connection = connection;
		this.handlerMethod = handlerMethod;
		this.serializer = serializer;
		this.results = AsyncResults.of(handlerMethod.getMethod());
	}

	/**
	 * Allow replies to these subjects besides inboxes. A reply subject is what the
	 * requester wrote: a reply is published with the application's rights, so by default
	 * only to {@code _INBOX.>} and the connection's inbox prefix; a reply to any other
	 * subject is dropped and logged (once per subject).
	 * @param replySubjects subject patterns, such as {@code replies.>}
	 */
	public void setReplySubjects(List<String> replySubjects) {
		this.replySubjects = List.copyOf(replySubjects);
	}

	/**
	 * Observe each message with this registry ({@code nats.process}).
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Set whether the listener starts with the application (default {@code true}).
	 * @param autoStartup whether it does
	 */
	public void setAutoStartup(boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	/**
	 * Set how long stopping waits for messages being handled (default 30s).
	 * @param shutdownTimeout the timeout
	 */
	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

	/**
	 * Return the listener id.
	 * @return the id
	 */
	public String getId() {
		return this.id;
	}

	/**
	 * Return the subject.
	 * @return the subject
	 */
	public String getSubject() {
		return this.subject;
	}

	/**
	 * Return the queue group.
	 * @return the group, or {@code null} for none
	 */
	public @Nullable String getQueue() {
		return this.queue;
	}

	/**
	 * Return whether the listener starts with the application.
	 * @return whether it does
	 */
	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Subscribe.
	 */
	@Override
	public synchronized void start() {
		if (this.running) {
			return;
		}
		for (int i = 0; i < this.concurrency; i++) {
			Dispatcher dispatcher = this.connection.createDispatcher(this::handle);
			if (this.queue != null) {
				dispatcher.subscribe(this.subject, this.queue);
			}
			else {
				dispatcher.subscribe(this.subject);
			}
			this.dispatchers.add(dispatcher);
		}
		this.running = true;
		logger.info(() -> "Started NATS listener '" + this.id + "' on " + this.subject
				+ ((this.queue != null) ? " (queue " + this.queue + ")" : "") + " with " + this.concurrency
				+ " dispatcher(s)");
	}

	/**
	 * Unsubscribe, letting the messages already received be handled (drain) up to the
	 * shutdown timeout.
	 */
	@Override
	public synchronized void stop() {
		if (!this.running) {
			return;
		}
		this.running = false;
		List<CompletableFuture<Boolean>> drains = new ArrayList<>();
		for (Dispatcher dispatcher : this.dispatchers) {
			try {
				drains.add(dispatcher.drain(this.shutdownTimeout));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (RuntimeException ex) {
				logger.debug(ex, () -> "NATS listener '" + this.id + "' could not drain its subscription");
			}
		}
		for (CompletableFuture<Boolean> drain : drains) {
			try {
				drain.get(this.shutdownTimeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			catch (Exception ex) {
				logger.debug(ex, () -> "NATS listener '" + this.id + "' did not drain in time");
			}
		}
		this.dispatchers.clear();
		logger.info(() -> "Stopped NATS listener '" + this.id + "'");
	}

	/**
	 * Return whether the listener is subscribed.
	 * @return whether it is
	 */
	@Override
	public boolean isRunning() {
		return this.running;
	}

	private void handle(Message message) {
		Observation observation = this.observationRegistry.isNoop() ? null
				: JetStreamListenerObservation.NATS_PROCESS
					.observation(this.observationRegistry, () -> receiverContext(message))
					.lowCardinalityKeyValue(ListenerKeys.MESSAGING_SYSTEM.withValue("nats"))
					.lowCardinalityKeyValue(ListenerKeys.LISTENER.withValue(this.id))
					.contextualName(this.subject + " process")
					.start();
		CompletionStage<?> pending = null;
		try (Observation.Scope scope = (observation != null) ? observation.openScope() : null) {
			Object result = this.handlerMethod.invoke(JetStreamHeaders.toSpringMessage(message));
			pending = this.results.stage(result);
			if (pending == null) {
				reply(message, result);
			}
		}
		catch (Exception ex) {
			if (observation != null) {
				observation.error(ex);
			}
			replyError(message, ex);
		}
		if (pending == null) {
			if (observation != null) {
				observation.stop();
			}
			return;
		}
		pending.whenComplete((value, ex) -> {
			Throwable failure = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (failure != null) {
				if (observation != null) {
					observation.error(failure);
				}
				replyError(message, failure);
			}
			else {
				reply(message, value);
			}
			if (observation != null) {
				observation.stop();
			}
		});
	}

	private void reply(Message message, @Nullable Object value) {
		if (value == null) {
			return;
		}
		String replyTo = message.getReplyTo();
		if (replyTo == null) {
			if (this.warnedNoReplySubject.compareAndSet(false, true)) {
				logger.warn(() -> "NATS listener '" + this.id + "' returned a value for a message on "
						+ message.getSubject() + " that has no reply subject (a publish, not a request): there is "
						+ "nobody to answer. Logged once; return nothing for such messages");
			}
			return;
		}
		Headers headers = new Headers();
		byte[] data;
		try {
			data = this.serializer.serialize(replyTo, value, headers);
		}
		catch (RuntimeException ex) {
			replyError(message, new IllegalStateException("the reply could not be converted: " + ex.getMessage(), ex));
			return;
		}
		publish(replyTo, headers, data);
	}

	private void replyError(Message message, Throwable failure) {
		String replyTo = message.getReplyTo();
		Throwable cause = (failure.getCause() != null && failure instanceof CompletionException) ? failure.getCause()
				: failure;
		if (replyTo == null) {
			logger.error(cause, () -> "NATS listener '" + this.id + "' failed on a message on " + message.getSubject()
					+ " without a reply subject; core NATS delivers once, so it is lost");
			return;
		}
		boolean badRequest = cause instanceof MessageConversionException
				|| cause instanceof MethodArgumentResolutionException;
		logger.warn(cause, () -> "NATS listener '" + this.id + "' failed on a request on " + message.getSubject()
				+ "; answering with an error");
		Headers headers = new Headers();
		headers.put(NatsReplies.ERROR_HEADER,
				HeaderValues.encode(cause.getClass().getSimpleName() + ": " + cause.getMessage(), MAX_ERROR_LENGTH));
		headers.put(NatsReplies.ERROR_CODE_HEADER, badRequest ? "400" : "500");
		publish(replyTo, headers, new byte[0]);
	}

	private void publish(String replyTo, Headers headers, byte[] data) {
		if (!isAllowedReply(replyTo)) {
			if (this.refusedReplySubjects.add(replyTo) && this.refusedReplySubjects.size() <= 100) {
				logger.warn(() -> "NATS listener '" + this.id + "' does not reply to " + replyTo + ": not an inbox "
						+ "(_INBOX.> or " + this.connection.getOptions().getInboxPrefix() + ">) nor one of "
						+ "nats.jetstream.listener.reply-subjects " + this.replySubjects + ". Logged once per subject");
			}
			return;
		}
		try {
			this.connection.publish(NatsMessage.builder().subject(replyTo).headers(headers).data(data).build());
		}
		catch (RuntimeException ex) {
			logger.warn(ex, () -> "NATS listener '" + this.id + "' could not send its reply to " + replyTo);
		}
	}

	private boolean isAllowedReply(String replyTo) {
		String prefix = this.connection.getOptions().getInboxPrefix();
		if (replyTo.startsWith("_INBOX.") || (prefix != null && !prefix.isEmpty() && replyTo.startsWith(prefix))) {
			return true;
		}
		return Subjects.whyNotForMessages(replyTo) == null && Subjects.matchesAny(replyTo, this.replySubjects);
	}

	private static ReceiverContext<Message> receiverContext(Message message) {
		return new ReceiverContext<>(
				(carrier, key) -> (carrier.getHeaders() != null) ? carrier.getHeaders().getFirst(key) : null) {
			{
				setCarrier(message);
			}
		};
	}

	@Override
	public String toString() {
		return "NatsListenerContainer '" + this.id + "' on " + this.subject
				+ ((this.queue != null) ? " (queue " + this.queue + ")" : "");
	}

}
