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

import java.time.Duration;

import io.jetstream.spring.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Conditions, back-off and binding of {@link NatsAutoConfiguration}.
 */
class NatsAutoConfigurationTests {

	@RegisterExtension
	static NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl());

	@Test
	void whenServerIsReachableThenConnectionAndJetStreamBeansAreDefined() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(Connection.class)
				.hasSingleBean(JetStream.class)
				.hasSingleBean(JetStreamManagement.class)
				.hasSingleBean(NatsConnectionDetails.class);
			assertThat(context.getBean(Connection.class).getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThat(context.getBean(JetStreamManagement.class).getAccountStatistics()).isNotNull();
		});
	}

	@Test
	void whenJnatsIsAbsentThenNothingIsConfigured() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Connection.class))
			.run((context) -> assertThat(context).doesNotHaveBean(NatsProperties.class)
				.doesNotHaveBean("natsConnection"));
	}

	@Test
	void whenUserDefinesConnectionThenAutoConfiguredOneBacksOff() {
		this.contextRunner.withUserConfiguration(UserConnectionConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(Connection.class);
			assertThat(context.getBean(Connection.class).getOptions().getConnectionName()).isEqualTo("user-defined");
		});
	}

	@Test
	void whenUserDefinesConnectionDetailsThenTheyWinOverProperties() {
		this.contextRunner.withPropertyValues("nats.servers=nats://127.0.0.1:1")
			.withBean(NatsConnectionDetails.class, () -> () -> java.util.List.of(nats.getUrl()))
			.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
				.isEqualTo(Connection.Status.CONNECTED));
	}

	@Test
	void whenCustomizersAreDefinedThenTheyAreAppliedInOrder() {
		this.contextRunner.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
				.isEqualTo("second"));
	}

	@Test
	void whenConnectionNameIsNotSetThenApplicationNameIsUsed() {
		this.contextRunner.withPropertyValues("spring.application.name=order-service")
			.run((context) -> assertThat(context.getBean(Connection.class).getOptions().getConnectionName())
				.isEqualTo("order-service"));
	}

	@Test
	void propertiesAreMappedToClientOptions() {
		this.contextRunner
			.withPropertyValues("nats.connection-name=orders", "nats.connection-timeout=3s", "nats.ping-interval=20s",
					"nats.reconnect.max-attempts=7", "nats.reconnect.wait=250ms", "nats.reconnect.jitter=50ms",
					"nats.reconnect.buffer-size=1MB")
			.run((context) -> {
				var options = context.getBean(Connection.class).getOptions();
				assertThat(options.getConnectionName()).isEqualTo("orders");
				assertThat(options.getConnectionTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(options.getPingInterval()).isEqualTo(Duration.ofSeconds(20));
				assertThat(options.getMaxReconnect()).isEqualTo(7);
				assertThat(options.getReconnectWait()).isEqualTo(Duration.ofMillis(250));
				assertThat(options.getReconnectJitter()).isEqualTo(Duration.ofMillis(50));
				assertThat(options.getReconnectBufferSize()).isEqualTo(1024 * 1024);
			});
	}

	@Test
	void reconnectsForeverByDefault() {
		this.contextRunner.run((context) -> {
			var options = context.getBean(Connection.class).getOptions();
			assertThat(options.getMaxReconnect()).isEqualTo(-1);
			assertThat(options.getReconnectWait()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void whenDurationIsNegativeThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("nats.reconnect.wait=-1s")
			.run((context) -> assertThat(context).getFailure()
				.hasRootCauseInstanceOf(
						org.springframework.boot.context.properties.bind.validation.BindValidationException.class)
				.rootCause()
				.hasMessageContaining("nats.reconnect.wait")
				.hasMessageContaining("must not be negative"));
	}

	@Test
	void whenDurationCannotBeParsedThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("nats.connection-timeout=banana")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Failed to bind properties under 'nats.connection-timeout'"));
	}

	@Test
	void whenPasswordIsSetWithoutUsernameThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("nats.password=secret")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("nats.password"));
	}

	@Test
	void whenMaxAttemptsIsBelowMinusOneThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("nats.reconnect.max-attempts=-2")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("nats.reconnect.max-attempts"));
	}

	@Test
	void whenServersAreEmptyThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("nats.servers=")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("nats.servers"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserConnectionConfiguration {

		@Bean
		Connection userConnection() throws Exception {
			return Nats.connect(
					new io.nats.client.Options.Builder().server(nats.getUrl()).connectionName("user-defined").build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		@org.springframework.core.annotation.Order(2)
		NatsConnectionCustomizer second() {
			return (builder) -> builder.connectionName("second");
		}

		@Bean
		@org.springframework.core.annotation.Order(1)
		NatsConnectionCustomizer first() {
			return (builder) -> builder.connectionName("first");
		}

	}

}
