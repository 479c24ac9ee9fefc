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

import io.jetstream.spring.config.JetStreamTopologyDeclarer;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} that declares the streams of {@code nats.jetstream.streams} at
 * startup, before anything that depends on the declarer runs. With
 * {@code nats.fail-fast=false} and no connection yet, declaration waits for the first
 * connection.
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
		JetStreamTopologyDeclarer declarer = new JetStreamTopologyDeclarer(management,
				properties.getTopology().getMode(), StreamDeclarations.from(properties));
		if (connection.getStatus() == Connection.Status.CONNECTED) {
			declarer.declare();
		}
		else {
			logger.info("NATS not connected yet; streams are declared once the connection is established");
			connection.addConnectionListener(new DeclareOnFirstConnection(declarer));
		}
		return declarer;
	}

	private static final class DeclareOnFirstConnection implements ConnectionListener {

		private final JetStreamTopologyDeclarer declarer;

		private volatile boolean done;

		DeclareOnFirstConnection(JetStreamTopologyDeclarer declarer) {
			this.declarer = declarer;
		}

		@Override
		public void connectionEvent(Connection connection, Events type) {
			if (!this.done && (type == Events.CONNECTED || type == Events.RECONNECTED)) {
				this.done = true;
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
