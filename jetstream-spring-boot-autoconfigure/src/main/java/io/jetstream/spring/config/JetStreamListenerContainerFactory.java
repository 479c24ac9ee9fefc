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

import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;

import io.jetstream.spring.listener.DeadLetterPublishingRecoverer;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.container.JetStreamListenerContainer;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;

/**
 * Creates a {@link JetStreamListenerContainer} for each {@link JetStreamListenerEndpoint}
 * (which sets up its own listener, such as a method's adapter): binds it to the declared
 * consumer, or has the {@link JetStreamTopologyDeclarer} declare one from the endpoint's
 * consumer settings, refusing settings that contradict a declaration; the dead-letter
 * stream is declared once, before the first container starts. Its settings are the
 * defaults of every container it creates (an endpoint's attributes win); Spring Boot
 * fills them from {@code nats.jetstream.listener.*} and then applies the
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
		EndpointConsumers.Resolved resolved = EndpointConsumers.resolve(endpoint, this.topology);
		String stream = resolved.stream();
		JetStreamContainerProperties template = this.containerProperties;
		JetStreamContainerProperties properties = new JetStreamContainerProperties(stream, endpoint.getConsumer(),
				template);
		try {
			properties.setConcurrency(Objects.requireNonNullElse(endpoint.getConcurrency(), template.getConcurrency()));
			properties.setBatchSize(Objects.requireNonNullElse(endpoint.getBatchSize(), template.getBatchSize()));
			properties.setMinPending(Objects.requireNonNullElse(endpoint.getMinPending(), 0L));
			properties.setMinAckPending(Objects.requireNonNullElse(endpoint.getMinAckPending(), 0L));
		}
		catch (IllegalArgumentException ex) {
			throw new JetStreamTopologyException(endpoint.describe() + ": " + ex.getMessage(), null);
		}
		properties.setPriorityGroup(resolved.priorityGroup());
		properties.setAckMode(Objects.requireNonNullElse(endpoint.getAckMode(), template.getAckMode()));
		properties.setAutoStartup(Objects.requireNonNullElse(endpoint.getAutoStartup(), template.isAutoStartup()));
		properties.setErrorHandler(Objects.requireNonNullElse(endpoint.getErrorHandler(), template.getErrorHandler()));
		properties.setRecoverer(recoverer(endpoint));
		endpoint.setupListener(properties, this.handlerMethodFactory, this.replyTemplate);
		if (this.advisories != null) {
			this.advisories.register(stream, endpoint.getConsumer(), properties.getRecoverer());
		}
		JetStreamListenerContainer container = new JetStreamListenerContainer(endpoint.getId(), this.connection,
				this.jetStream, properties);
		ConsumerDeclaration consumer = resolved.consumer();
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

	private @Nullable DeadLetterPublishingRecoverer recoverer(JetStreamListenerEndpoint endpoint) {
		String configured = endpoint.getDeadLetter();
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
