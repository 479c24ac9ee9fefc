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
import io.nats.client.JetStreamManagement;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.validation.Validator;

import io.jetstream.spring.annotation.JetStreamListenerAnnotationBeanPostProcessor;
import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.config.JetStreamTopologyDeclarer;
import io.jetstream.spring.listener.DeadLetterPublisher;
import io.jetstream.spring.listener.DefaultJetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamArgumentResolver;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.listener.JetStreamListenerRegistry;
import io.jetstream.spring.listener.JetStreamMessageHandlerMethodFactory;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.support.converter.JetStreamMessageConverter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@code @JetStreamListener} methods: the bean post-processor
 * that finds them, the container factory, the registry that starts them after the context
 * is refreshed, the error handler and the dead-letter publisher. Each bean can be
 * replaced.
 */
@AutoConfiguration(after = { JetStreamTopologyAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class })
@ConditionalOnClass({ Connection.class, MessageHandlerMethodFactory.class })
@ConditionalOnBean({ JetStream.class, JetStreamMessageConverter.class })
@EnableConfigurationProperties({ NatsProperties.class, JetStreamProperties.class })
public final class JetStreamListenerAutoConfiguration {

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
	DeadLetterPublisher jetStreamDeadLetterPublisher(JetStream jetStream, NatsProperties natsProperties,
			JetStreamProperties properties) {
		return new DeadLetterPublisher(jetStream,
				JetStreamTemplateAutoConfiguration.timeout(properties.getTemplate(), natsProperties));
	}

	@Bean
	@ConditionalOnMissingBean
	JetStreamListenerContainerFactory jetStreamListenerContainerFactory(JetStream jetStream,
			JetStreamManagement management, Connection connection,
			@org.springframework.beans.factory.annotation.Qualifier("jetStreamHandlerMethodFactory") MessageHandlerMethodFactory handlerMethodFactory,
			JetStreamErrorHandler errorHandler, DeadLetterPublisher deadLetterPublisher,
			JetStreamListenerRegistry registry, ObjectProvider<JetStreamTopologyDeclarer> topology,
			JetStreamProperties properties, ObjectProvider<JetStreamMetricsRecorder> metrics,
			ObjectProvider<ObservationRegistry> observationRegistry) {
		JetStreamProperties.Listener listener = properties.getListener();
		JetStreamProperties.Listener.DeadLetter deadLetter = listener.getDeadLetter();
		JetStreamListenerContainerFactory.Defaults defaults = new JetStreamListenerContainerFactory.Defaults(
				listener.getConcurrency(), listener.getBatchSize(), listener.getAckMode(), listener.isAckSync(),
				listener.getShutdownTimeout(), listener.isAutoStartup(), deadLetter.isEnabled(),
				deadLetter.getSubjectPrefix(), deadLetter.getStream(), deadLetter.isDeclareStream(),
				properties.getTopology().getMode(), listener.getPullExpires(),
				properties.getTopology().getRetryTimeout());
		JetStreamListenerContainerFactory factory = new JetStreamListenerContainerFactory(jetStream, management,
				connection::getServerInfo, handlerMethodFactory, errorHandler, deadLetterPublisher, registry,
				topology.getIfAvailable(), defaults);
		metrics.ifAvailable(factory::setMetricsRecorder);
		if (JetStreamObservabilityAutoConfiguration.observationEnabled(listener.getObservationEnabled())) {
			observationRegistry.ifAvailable(factory::setObservationRegistry);
		}
		factory.setConnected(() -> connection.getStatus() == Connection.Status.CONNECTED);
		return factory;
	}

}
