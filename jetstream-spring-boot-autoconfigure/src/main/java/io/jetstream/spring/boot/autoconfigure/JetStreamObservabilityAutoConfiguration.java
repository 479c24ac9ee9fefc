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

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

import io.jetstream.spring.config.JetStreamTopologyDeclarer;
import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.observation.JetStreamStatsPoller;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the background poll of stream and consumer statistics, which the
 * meters ({@code JetStreamMetricsAutoConfiguration}), the {@code nats} health indicator
 * ({@code NatsHealthIndicatorAutoConfiguration}) and the {@code jetstream} endpoint
 * ({@code JetStreamEndpointAutoConfiguration}) read, and of whether observations are on.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { JetStreamListenerAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class })
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(JetStreamManagement.class)
@EnableConfigurationProperties(JetStreamProperties.class)
public final class JetStreamObservabilityAutoConfiguration {

	private static final boolean TRACING_PRESENT = ClassUtils.isPresent("io.micrometer.tracing.Tracer",
			JetStreamObservabilityAutoConfiguration.class.getClassLoader());

	/**
	 * Observations per message are what carries a trace from publisher to listener; they
	 * are on by default only where there is tracing to carry, since they cost throughput.
	 * @param configured the {@code observation-enabled} property, or {@code null}
	 * @return whether observations are on
	 */
	public static boolean observationEnabled(@Nullable Boolean configured) {
		return (configured != null) ? configured : TRACING_PRESENT;
	}

	@Bean
	@ConditionalOnMissingBean
	JetStreamStatsPoller jetStreamStatsPoller(JetStreamManagement management, JetStreamProperties properties,
			ObjectProvider<JetStreamTopologyDeclarer> topology, ObjectProvider<JetStreamListenerRegistry> registry) {
		JetStreamStatsPoller poller = new JetStreamStatsPoller(management, () -> {
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
		JetStreamProperties.Listener.DeadLetter deadLetter = properties.getListener().getDeadLetter();
		if (deadLetter.isEnabled() && registry.getIfAvailable() != null) {
			poller.setDeadLetterSubjects(deadLetter.getStream(), deadLetter.getSubjectPrefix());
		}
		return poller;
	}

}
