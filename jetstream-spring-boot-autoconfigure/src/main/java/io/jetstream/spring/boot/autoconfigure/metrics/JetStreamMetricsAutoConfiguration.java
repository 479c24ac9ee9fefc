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
package io.jetstream.spring.boot.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.jetstream.spring.boot.autoconfigure.JetStreamObservabilityAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamProperties;
import io.jetstream.spring.observation.JetStreamMeterBinder;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.observation.JetStreamStatsPoller;
import io.jetstream.spring.observation.MicrometerJetStreamMetrics;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the JetStream meters when a {@link MeterRegistry} exists: the
 * recorder the template and the listeners report to, and the gauges of streams, consumers
 * and the connection.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = JetStreamObservabilityAutoConfiguration.class,
		afterName = {
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration" })
@ConditionalOnClass({ Connection.class, MeterRegistry.class })
@ConditionalOnBean(MeterRegistry.class)
@EnableConfigurationProperties(JetStreamProperties.class)
public final class JetStreamMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JetStreamMetricsRecorder jetStreamMetricsRecorder(MeterRegistry registry, JetStreamProperties properties) {
		JetStreamProperties.Metrics metrics = properties.getMetrics();
		return new MicrometerJetStreamMetrics(registry, metrics.getSubjectTag().mapper(metrics.getSubjectTagDepth()),
				metrics.getProcessingBuckets());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(JetStreamStatsPoller.class)
	JetStreamMeterBinder jetStreamMeterBinder(JetStreamStatsPoller poller, ObjectProvider<Connection> connection) {
		return new JetStreamMeterBinder(poller, connection.getIfUnique());
	}

}
