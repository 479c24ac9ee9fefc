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

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnThreading;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.thread.Threading;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.validation.Validator;

import io.jetstream.spring.annotation.JetStreamListenerAnnotationBeanPostProcessor;
import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.config.JetStreamTopologyDeclarer;
import io.jetstream.spring.config.MaxDeliveriesAdvisoryListener;
import io.jetstream.spring.config.TopologyMode;
import io.jetstream.spring.core.JetStreamAdmin;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.JetStreamListenerInterceptor;
import io.jetstream.spring.listener.DeadLetterPublishingRecoverer;
import io.jetstream.spring.support.RedriveSignature;
import io.jetstream.spring.listener.DeadLetters;
import io.jetstream.spring.listener.DefaultJetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.config.NatsListenerRegistry;
import io.jetstream.spring.listener.adapter.JetStreamArgumentResolver;
import io.jetstream.spring.listener.adapter.JetStreamMessageHandlerMethodFactory;
import io.jetstream.spring.observation.JetStreamListenerObservationConvention;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.support.converter.JetStreamMessageConverter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@code @JetStreamListener} methods: the bean post-processor
 * that finds them, the container factory (configured by a
 * {@link JetStreamListenerContainerFactoryConfigurer}, then by
 * {@link JetStreamContainerFactoryCustomizer} beans), the registry that starts them after
 * the context is refreshed, the error handler and the dead-letter recoverer. Each bean
 * can be replaced. With {@code spring.threads.virtual.enabled=true} (Java 21+) listener
 * workers run on virtual threads.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { JetStreamTopologyAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class })
@ConditionalOnClass({ Connection.class, MessageHandlerMethodFactory.class })
@ConditionalOnBean({ JetStream.class, JetStreamMessageConverter.class })
@EnableConfigurationProperties({ NatsProperties.class, JetStreamProperties.class })
public final class JetStreamListenerAutoConfiguration {

	private final JetStreamProperties properties;

	private final Connection connection;

	private final ObjectProvider<JetStreamErrorHandler> errorHandler;

	private final ObjectProvider<DeadLetterPublishingRecoverer> recoverer;

	private final ObjectProvider<JetStreamTopologyDeclarer> topology;

	private final ObjectProvider<JetStreamMetricsRecorder> metrics;

	private final ObjectProvider<ObservationRegistry> observationRegistry;

	private final ObjectProvider<JetStreamListenerObservationConvention> observationConvention;

	private final ObjectProvider<MaxDeliveriesAdvisoryListener> advisories;

	private final ObjectProvider<NatsLivenessCheck> livenessCheck;

	private final ObjectProvider<JetStreamOperations> operations;

	private final ObjectProvider<JetStreamListenerInterceptor> interceptors;

	JetStreamListenerAutoConfiguration(JetStreamProperties properties, Connection connection,
			ObjectProvider<JetStreamErrorHandler> errorHandler, ObjectProvider<DeadLetterPublishingRecoverer> recoverer,
			ObjectProvider<JetStreamTopologyDeclarer> topology, ObjectProvider<JetStreamMetricsRecorder> metrics,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<JetStreamListenerObservationConvention> observationConvention,
			ObjectProvider<MaxDeliveriesAdvisoryListener> advisories, ObjectProvider<NatsLivenessCheck> livenessCheck,
			ObjectProvider<JetStreamOperations> operations, ObjectProvider<JetStreamListenerInterceptor> interceptors) {
		this.properties = properties;
		this.connection = connection;
		this.errorHandler = errorHandler;
		this.recoverer = recoverer;
		this.topology = topology;
		this.metrics = metrics;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
		this.advisories = advisories;
		this.livenessCheck = livenessCheck;
		this.operations = operations;
		this.interceptors = interceptors;
	}

	@Bean
	static JetStreamListenerAnnotationBeanPostProcessor jetStreamListenerAnnotationBeanPostProcessor() {
		return new JetStreamListenerAnnotationBeanPostProcessor();
	}

	@Bean
	@ConditionalOnMissingBean
	JetStreamListenerRegistry jetStreamListenerRegistry() {
		return new JetStreamListenerRegistry();
	}

	@Bean
	@ConditionalOnMissingBean
	NatsListenerRegistry natsListenerRegistry() {
		return new NatsListenerRegistry();
	}

	@Bean
	@ConditionalOnMissingBean(name = "jetStreamHandlerMethodFactory")
	DefaultMessageHandlerMethodFactory jetStreamHandlerMethodFactory(JetStreamMessageConverter messageConverter,
			ObjectProvider<Validator> validator) {
		DefaultMessageHandlerMethodFactory factory = new JetStreamMessageHandlerMethodFactory();
		factory.setMessageConverter(messageConverter);
		validator.ifUnique(factory::setValidator);
		factory.setCustomArgumentResolvers(List.of(new JetStreamArgumentResolver()));
		return factory;
	}

	@Bean
	@ConditionalOnMissingBean
	JetStreamErrorHandler jetStreamErrorHandler(JetStreamProperties properties) {
		JetStreamProperties.Listener.BackOff settings = properties.getListener().getBackoff();
		ExponentialBackOff backOff = new ExponentialBackOff(settings.getInitial().toMillis(), settings.getMultiplier());
		backOff.setMaxInterval(settings.getMax().toMillis());
		backOff.setJitter(settings.getJitter().toMillis());
		return new DefaultJetStreamErrorHandler(backOff);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JetStreamOperations.class)
	DeadLetterPublishingRecoverer jetStreamDeadLetterRecoverer(JetStreamOperations operations,
			JetStreamProperties properties, ObjectProvider<JetStreamAdmin> admin) {
		JetStreamProperties.Listener.DeadLetter deadLetter = properties.getListener().getDeadLetter();
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(operations,
				deadLetter.getSubjectPrefix());
		recoverer.setAdmin(admin.getIfAvailable());
		recoverer.setRedriveSignature(RedriveSignature.of(deadLetter.getRedriveKey()));
		return recoverer;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ JetStreamAdmin.class, JetStreamOperations.class })
	DeadLetters jetStreamDeadLetters(JetStreamAdmin admin, JetStreamOperations operations,
			ObjectProvider<JetStreamListenerRegistry> registry) {
		JetStreamProperties.Listener.DeadLetter deadLetter = this.properties.getListener().getDeadLetter();
		DeadLetters deadLetters = new DeadLetters(admin, operations, deadLetter.getStream());
		deadLetters.setMaxRedrives(deadLetter.getMaxRedrives());
		deadLetters.setRedriveSignature(RedriveSignature.of(deadLetter.getRedriveKey()));
		deadLetters.setConsumers((stream, consumer) -> {
			JetStreamListenerRegistry listeners = registry.getIfAvailable();
			JetStreamTopologyDeclarer topology = this.topology.getIfAvailable();
			return (listeners != null && listeners.getListeners()
				.stream()
				.anyMatch((listener) -> listener.getStream().equals(stream) && listener.getConsumer().equals(consumer)))
					|| (topology != null && topology.getConsumers()
						.stream()
						.anyMatch((declared) -> declared.getStream().equals(stream)
								&& declared.getName().equals(consumer)));
		});
		this.metrics.ifAvailable(deadLetters::setMetricsRecorder);
		return deadLetters;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "nats.jetstream.listener.dead-letter.advisories.enabled",
			matchIfMissing = true)
	MaxDeliveriesAdvisoryListener jetStreamMaxDeliveriesAdvisoryListener(
			ObjectProvider<DeadLetterPublishingRecoverer> recoverer) {
		JetStreamProperties.Listener.DeadLetter deadLetter = this.properties.getListener().getDeadLetter();
		JetStreamProperties.Listener.DeadLetter.Advisories settings = deadLetter.getAdvisories();
		MaxDeliveriesAdvisoryListener advisories = new MaxDeliveriesAdvisoryListener(this.connection,
				settings.getStream());
		JetStreamTopologyDeclarer topology = this.topology.getIfAvailable();
		if (topology != null && topology.getMode() != TopologyMode.NONE) {
			boolean declaredByUser = topology.getStreams()
				.stream()
				.anyMatch((stream) -> stream.getName().equals(settings.getStream()));
			advisories.setTopology(topology, (settings.isDeclareStream() && !declaredByUser)
					? MaxDeliveriesAdvisoryListener.advisoryStream(settings.getStream(), settings.getMaxAge()) : null);
		}
		this.metrics.ifAvailable(advisories::setMetricsRecorder);
		DeadLetterPublishingRecoverer defaultRecoverer = recoverer.getIfUnique();
		if (topology != null && defaultRecoverer != null && deadLetter.isEnabled()) {
			// consumers declared in YAML, unless a listener of this application runs one
			// with other dead-letter settings
			topology.getConsumers()
				.forEach((consumer) -> advisories.registerIfAbsent(consumer.getStream(), consumer.getName(),
						defaultRecoverer));
		}
		return advisories;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnThreading(Threading.PLATFORM)
	JetStreamListenerContainerFactoryConfigurer jetStreamListenerContainerFactoryConfigurer() {
		return configurer();
	}

	@Bean(name = "jetStreamListenerContainerFactoryConfigurer")
	@ConditionalOnMissingBean
	@ConditionalOnThreading(Threading.VIRTUAL)
	JetStreamListenerContainerFactoryConfigurer jetStreamListenerContainerFactoryConfigurerVirtualThreads() {
		JetStreamListenerContainerFactoryConfigurer configurer = configurer();
		SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("jetstream-listener-");
		executor.setVirtualThreads(true);
		configurer.setTaskExecutor(executor);
		return configurer;
	}

	private JetStreamListenerContainerFactoryConfigurer configurer() {
		JetStreamListenerContainerFactoryConfigurer configurer = new JetStreamListenerContainerFactoryConfigurer(
				this.properties);
		configurer.setErrorHandler(this.errorHandler.getIfUnique());
		configurer.setRecoverer(this.recoverer.getIfUnique());
		configurer.setReplyTemplate(this.operations.getIfUnique());
		configurer.setInterceptors(this.interceptors.orderedStream().toList());
		configurer.setTopology(this.topology.getIfAvailable());
		configurer.setMetrics(this.metrics.getIfAvailable());
		if (JetStreamObservabilityAutoConfiguration
			.observationEnabled(this.properties.getListener().getObservationEnabled())) {
			configurer.setObservationRegistry(this.observationRegistry.getIfAvailable());
		}
		configurer.setObservationConvention(this.observationConvention.getIfUnique());
		Connection connection = this.connection;
		configurer.setConnected(() -> connection.getStatus() == Connection.Status.CONNECTED);
		configurer.setMaxDeliveriesAdvisoryListener(this.advisories.getIfUnique());
		NatsLivenessCheck check = this.livenessCheck.getIfUnique();
		if (check != null) {
			configurer.setReaderFailures(check::getForcedReconnects);
		}
		return configurer;
	}

	@Bean
	@ConditionalOnMissingBean(name = JetStreamListenerAnnotationBeanPostProcessor.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	JetStreamListenerContainerFactory jetStreamListenerContainerFactory(
			JetStreamListenerContainerFactoryConfigurer configurer, JetStream jetStream,
			@Qualifier("jetStreamHandlerMethodFactory") MessageHandlerMethodFactory handlerMethodFactory,
			ObjectProvider<JetStreamContainerFactoryCustomizer> customizers) {
		JetStreamListenerContainerFactory factory = new JetStreamListenerContainerFactory(this.connection, jetStream,
				handlerMethodFactory);
		configurer.configure(factory);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(factory));
		return factory;
	}

}
