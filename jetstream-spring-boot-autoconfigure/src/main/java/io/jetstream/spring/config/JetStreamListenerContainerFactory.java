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

package io.jetstream.spring.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.PriorityPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.Assert;

import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.DeadLetterPublishingRecoverer;
import io.jetstream.spring.listener.DefaultJetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamListenerInterceptor;
import io.jetstream.spring.listener.container.JetStreamListenerContainer;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.listener.adapter.BatchMessagingMessageListenerAdapter;
import io.jetstream.spring.listener.adapter.JetStreamMessageHandlerMethodFactory;
import io.jetstream.spring.listener.adapter.MessagingMessageListenerAdapter;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.support.RedriveSignature;

/**
 * Creates a {@link JetStreamListenerContainer} for each listener endpoint: binds it to
 * the declared consumer, or has the {@link JetStreamTopologyDeclarer} declare one from
 * the annotation's attributes, refusing attributes that contradict a declaration; the
 * dead-letter stream is declared once, before the first container starts. Its settings
 * are the defaults of every container it creates (an endpoint's attributes win); Spring
 * Boot fills them from {@code nats.jetstream.listener.*} and then applies the
 * {@code JetStreamContainerFactoryCustomizer} beans. As Spring for Apache Kafka's
 * {@code ConcurrentKafkaListenerContainerFactory}.
 *
 * @since 0.1.0
 */
public class JetStreamListenerContainerFactory {

	/** Dead-letter subject value that turns dead letters off for a listener. */
	public static final String NO_DEAD_LETTER = "none";

	private final Connection connection;

	private final JetStream jetStream;

	private final MessageHandlerMethodFactory handlerMethodFactory;

	private @Nullable JetStreamTopologyDeclarer topology;

	private @Nullable StreamDeclaration deadLetterStream;

	private final AtomicBoolean deadLetterStreamDeclared = new AtomicBoolean();

	/**
	 * The settings of every container, copied into each container's properties; an
	 * endpoint's attributes win.
	 */
	private final JetStreamContainerProperties containerProperties = new JetStreamContainerProperties();

	private @Nullable JetStreamOperations replyTemplate;

	private @Nullable MaxDeliveriesAdvisoryListener advisories;

	private @Nullable LongSupplier readerFailures;

	private boolean deadLetterEnabled = true;

	private JetStreamMetricsRecorder metrics = JetStreamMetricsRecorder.NONE;

	private @Nullable BooleanSupplier connected;

	private Consumer<JetStreamListenerContainer> containerCustomizer = (container) -> {
	};

	/**
	 * Create a factory.
	 * @param connection the connection containers pull on
	 * @param jetStream the JetStream context of that connection
	 * @param handlerMethodFactory creates the invocable listener methods
	 */
	public JetStreamListenerContainerFactory(Connection connection, JetStream jetStream,
			MessageHandlerMethodFactory handlerMethodFactory) {
		this.connection = connection;
		this.jetStream = jetStream;
		this.handlerMethodFactory = handlerMethodFactory;
	}

	/**
	 * Find consumers among these declarations and declare those created from annotations
	 * (and the dead-letter stream) through it; without one, consumers must exist.
	 * @param topology the application's topology declarer
	 */
	public void setTopologyDeclarer(@Nullable JetStreamTopologyDeclarer topology) {
		this.topology = topology;
	}

	/**
	 * Declare this stream (capturing the dead-letter subjects) once, before the first
	 * container starts, unless the topology declares a stream of that name itself.
	 * @param deadLetterStream the dead-letter stream, or {@code null} to declare none
	 */
	public void setDeadLetterStream(@Nullable StreamDeclaration deadLetterStream) {
		this.deadLetterStream = deadLetterStream;
	}

	/**
	 * Return the settings every container of this factory starts from: set them as needed
	 * (Spring Boot's configurer maps {@code nats.jetstream.listener.*} into them); each
	 * container gets a copy, with its endpoint's attributes applied.
	 * @return the template, never {@code null}
	 * @since 0.1.0
	 */
	public JetStreamContainerProperties getContainerProperties() {
		return this.containerProperties;
	}

	/**
	 * Set the template that publishes the results of listeners annotated with
	 * {@code @SendTo}.
	 * @param replyTemplate the template, or {@code null} for none ({@code @SendTo} then
	 * fails startup)
	 */
	public void setReplyTemplate(@Nullable JetStreamOperations replyTemplate) {
		this.replyTemplate = replyTemplate;
	}

	/**
	 * Set what dead-letters the messages of this factory's containers whose last delivery
	 * was not acknowledged: each container's consumer is registered with it.
	 * @param advisories the advisory listener, or {@code null} for none
	 */
	public void setMaxDeliveriesAdvisoryListener(@Nullable MaxDeliveriesAdvisoryListener advisories) {
		this.advisories = advisories;
	}

	/**
	 * Set whether failed messages of listeners that do not name a dead-letter subject go
	 * to the recoverer's (default {@code true}); off, they are terminated.
	 * @param deadLetterEnabled whether dead letters are on by default
	 */
	public void setDeadLetterEnabled(boolean deadLetterEnabled) {
		this.deadLetterEnabled = deadLetterEnabled;
	}

	/**
	 * Record metrics of every container with this recorder.
	 * @param metrics the recorder
	 */
	public void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
	}

	/**
	 * Let containers pull only while this says the connection is up (default: while its
	 * status is {@code CONNECTED}).
	 * @param connected whether the connection is up
	 * @see JetStreamListenerContainer#setConnected(BooleanSupplier)
	 */
	public void setConnected(BooleanSupplier connected) {
		this.connected = connected;
	}

	/**
	 * Tell containers how often the connection's reader stopped on a message the client
	 * cannot parse.
	 * @param readerFailures a running count
	 * @see JetStreamListenerContainer#setReaderFailures(LongSupplier)
	 */
	public void setReaderFailures(@Nullable LongSupplier readerFailures) {
		this.readerFailures = readerFailures;
	}

	/**
	 * Adjust each container after the factory configured it (its
	 * {@link JetStreamListenerContainer#getContainerProperties() properties} among the
	 * rest), before it starts.
	 * @param containerCustomizer the customizer
	 */
	public void setContainerCustomizer(Consumer<JetStreamListenerContainer> containerCustomizer) {
		this.containerCustomizer = containerCustomizer;
	}

	/**
	 * Create the container of an endpoint.
	 * @param endpoint the endpoint
	 * @return the container, not started
	 * @throws JetStreamTopologyException if the endpoint contradicts the consumer's
	 * declaration or names no stream
	 */
	public MessageListenerContainer createContainer(JetStreamListenerEndpoint endpoint) {
		ConsumerDeclaration declared = findDeclared(endpoint);
		String stream = (endpoint.stream() != null) ? endpoint.stream()
				: (declared != null) ? declared.getStream() : null;
		if (stream == null) {
			throw new JetStreamTopologyException(endpoint.describe() + " names no stream, and consumer "
					+ endpoint.consumer() + " is not declared; set stream", null);
		}
		ConsumerDeclaration fromAnnotation = fromAnnotation(endpoint, stream);
		if (declared != null) {
			checkConsistent(endpoint, declared, fromAnnotation);
		}
		ConsumerDeclaration consumer = (declared != null) ? declared : fromAnnotation;
		JetStreamContainerProperties template = this.containerProperties;
		JetStreamContainerProperties properties = new JetStreamContainerProperties(stream, endpoint.consumer(),
				template);
		if (Boolean.TRUE.equals(endpoint.batch())) {
			properties.setBatchMessageListener(batchAdapter(endpoint));
		}
		else {
			properties.setMessageListener(adapter(endpoint, stream));
		}
		try {
			properties.setConcurrency(Objects.requireNonNullElse(endpoint.concurrency(), template.getConcurrency()));
			properties.setBatchSize(Objects.requireNonNullElse(endpoint.batchSize(), template.getBatchSize()));
			properties.setMinPending(Objects.requireNonNullElse(endpoint.minPending(), 0L));
			properties.setMinAckPending(Objects.requireNonNullElse(endpoint.minAckPending(), 0L));
		}
		catch (IllegalArgumentException ex) {
			throw new JetStreamTopologyException(endpoint.describe() + ": " + ex.getMessage(), null);
		}
		properties.setPriorityGroup(priorityGroup(endpoint, consumer));
		properties.setAckMode(Objects.requireNonNullElse(endpoint.ackMode(), template.getAckMode()));
		properties.setAutoStartup(Objects.requireNonNullElse(endpoint.autoStartup(), template.isAutoStartup()));
		properties.setErrorHandler(Objects.requireNonNullElse(endpoint.errorHandler(), template.getErrorHandler()));
		properties.setRecoverer(recoverer(endpoint));
		if (this.advisories != null) {
			this.advisories.register(stream, endpoint.consumer(), properties.getRecoverer());
		}
		JetStreamListenerContainer container = new JetStreamListenerContainer(endpoint.id(), this.connection,
				this.jetStream, properties);
		container.setConsumerDeclarer(() -> {
			declareDeadLetterStream();
			declare(List.of(), List.of(consumer));
		});
		container.setMetricsRecorder(this.metrics);
		if (this.connected != null) {
			container.setConnected(this.connected);
		}
		if (this.readerFailures != null) {
			container.setReaderFailures(this.readerFailures);
		}
		this.containerCustomizer.accept(container);
		return container;
	}

	private @Nullable ConsumerDeclaration findDeclared(JetStreamListenerEndpoint endpoint) {
		if (this.topology == null) {
			return null;
		}
		List<ConsumerDeclaration> matches = this.topology.getConsumers()
			.stream()
			.filter((consumer) -> consumer.getName().equals(endpoint.consumer())
					&& (endpoint.stream() == null || consumer.getStream().equals(endpoint.stream())))
			.toList();
		if (matches.size() > 1) {
			throw new JetStreamTopologyException(endpoint.describe() + ": consumer " + endpoint.consumer()
					+ " is declared on several streams; set stream", null);
		}
		return matches.isEmpty() ? null : matches.get(0);
	}

	private static ConsumerDeclaration fromAnnotation(JetStreamListenerEndpoint endpoint, String stream) {
		ConsumerDeclaration.Builder builder = ConsumerDeclaration.builder(endpoint.consumer(), stream)
			.origin(endpoint.describe());
		if (!endpoint.subjects().isEmpty()) {
			builder.filterSubjects(endpoint.subjects());
		}
		if (endpoint.ackWait() != null) {
			builder.ackWait(endpoint.ackWait());
		}
		if (endpoint.maxDeliver() != null) {
			builder.maxDeliver(endpoint.maxDeliver());
		}
		if (!endpoint.backoff().isEmpty()) {
			builder.backoff(endpoint.backoff());
		}
		if (endpoint.deliverPolicy() != null) {
			builder.deliverPolicy(endpoint.deliverPolicy());
		}
		return builder.build();
	}

	private MessagingMessageListenerAdapter adapter(JetStreamListenerEndpoint endpoint, String stream) {
		InvocableHandlerMethod handlerMethod = this.handlerMethodFactory.createInvocableHandlerMethod(endpoint.bean(),
				endpoint.method());
		MessagingMessageListenerAdapter adapter;
		try {
			adapter = new MessagingMessageListenerAdapter(handlerMethod, stream, endpoint.consumer());
		}
		catch (IllegalStateException ex) {
			throw new JetStreamTopologyException(endpoint.describe() + ": " + ex.getMessage(), null);
		}
		if (this.handlerMethodFactory instanceof JetStreamMessageHandlerMethodFactory factory) {
			adapter.setPayloadReader(factory.payloadReader(endpoint.method()));
		}
		if (endpoint.sendTo() != null) {
			if (this.replyTemplate == null) {
				throw new JetStreamTopologyException(endpoint.describe() + " has @SendTo(\"" + endpoint.sendTo()
						+ "\"), but its container factory has no template to send with", null);
			}
			adapter.setReplyTo(this.replyTemplate, endpoint.sendTo());
		}
		return adapter;
	}

	/**
	 * A batch listener's adapter, converting with the handler method factory's converter
	 * and validator; what a batch listener cannot do fails startup.
	 */
	private BatchMessagingMessageListenerAdapter batchAdapter(JetStreamListenerEndpoint endpoint) {
		if (endpoint.sendTo() != null) {
			throw new JetStreamTopologyException(
					endpoint.describe() + " is a batch listener with @SendTo, which batch listeners do not support",
					null);
		}
		if (Objects.requireNonNullElse(endpoint.ackMode(), this.containerProperties.getAckMode()) == AckMode.MANUAL) {
			throw new JetStreamTopologyException(endpoint.describe()
					+ " is a batch listener in manual ack mode, which batch listeners do not support: they "
					+ "settle the batch by returning or throwing (BatchListenerFailedException for one message)", null);
		}
		if (!(this.handlerMethodFactory instanceof JetStreamMessageHandlerMethodFactory factory)
				|| !(factory.getMessageConverter() instanceof SmartMessageConverter converter)) {
			throw new JetStreamTopologyException(endpoint.describe()
					+ " is a batch listener, which needs a JetStreamMessageHandlerMethodFactory with a converter",
					null);
		}
		try {
			return new BatchMessagingMessageListenerAdapter(endpoint.bean(), endpoint.method(), converter,
					factory.getValidator());
		}
		catch (IllegalStateException ex) {
			throw new JetStreamTopologyException(endpoint.describe() + ": " + ex.getMessage(), null);
		}
	}

	/**
	 * The listener's priority group, checked against the consumer's declaration where it
	 * has one; otherwise the container takes the consumer's first group from the server.
	 */
	private static @Nullable String priorityGroup(JetStreamListenerEndpoint endpoint, ConsumerDeclaration consumer) {
		Object groups = consumer.getSettings().get(ConsumerField.PRIORITY_GROUPS);
		Object policy = consumer.getSettings().get(ConsumerField.PRIORITY_POLICY);
		boolean overflow = endpoint.minPending() != null || endpoint.minAckPending() != null;
		if (overflow && policy != null && policy != PriorityPolicy.Overflow) {
			throw new JetStreamTopologyException(endpoint.describe() + " sets minPending or minAckPending, but "
					+ consumer.getOrigin() + ".priority-policy is " + policy.toString().replace('_', '-')
					+ "; they need priority-policy overflow", null);
		}
		if (groups == null) {
			return endpoint.priorityGroup();
		}
		List<String> names = StreamField.strings(groups);
		String group = endpoint.priorityGroup();
		if (group != null && !names.contains(group)) {
			throw new JetStreamTopologyException(endpoint.describe() + " names priority group " + group + ", but "
					+ consumer.getOrigin() + ".priority-groups is " + names, null);
		}
		return (group != null) ? group : names.get(0);
	}

	private static void checkConsistent(JetStreamListenerEndpoint endpoint, ConsumerDeclaration declared,
			ConsumerDeclaration fromAnnotation) {
		for (Map.Entry<ConsumerField, Object> setting : fromAnnotation.getSettings().entrySet()) {
			Object declaredValue = declared.getSettings().get(setting.getKey());
			if (!Objects.equals(declaredValue, setting.getValue())) {
				String property = setting.getKey().getPropertyName();
				throw new JetStreamTopologyException(endpoint.describe() + " sets " + property + " = "
						+ TopologySetting.format(setting.getValue()) + ", but " + declared.getOrigin() + "." + property
						+ ((declaredValue != null) ? " is " + TopologySetting.format(declaredValue) : " is not set")
						+ ". Configure the consumer in one place: remove the attribute or change the declaration.",
						null);
			}
		}
	}

	private @Nullable DeadLetterPublishingRecoverer recoverer(JetStreamListenerEndpoint endpoint) {
		String configured = endpoint.deadLetter();
		DeadLetterPublishingRecoverer recoverer = this.containerProperties.getRecoverer();
		if (NO_DEAD_LETTER.equalsIgnoreCase(configured) || recoverer == null) {
			Assert.state(configured == null || NO_DEAD_LETTER.equalsIgnoreCase(configured), () -> endpoint.describe()
					+ " names dead-letter subject " + configured + ", but there is no dead-letter recoverer");
			return null;
		}
		if (configured != null) {
			return recoverer.withDestination(configured);
		}
		return this.deadLetterEnabled ? recoverer : null;
	}

	private void declareDeadLetterStream() {
		StreamDeclaration stream = this.deadLetterStream;
		if (stream == null || this.deadLetterStreamDeclared.get()) {
			return;
		}
		synchronized (this.deadLetterStreamDeclared) {
			if (this.deadLetterStreamDeclared.get()) {
				return;
			}
			boolean declaredByUser = this.topology != null && this.topology.getStreams()
				.stream()
				.anyMatch((declared) -> declared.getName().equals(stream.getName()));
			if (!declaredByUser) {
				declare(List.of(stream), List.of());
			}
			this.deadLetterStreamDeclared.set(true);
		}
	}

	private void declare(List<StreamDeclaration> streams, List<ConsumerDeclaration> consumers) {
		if (this.topology != null) {
			this.topology.declare(streams, consumers);
		}
	}

}
