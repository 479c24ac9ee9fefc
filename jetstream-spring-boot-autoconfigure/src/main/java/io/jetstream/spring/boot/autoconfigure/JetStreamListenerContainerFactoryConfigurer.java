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

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.unit.DataSize;

import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.config.MaxDeliveriesAdvisoryListener;
import io.jetstream.spring.config.JetStreamTopologyDeclarer;
import io.jetstream.spring.config.StreamDeclaration;
import io.jetstream.spring.config.TopologyMode;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.DeadLetterPublishingRecoverer;
import io.jetstream.spring.support.RedriveSignature;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamListenerInterceptor;
import io.jetstream.spring.observation.JetStreamListenerObservationConvention;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;

/**
 * Configures a {@link JetStreamListenerContainerFactory} with the settings of
 * {@code nats.jetstream.listener.*} and the auto-configured collaborators. A factory of
 * your own (a second one for some listeners, say) gets the same defaults with:
 * <pre class="code">
 * &#64;Bean
 * JetStreamListenerContainerFactory slowListenerFactory(JetStreamListenerContainerFactoryConfigurer configurer,
 *         JetStream jetStream, &#64;Qualifier("jetStreamHandlerMethodFactory") MessageHandlerMethodFactory methods) {
 *     JetStreamListenerContainerFactory factory = new JetStreamListenerContainerFactory(connection, jetStream, methods);
 *     configurer.configure(factory);
 *     factory.getContainerProperties().setConcurrency(8);
 *     return factory;
 * }
 * </pre> As Spring Boot's {@code ConcurrentKafkaListenerContainerFactoryConfigurer}.
 *
 * @since 0.1.0
 */
public final class JetStreamListenerContainerFactoryConfigurer {

	private final JetStreamProperties properties;

	private @Nullable JetStreamErrorHandler errorHandler;

	private @Nullable DeadLetterPublishingRecoverer recoverer;

	private @Nullable JetStreamTopologyDeclarer topology;

	private @Nullable JetStreamMetricsRecorder metrics;

	private @Nullable ObservationRegistry observationRegistry;

	private @Nullable JetStreamListenerObservationConvention observationConvention;

	private @Nullable AsyncTaskExecutor taskExecutor;

	private @Nullable BooleanSupplier connected;

	private @Nullable MaxDeliveriesAdvisoryListener advisories;

	private @Nullable LongSupplier readerFailures;

	private @Nullable JetStreamOperations replyTemplate;

	private List<JetStreamListenerInterceptor> interceptors = List.of();

	JetStreamListenerContainerFactoryConfigurer(JetStreamProperties properties) {
		this.properties = properties;
	}

	void setErrorHandler(@Nullable JetStreamErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	void setRecoverer(@Nullable DeadLetterPublishingRecoverer recoverer) {
		this.recoverer = recoverer;
	}

	void setReplyTemplate(@Nullable JetStreamOperations replyTemplate) {
		this.replyTemplate = replyTemplate;
	}

	void setInterceptors(List<JetStreamListenerInterceptor> interceptors) {
		this.interceptors = interceptors;
	}

	void setTopology(@Nullable JetStreamTopologyDeclarer topology) {
		this.topology = topology;
	}

	void setMetrics(@Nullable JetStreamMetricsRecorder metrics) {
		this.metrics = metrics;
	}

	void setObservationRegistry(@Nullable ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	void setObservationConvention(@Nullable JetStreamListenerObservationConvention observationConvention) {
		this.observationConvention = observationConvention;
	}

	void setTaskExecutor(@Nullable AsyncTaskExecutor taskExecutor) {
		this.taskExecutor = taskExecutor;
	}

	void setConnected(@Nullable BooleanSupplier connected) {
		this.connected = connected;
	}

	void setReaderFailures(@Nullable LongSupplier readerFailures) {
		this.readerFailures = readerFailures;
	}

	void setMaxDeliveriesAdvisoryListener(@Nullable MaxDeliveriesAdvisoryListener advisories) {
		this.advisories = advisories;
	}

	/**
	 * Apply the properties and collaborators to a factory.
	 * @param factory the factory
	 */
	public void configure(JetStreamListenerContainerFactory factory) {
		JetStreamProperties.Listener listener = this.properties.getListener();
		JetStreamProperties.Listener.DeadLetter deadLetter = listener.getDeadLetter();
		PropertyMapper map = PropertyMapper.get();
		// the container settings go into the factory's template, copied per container
		JetStreamContainerProperties container = factory.getContainerProperties();
		map.from(listener::getConcurrency).to(container::setConcurrency);
		map.from(listener::getBatchSize).to(container::setBatchSize);
		map.from(listener::getMaxBytesAhead).to(container::setMaxBytesAhead);
		container.setRedriveSignature(RedriveSignature.of(deadLetter.getRedriveKey()));
		map.from(listener::getMaxPendingResults).to(container::setMaxPendingResults);
		map.from(listener::getBatchWait).to(container::setBatchWait);
		map.from(listener::getAckMode).to(container::setAckMode);
		map.from(listener::isAckSync).to(container::setAckSync);
		map.from(listener::getPullExpires).to(container::setPullExpires);
		map.from(listener::getShutdownTimeout).to(container::setShutdownTimeout);
		map.from(listener::isAutoStartup).to(container::setAutoStartup);
		map.from(this.errorHandler).to(container::setErrorHandler);
		map.from(this.recoverer).to(container::setRecoverer);
		map.from(this.taskExecutor).to(container::setTaskExecutor);
		container.setInterceptor(JetStreamListenerInterceptor.composite(this.interceptors));
		map.from(this.observationRegistry).to(container::setObservationRegistry);
		map.from(this.observationConvention).to(container::setObservationConvention);
		map.from(deadLetter::isEnabled).to(factory::setDeadLetterEnabled);
		map.from(this.replyTemplate).to(factory::setReplyTemplate);
		map.from(this.topology).to(factory::setTopologyDeclarer);
		map.from(this.metrics).to(factory::setMetricsRecorder);
		map.from(this.connected).to(factory::setConnected);
		map.from(this.advisories).to(factory::setMaxDeliveriesAdvisoryListener);
		map.from(this.readerFailures).to(factory::setReaderFailures);
		if (deadLetter.isEnabled() && deadLetter.isDeclareStream()
				&& this.properties.getTopology().getMode() != TopologyMode.NONE) {
			factory.setDeadLetterStream(StreamDeclaration.builder(deadLetter.getStream())
				.origin("nats.jetstream.listener.dead-letter")
				.subjects(deadLetter.getSubjectPrefix() + ".>")
				.storage(io.nats.client.api.StorageType.File)
				.build());
		}
	}

}
