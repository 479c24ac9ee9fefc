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
package io.jetstream.spring.boot.autoconfigure.health;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import io.jetstream.spring.boot.actuate.NatsHealthIndicator;
import io.jetstream.spring.boot.autoconfigure.JetStreamObservabilityAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamProperties;
import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.observation.JetStreamStatsPoller;
import io.jetstream.spring.support.PermissionViolations;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code nats} health indicator
 * ({@code management.health.nats.enabled}).
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = JetStreamObservabilityAutoConfiguration.class)
@ConditionalOnClass({ Connection.class, HealthIndicator.class })
@ConditionalOnBean(Connection.class)
@ConditionalOnEnabledHealthIndicator("nats")
@EnableConfigurationProperties(JetStreamProperties.class)
public final class NatsHealthIndicatorAutoConfiguration {

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
