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
package io.jetstream.spring.boot.autoconfigure.devserver;

import java.util.List;

import io.nats.client.Connection;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsConnectionDetails;
import io.jetstream.spring.boot.autoconfigure.NatsProperties;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that starts a local {@code nats-server} when
 * {@code nats.dev-server.enabled=true} and points the connection at it. Connection
 * details from elsewhere (a {@code @ServiceConnection} container) win, and then no server
 * is started. The server stops after the connection has been drained: the connection
 * depends on these details, which depend on the server.
 *
 * @since 0.1.0
 */
@AutoConfiguration(before = NatsAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@ConditionalOnBooleanProperty("nats.dev-server.enabled")
@ConditionalOnMissingBean(NatsConnectionDetails.class)
@EnableConfigurationProperties(NatsProperties.class)
public final class NatsDevServerAutoConfiguration {

	@Bean(initMethod = "start", destroyMethod = "stop")
	@ConditionalOnMissingBean
	NatsDevServer natsDevServer(NatsProperties properties) {
		return new NatsDevServer(properties.getDevServer());
	}

	@Bean
	NatsConnectionDetails natsDevServerConnectionDetails(NatsDevServer server) {
		return () -> List.of(server.getUrl());
	}

}
