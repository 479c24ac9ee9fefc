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
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import io.jetstream.spring.annotation.JetStreamListenerEndpoint;
import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.DeadLetterPublisher;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamListenerContainer;
import io.jetstream.spring.listener.JetStreamListenerRegistry;
import io.jetstream.spring.listener.ListenerContainerSettings;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;

/**
 * Creates a {@link JetStreamListenerContainer} for each listener endpoint: binds it to
 * the declared consumer, or declares one from the annotation's attributes, refusing
 * attributes that contradict a declaration; and declares the dead-letter stream once,
 * before the first container starts.
 */
public class JetStreamListenerContainerFactory {

	/** Dead-letter subject value that turns dead letters off for a listener. */
	public static final String NO_DEAD_LETTER = "none";

	private BooleanSupplier connected = () -> true;

	private final JetStream jetStream;

	private final JetStreamManagement management;

	private final Supplier<ServerInfo> serverInfo;

	private final MessageHandlerMethodFactory handlerMethodFactory;

	private final JetStreamErrorHandler errorHandler;

	private final DeadLetterPublisher deadLetterPublisher;

	private final JetStreamListenerRegistry registry;

	private final @Nullable JetStreamTopologyDeclarer topology;

	private final Defaults defaults;

	private JetStreamMetricsRecorder metrics = JetStreamMetricsRecorder.NONE;

	private ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/**
	 * Create a factory.
	 * @param jetStream the JetStream context
	 * @param management the management context
	 * @param serverInfo the connected server's info
	 * @param handlerMethodFactory creates the invocable listener methods
	 * @param errorHandler decides about failed messages
	 * @param deadLetterPublisher publishes dead letters
	 * @param registry the registry; the dead-letter stream is declared through its
	 * before-start tasks
	 * @param topology the application's declarations, or {@code null} if there are none
	 * @param defaults the settings of listeners that do not set their own
	 */
	public JetStreamListenerContainerFactory(JetStream jetStream, JetStreamManagement management,
			Supplier<ServerInfo> serverInfo, MessageHandlerMethodFactory handlerMethodFactory,
			JetStreamErrorHandler errorHandler, DeadLetterPublisher deadLetterPublisher,
			JetStreamListenerRegistry registry, @Nullable JetStreamTopologyDeclarer topology, Defaults defaults) {
		this.jetStream = jetStream;
		this.management = management;
		this.serverInfo = serverInfo;
		this.handlerMethodFactory = handlerMethodFactory;
		this.errorHandler = errorHandler;
		this.deadLetterPublisher = deadLetterPublisher;
		this.registry = registry;
		this.topology = topology;
		this.defaults = defaults;
		if (defaults.declareDeadLetterStream() && defaults.topologyMode() != TopologyMode.NONE) {
			registry.addBeforeStartTask(this::declareDeadLetterStream);
		}
	}

	/**
	 * Observe the processing of every container with this registry.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Record metrics of every container with this recorder.
	 * @param metrics the recorder
	 */
	public void setMetricsRecorder(JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
	}

	/**
	 * Let containers pull only while the connection is up.
	 * @param connected whether the connection is up
	 * @see JetStreamListenerContainer#setConnected(BooleanSupplier)
	 */
	public void setConnected(BooleanSupplier connected) {
		this.connected = connected;
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
					+ endpoint.consumer() + " is not declared in nats.jetstream.consumers; set stream", null);
		}
		ConsumerDeclaration fromAnnotation = fromAnnotation(endpoint, stream);
		if (declared != null) {
			checkConsistent(endpoint, declared, fromAnnotation);
		}
		ConsumerDeclaration consumer = (declared != null) ? declared : fromAnnotation;
		InvocableHandlerMethod handlerMethod = this.handlerMethodFactory.createInvocableHandlerMethod(endpoint.bean(),
				endpoint.method());
		ListenerContainerSettings settings = new ListenerContainerSettings(
				Objects.requireNonNullElse(endpoint.concurrency(), this.defaults.concurrency()),
				Objects.requireNonNullElse(endpoint.batchSize(), this.defaults.batchSize()),
				Objects.requireNonNullElse(endpoint.ackMode(), this.defaults.ackMode()), this.defaults.ackSync(),
				this.defaults.shutdownTimeout(), deadLetterSubject(endpoint, stream),
				Objects.requireNonNullElse(endpoint.autoStartup(), this.defaults.autoStartup()),
				this.defaults.pullExpires());
		if (settings.concurrency() < 1 || settings.batchSize() < 1) {
			throw new JetStreamTopologyException(endpoint.describe() + ": concurrency and batchSize must be at least 1",
					null);
		}
		Runnable beforeStart = () -> {
			this.registry.runBeforeStartTasks();
			declare(List.of(), List.of(consumer));
		};
		JetStreamListenerContainer container = new JetStreamListenerContainer(endpoint.id(), stream,
				endpoint.consumer(), this.jetStream, handlerMethod, settings, this.errorHandler,
				this.deadLetterPublisher, beforeStart);
		container.setMetricsRecorder(this.metrics);
		container.setConnected(this.connected);
		container.setObservationRegistry(this.observationRegistry);
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

	private @Nullable String deadLetterSubject(JetStreamListenerEndpoint endpoint, String stream) {
		String configured = endpoint.deadLetter();
		if (NO_DEAD_LETTER.equalsIgnoreCase(configured)) {
			return null;
		}
		if (configured != null) {
			return configured;
		}
		return this.defaults.deadLetterEnabled()
				? this.defaults.deadLetterSubjectPrefix() + "." + stream + "." + endpoint.consumer() : null;
	}

	private void declareDeadLetterStream() {
		String name = this.defaults.deadLetterStream();
		boolean declaredByUser = this.topology != null
				&& this.topology.getStreams().stream().anyMatch((stream) -> stream.getName().equals(name));
		if (declaredByUser || !this.defaults.deadLetterEnabled()) {
			return;
		}
		declare(List.of(StreamDeclaration.builder(name)
			.origin("nats.jetstream.listener.dead-letter")
			.subjects(this.defaults.deadLetterSubjectPrefix() + ".>")
			.storage(StorageType.File)
			.build()), List.of());
	}

	private void declare(List<StreamDeclaration> streams, List<ConsumerDeclaration> consumers) {
		if (this.defaults.topologyMode() == TopologyMode.NONE) {
			return;
		}
		JetStreamTopologyDeclarer declarer = new JetStreamTopologyDeclarer(this.management, this.serverInfo,
				this.defaults.topologyMode(), streams, consumers);
		declarer.setRetryTimeout(this.defaults.topologyRetryTimeout());
		declarer.declare();
	}

	/**
	 * Settings of listeners that do not set their own.
	 *
	 * @param concurrency workers per listener
	 * @param batchSize messages one worker pulls ahead
	 * @param ackMode who acknowledges
	 * @param ackSync whether acks wait for the server's confirmation
	 * @param shutdownTimeout how long stopping waits for handlers in flight
	 * @param autoStartup whether listeners start with the application
	 * @param deadLetterEnabled whether failed messages go to a dead-letter subject
	 * @param deadLetterSubjectPrefix prefix of {@code <prefix>.<stream>.<consumer>}
	 * @param deadLetterStream the stream that captures {@code <prefix>.>}
	 * @param declareDeadLetterStream whether to declare that stream
	 * @param topologyMode how consumers and the dead-letter stream are declared
	 * @param pullExpires how long one pull request waits on the server
	 * @param topologyRetryTimeout how long a declaration call is retried while the server
	 * refuses it for a passing reason
	 */
	public record Defaults(int concurrency, int batchSize, AckMode ackMode, boolean ackSync, Duration shutdownTimeout,
			boolean autoStartup, boolean deadLetterEnabled, String deadLetterSubjectPrefix, String deadLetterStream,
			boolean declareDeadLetterStream, TopologyMode topologyMode, Duration pullExpires,
			Duration topologyRetryTimeout) {

	}

}
