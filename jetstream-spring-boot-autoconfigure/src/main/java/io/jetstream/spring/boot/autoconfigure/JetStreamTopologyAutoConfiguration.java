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

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStreamManagement;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.config.ConsumerDeclaration;
import io.jetstream.spring.config.JetStreamTopologyDeclarer;
import io.jetstream.spring.config.StreamDeclaration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@link JetStreamTopologyDeclarer}: it maps
 * {@code nats.jetstream.streams.*} and {@code nats.jetstream.consumers.*} to
 * declarations; the declarer adds the {@link StreamDeclaration} /
 * {@link ConsumerDeclaration} beans and declares everything once every singleton exists,
 * before listeners start. With {@code nats.fail-fast=false} and no connection yet,
 * declaration waits for the first connection.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = NatsAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@ConditionalOnBean(JetStreamManagement.class)
@EnableConfigurationProperties(JetStreamProperties.class)
public final class JetStreamTopologyAutoConfiguration {

	private static final LogAccessor logger = new LogAccessor(JetStreamTopologyAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	JetStreamTopologyDeclarer jetStreamTopologyDeclarer(JetStreamProperties properties, JetStreamManagement management,
			Connection connection) {
		JetStreamTopologyDeclarer declarer = new JetStreamTopologyDeclarer(management, connection::getServerInfo,
				properties.getTopology().getMode(), TopologyDeclarations.streams(properties),
				TopologyDeclarations.consumers(properties));
		declarer.setRetryTimeout(properties.getTopology().getRetryTimeout());
		declarer.setConnected(() -> connection.getStatus() == Connection.Status.CONNECTED);
		connection.addConnectionListener(new DeclareOnFirstConnection(declarer));
		return declarer;
	}

	private static final class DeclareOnFirstConnection implements ConnectionListener {

		private final JetStreamTopologyDeclarer declarer;

		DeclareOnFirstConnection(JetStreamTopologyDeclarer declarer) {
			this.declarer = declarer;
		}

		@Override
		public void connectionEvent(Connection connection, Events type) {
			// before the context is ready the declarer declares itself, if connected
			if (this.declarer.isInitialized() && !this.declarer.isDeclared()
					&& (type == Events.CONNECTED || type == Events.RECONNECTED)) {
				try {
					this.declarer.declare();
				}
				catch (RuntimeException ex) {
					logger.error(ex, "Declaring the JetStream topology failed");
				}
			}
		}

	}

}
