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
package io.jetstream.spring.boot.autoconfigure.endpoint;

import io.nats.client.Connection;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.jetstream.spring.boot.actuate.JetStreamEndpoint;
import io.jetstream.spring.boot.autoconfigure.JetStreamObservabilityAutoConfiguration;
import io.jetstream.spring.listener.JetStreamListenerRegistry;
import io.jetstream.spring.observation.JetStreamStatsPoller;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code jetstream} actuator endpoint.
 */
@AutoConfiguration(after = JetStreamObservabilityAutoConfiguration.class)
@ConditionalOnClass({ Connection.class, Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(JetStreamStatsPoller.class)
@ConditionalOnAvailableEndpoint(JetStreamEndpoint.class)
public final class JetStreamEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	JetStreamEndpoint jetStreamEndpoint(JetStreamStatsPoller poller,
			ObjectProvider<JetStreamListenerRegistry> registry) {
		return new JetStreamEndpoint(poller, registry.getIfAvailable());
	}

}
