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

import org.springframework.beans.factory.ListableBeanFactory;
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
 * Auto-configuration} that declares the streams and consumers of {@code nats.jetstream.*}
 * and of {@link StreamDeclaration} / {@link ConsumerDeclaration} beans at startup, before
 * anything that depends on the declarer runs. With {@code nats.fail-fast=false} and no
 * connection yet, declaration waits for the first connection.
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
			Connection connection, ListableBeanFactory beanFactory) {
		JetStreamTopologyDeclarer declarer = new JetStreamTopologyDeclarer(management, connection::getServerInfo,
				properties.getTopology().getMode(),
				TopologyDeclarations.streams(properties, beanFactory.getBeansOfType(StreamDeclaration.class)),
				TopologyDeclarations.consumers(properties, beanFactory.getBeansOfType(ConsumerDeclaration.class)));
		declarer.setRetryTimeout(properties.getTopology().getRetryTimeout());
		if (connection.getStatus() == Connection.Status.CONNECTED) {
			declarer.declare();
		}
		else {
			logger
				.info("NATS not connected yet; the JetStream topology is declared once the connection is established");
			connection.addConnectionListener(new DeclareOnFirstConnection(declarer));
			// declare() runs once: this covers a connection made while the listener was
			// added
			if (connection.getStatus() == Connection.Status.CONNECTED) {
				declarer.declare();
			}
		}
		return declarer;
	}

	private static final class DeclareOnFirstConnection implements ConnectionListener {

		private final JetStreamTopologyDeclarer declarer;

		DeclareOnFirstConnection(JetStreamTopologyDeclarer declarer) {
			this.declarer = declarer;
		}

		@Override
		public void connectionEvent(Connection connection, Events type) {
			if (!this.declarer.isDeclared() && (type == Events.CONNECTED || type == Events.RECONNECTED)) {
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
