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

import java.util.LinkedHashSet;
import java.util.Set;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ClassUtils;

import io.jetstream.spring.boot.actuate.JetStreamEndpoint;
import io.jetstream.spring.boot.actuate.NatsHealthIndicator;
import io.jetstream.spring.config.JetStreamTopologyDeclarer;
import io.jetstream.spring.listener.JetStreamListenerRegistry;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.observation.JetStreamMeterBinder;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.observation.JetStreamStatsPoller;
import io.jetstream.spring.observation.MicrometerJetStreamMetrics;
import io.jetstream.spring.support.PermissionViolations;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of observability: the background poll of stream and consumer
 * statistics; Micrometer meters when a {@link MeterRegistry} exists; the {@code nats}
 * health indicator and the {@code jetstream} endpoint when the actuator is present.
 */
@AutoConfiguration(after = { JetStreamListenerAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class },
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(JetStreamManagement.class)
@EnableConfigurationProperties(JetStreamProperties.class)
public final class JetStreamObservabilityAutoConfiguration {

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent("io.micrometer.tracing.Tracer",
			JetStreamObservabilityAutoConfiguration.class.getClassLoader());

	/**
	 * Observations per message are what carries a trace from publisher to listener; they
	 * are on by default only where there is tracing to carry, since they cost throughput.
	 */
	static boolean observationEnabled(@Nullable Boolean configured) {
		return (configured != null) ? configured : TRACING_PRESENT;
	}

	@Bean
	@ConditionalOnMissingBean
	JetStreamStatsPoller jetStreamStatsPoller(JetStreamManagement management, JetStreamProperties properties,
			ObjectProvider<JetStreamTopologyDeclarer> topology, ObjectProvider<JetStreamListenerRegistry> registry) {
		return new JetStreamStatsPoller(management, () -> {
			Set<String> streams = new LinkedHashSet<>();
			topology
				.ifAvailable((declarer) -> declarer.getStreams().forEach((stream) -> streams.add(stream.getName())));
			registry.ifAvailable(
					(listeners) -> listeners.getListeners().forEach((container) -> streams.add(container.getStream())));
			return streams;
		}, () -> {
			Set<JetStreamStatsPoller.ConsumerKey> consumers = new LinkedHashSet<>();
			topology.ifAvailable((declarer) -> declarer.getConsumers()
				.forEach((consumer) -> consumers
					.add(new JetStreamStatsPoller.ConsumerKey(consumer.getStream(), consumer.getName()))));
			registry.ifAvailable((listeners) -> {
				for (MessageListenerContainer container : listeners.getListeners()) {
					consumers.add(new JetStreamStatsPoller.ConsumerKey(container.getStream(), container.getConsumer()));
				}
			});
			return consumers;
		}, properties.getMetrics().getPollInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	@ConditionalOnBean(MeterRegistry.class)
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JetStreamMetricsRecorder jetStreamMetricsRecorder(MeterRegistry registry, JetStreamProperties properties) {
			JetStreamProperties.Metrics metrics = properties.getMetrics();
			return new MicrometerJetStreamMetrics(registry,
					metrics.getSubjectTag().mapper(metrics.getSubjectTagDepth()), metrics.getProcessingBuckets());
		}

		@Bean
		@ConditionalOnMissingBean
		JetStreamMeterBinder jetStreamMeterBinder(JetStreamStatsPoller poller, ObjectProvider<Connection> connection) {
			return new JetStreamMeterBinder(poller, connection.getIfUnique());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthIndicator.class)
	@ConditionalOnEnabledHealthIndicator("nats")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "natsHealthIndicator")
		NatsHealthIndicator natsHealthIndicator(Connection connection, ObjectProvider<JetStreamManagement> management,
				ObjectProvider<JetStreamListenerRegistry> registry, ObjectProvider<JetStreamStatsPoller> poller,
				JetStreamProperties properties, ObjectProvider<PermissionViolations> permissionViolations) {
			NatsHealthIndicator indicator = new NatsHealthIndicator(connection, management.getIfAvailable(),
					registry.getIfAvailable(), poller.getIfAvailable(), properties.getListener().getStallTimeout());
			indicator.setPermissionViolations(permissionViolations.getIfAvailable());
			return indicator;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
	@ConditionalOnAvailableEndpoint(JetStreamEndpoint.class)
	static class EndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		JetStreamEndpoint jetStreamEndpoint(JetStreamStatsPoller poller,
				ObjectProvider<JetStreamListenerRegistry> registry) {
			return new JetStreamEndpoint(poller, registry.getIfAvailable());
		}

	}

}
