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

import java.io.IOException;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import io.jetstream.spring.support.PermissionViolations;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for a NATS {@link Connection} and the JetStream contexts on it.
 * <p>
 * A user-defined {@link Connection}, {@link JetStream} or {@link JetStreamManagement}
 * bean replaces the one defined here. The auto-configured connection is drained and
 * closed on shutdown after every bean that uses it has been destroyed.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(Connection.class)
@EnableConfigurationProperties(NatsProperties.class)
public final class NatsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(NatsConnectionDetails.class)
	PropertiesNatsConnectionDetails natsConnectionDetails(NatsProperties properties,
			ObjectProvider<SslBundles> sslBundles) {
		return new PropertiesNatsConnectionDetails(properties, sslBundles.getIfAvailable());
	}

	@Bean
	static NatsConnectionDrainer natsConnectionDrainer(Environment environment) {
		// A post-processor is created before properties beans can be bound; bind
		// directly.
		Duration timeout = Binder.get(environment)
			.bind("nats.drain-timeout", Duration.class)
			.orElse(new NatsProperties().getDrainTimeout());
		return new NatsConnectionDrainer(timeout);
	}

	@Bean(NatsConnectionDrainer.CONNECTION_BEAN_NAME)
	@ConditionalOnMissingBean
	Connection natsConnection(NatsProperties properties, NatsConnectionDetails connectionDetails,
			Environment environment, ObjectProvider<NatsConnectionCustomizer> customizers,
			PermissionViolations permissionViolations) {
		return new NatsConnectionFactory(properties, connectionDetails,
				environment.getProperty("spring.application.name"), customizers.orderedStream().toList(),
				permissionViolations)
			.connect();
	}

	@Bean
	@ConditionalOnMissingBean
	PermissionViolations natsPermissionViolations() {
		return new PermissionViolations();
	}

	@Bean
	@ConditionalOnMissingBean
	JetStream jetStream(Connection connection, NatsProperties properties) throws IOException {
		JetStreamOptions options = jetStreamOptions(properties);
		if (connection.getStatus() != Connection.Status.CONNECTED) {
			return BackgroundConnections.lazy(JetStream.class, connection, () -> connection.jetStream(options));
		}
		return connection.jetStream(options);
	}

	@Bean
	@ConditionalOnMissingBean
	JetStreamManagement jetStreamManagement(Connection connection, NatsProperties properties) throws IOException {
		JetStreamOptions options = jetStreamOptions(properties);
		if (connection.getStatus() != Connection.Status.CONNECTED) {
			return BackgroundConnections.lazy(JetStreamManagement.class, connection,
					() -> connection.jetStreamManagement(options));
		}
		return connection.jetStreamManagement(options);
	}

	@Bean
	@ConditionalOnMissingBean
	NatsLivenessCheck natsLivenessCheck(Connection connection, NatsProperties properties) {
		return new NatsLivenessCheck(connection, properties.getLivenessCheckInterval());
	}

	private static JetStreamOptions jetStreamOptions(NatsProperties properties) {
		JetStreamOptions.Builder builder = JetStreamOptions.builder();
		if (properties.getRequestTimeout() != null) {
			builder.requestTimeout(properties.getRequestTimeout());
		}
		return builder.build();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(SanitizingFunction.class)
	static class SanitizingConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "natsSanitizingFunction")
		SanitizingFunction natsSanitizingFunction() {
			return new NatsSanitizingFunction();
		}

	}

}
