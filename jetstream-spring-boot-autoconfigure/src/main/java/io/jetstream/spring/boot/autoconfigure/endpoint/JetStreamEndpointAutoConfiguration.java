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
import org.springframework.context.annotation.Configuration;

import io.jetstream.spring.boot.actuate.DeadLettersEndpoint;
import io.jetstream.spring.boot.actuate.JetStreamEndpoint;
import io.jetstream.spring.boot.autoconfigure.JetStreamListenerAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamObservabilityAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamProperties;
import io.jetstream.spring.listener.DeadLetters;
import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.observation.JetStreamStatsPoller;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code jetstream} actuator endpoint.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = { JetStreamObservabilityAutoConfiguration.class, JetStreamListenerAutoConfiguration.class })
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

	/**
	 * The dead-letter endpoint, where listeners publish dead letters.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBean(DeadLetters.class)
	@ConditionalOnAvailableEndpoint(DeadLettersEndpoint.class)
	static class DeadLettersEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DeadLettersEndpoint deadLettersEndpoint(DeadLetters deadLetters, JetStreamProperties properties) {
			JetStreamProperties.Listener.DeadLetter deadLetter = properties.getListener().getDeadLetter();
			return new DeadLettersEndpoint(deadLetters, deadLetter.getRedriveRate(), deadLetter.getSensitiveHeaders());
		}

	}

}
