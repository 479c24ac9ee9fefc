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

import java.time.Duration;

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.retry.RetryPolicySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.Message;

import io.jetstream.spring.core.JetStreamAdmin;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.JetStreamTemplate;
import io.jetstream.spring.observation.DefaultJetStreamTemplateObservationConvention;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.observation.JetStreamTemplateObservationConvention;
import io.jetstream.spring.support.PermissionViolations;
import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;
import io.jetstream.spring.support.converter.JetStreamMessageConverter;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for {@link JetStreamTemplate} and the
 * {@link JetStreamMessageConverter} it shares with listeners. The topology is declared
 * once every singleton exists: publish from an {@code ApplicationRunner} or later, not
 * from a bean's initialization, so that the first publish finds its stream.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class },
		afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({ Connection.class, Message.class })
@ConditionalOnBean(JetStream.class)
@EnableConfigurationProperties({ NatsProperties.class, JetStreamProperties.class })
public final class JetStreamTemplateAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(JetStreamOperations.class)
	JetStreamTemplate jetStreamTemplate(JetStream jetStream, ObjectProvider<JetStreamManagement> management,
			JetStreamMessageConverter messageConverter, NatsProperties natsProperties, JetStreamProperties properties,
			ObjectProvider<JetStreamMetricsRecorder> metrics, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<PermissionViolations> permissionViolations,
			ObjectProvider<JetStreamTemplateObservationConvention> observationConvention,
			ObjectProvider<Connection> connection) {
		JetStreamProperties.Template settings = properties.getTemplate();
		JetStreamTemplate template = new JetStreamTemplate(jetStream, management.getIfAvailable(), messageConverter);
		connection.ifAvailable(template::setConnection);
		template.setMaxInFlight(settings.getMaxInFlight());
		template.setTimeout(timeout(settings, natsProperties));
		template.setAssignMessageIds(settings.isAssignMessageIds());
		metrics.ifAvailable(template::setMetricsRecorder);
		permissionViolations.ifAvailable(template::setPermissionViolations);
		if (JetStreamObservabilityAutoConfiguration.observationEnabled(settings.getObservationEnabled())) {
			observationRegistry.ifAvailable(template::setObservationRegistry);
		}
		JetStreamProperties.Metrics metricsSettings = properties.getMetrics();
		template.setObservationConvention(
				observationConvention.getIfUnique(() -> new DefaultJetStreamTemplateObservationConvention(
						metricsSettings.getSubjectTag().mapper(metricsSettings.getSubjectTagDepth()))));
		JetStreamProperties.Template.Retry retry = settings.getRetry();
		if (retry.isEnabled()) {
			RetryPolicySettings retrySettings = new RetryPolicySettings();
			retrySettings.setMaxRetries(retry.getMaxRetries());
			retrySettings.setDelay(retry.getDelay());
			retrySettings.setMultiplier(retry.getMultiplier());
			retrySettings.setMaxDelay(retry.getMaxDelay());
			retrySettings.setJitter(retry.getJitter());
			template.setRetryPolicy(retrySettings.createRetryPolicy());
		}
		return template;
	}

	@Bean
	@ConditionalOnMissingBean
	JetStreamAdmin jetStreamAdmin(JetStreamManagement management, JetStream jetStream,
			JetStreamMessageConverter messageConverter) {
		return new JetStreamAdmin(management, jetStream, messageConverter);
	}

	static Duration timeout(JetStreamProperties.Template settings, NatsProperties natsProperties) {
		if (settings.getTimeout() != null) {
			return settings.getTimeout();
		}
		if (natsProperties.getRequestTimeout() != null) {
			return natsProperties.getRequestTimeout();
		}
		return (natsProperties.getConnectionTimeout() != null) ? natsProperties.getConnectionTimeout()
				: Duration.ofSeconds(2);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	static class JacksonMessageConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JetStreamMessageConverter jetStreamMessageConverter(ObjectProvider<JsonMapper> jsonMapper) {
			return new DefaultJetStreamMessageConverter(jsonMapper.getIfAvailable(JsonMapper::new));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	static class PlainMessageConverterConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JetStreamMessageConverter jetStreamMessageConverter() {
			return new DefaultJetStreamMessageConverter(
					(org.springframework.messaging.converter.MessageConverter) null);
		}

	}

}
