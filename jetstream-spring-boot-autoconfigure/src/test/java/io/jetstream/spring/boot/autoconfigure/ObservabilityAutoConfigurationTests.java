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

import io.jetstream.spring.test.NatsServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.JetStreamManagement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.jetstream.spring.boot.actuate.JetStreamEndpoint;
import io.jetstream.spring.boot.actuate.NatsHealthIndicator;
import io.jetstream.spring.boot.autoconfigure.endpoint.JetStreamEndpointAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.health.NatsHealthIndicatorAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.metrics.JetStreamMetricsAutoConfiguration;
import io.jetstream.spring.config.JetStreamTopologyDeclarer;
import io.jetstream.spring.config.TopologyMode;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.observation.JetStreamMeterBinder;
import io.jetstream.spring.observation.JetStreamMetricsRecorder;
import io.jetstream.spring.observation.JetStreamStatsPoller;
import io.jetstream.spring.observation.MicrometerJetStreamMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions of the topology, metrics, health and endpoint auto-configurations, and that
 * a bean of the user's replaces each default.
 */
class ObservabilityAutoConfigurationTests {

	@RegisterExtension
	static NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class,
				JetStreamTemplateAutoConfiguration.class, JetStreamObservabilityAutoConfiguration.class,
				JetStreamMetricsAutoConfiguration.class, NatsHealthIndicatorAutoConfiguration.class,
				JetStreamEndpointAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl());

	@Test
	void metersNeedAMeterRegistry() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(JetStreamStatsPoller.class)
			.doesNotHaveBean(JetStreamMetricsRecorder.class)
			.doesNotHaveBean(JetStreamMeterBinder.class));
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).getBean(JetStreamMetricsRecorder.class)
				.isInstanceOf(MicrometerJetStreamMetrics.class));
	}

	@Test
	void aRecorderOfTheUsersReplacesTheMicrometerOne() {
		JetStreamMetricsRecorder mine = new JetStreamMetricsRecorder() {
		};
		this.contextRunner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(JetStreamMetricsRecorder.class, () -> mine)
			.run((context) -> assertThat(context).getBean(JetStreamMetricsRecorder.class).isSameAs(mine));
	}

	@Test
	void theHealthIndicatorIsOnUnlessDisabledAndAUserOneWins() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(NatsHealthIndicator.class));
		this.contextRunner.withPropertyValues("management.health.nats.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthIndicator.class));
		HealthIndicator mine = () -> Health.up().build();
		this.contextRunner.withBean("natsHealthIndicator", HealthIndicator.class, () -> mine)
			.run((context) -> assertThat(context).doesNotHaveBean(NatsHealthIndicator.class)
				.getBean("natsHealthIndicator")
				.isSameAs(mine));
	}

	@Test
	void theEndpointNeedsToBeAvailable() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(JetStreamEndpoint.class));
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=jetstream")
			.run((context) -> assertThat(context).hasSingleBean(JetStreamEndpoint.class));
	}

	@Test
	void aDeclarerAndOperationsOfTheUsersReplaceTheDefaults() {
		this.contextRunner.withUserConfiguration(OwnDeclarer.class)
			.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>")
			.run((context) -> {
				assertThat(context).hasSingleBean(JetStreamTopologyDeclarer.class);
				assertThat(context.getBean(JetStreamTopologyDeclarer.class).getMode()).isEqualTo(TopologyMode.NONE);
				assertThat(context.getBean(JetStreamTopologyDeclarer.class).getStreams())
					.as("a declarer of the user's declares what the user gave it")
					.isEmpty();
				assertThat(context).hasSingleBean(JetStreamOperations.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDeclarer {

		@Bean
		JetStreamTopologyDeclarer myDeclarer(JetStreamManagement management) {
			return new JetStreamTopologyDeclarer(management, () -> null, TopologyMode.NONE);
		}

	}

}
