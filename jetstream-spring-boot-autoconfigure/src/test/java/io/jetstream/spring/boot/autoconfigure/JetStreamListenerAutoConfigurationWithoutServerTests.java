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

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

import io.jetstream.spring.annotation.JetStreamListenerAnnotationBeanPostProcessor;
import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.listener.JetStreamListenerInterceptor;
import io.jetstream.spring.observation.DefaultJetStreamListenerObservationConvention;
import io.jetstream.spring.observation.JetStreamListenerObservationConvention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The listener auto-configuration without a server (the base of the pyramid, as Spring
 * Boot's own auto-configuration tests): what it makes, your beans win, properties and
 * collaborators land in the factory's container template, bad values name the property.
 * The connection, JetStream context and management are the application's own (mocks);
 * what listeners do with a server is tested elsewhere.
 */
class JetStreamListenerAutoConfigurationWithoutServerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class,
				JetStreamListenerAutoConfiguration.class))
		.withBean("userConnection", Connection.class, JetStreamListenerAutoConfigurationWithoutServerTests::connection)
		.withBean(JetStream.class, () -> mock(JetStream.class))
		.withBean(JetStreamManagement.class, () -> mock(JetStreamManagement.class));

	@Test
	void aContainerFactoryRegistriesAndTheAnnotationProcessorAreMade() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.hasSingleBean(JetStreamListenerContainerFactory.class)
			.hasBean(JetStreamListenerAnnotationBeanPostProcessor.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
			.hasSingleBean(JetStreamListenerRegistry.class)
			.hasSingleBean(JetStreamListenerContainerFactoryConfigurer.class)
			.hasSingleBean(JetStreamListenerAnnotationBeanPostProcessor.class));
	}

	@Test
	void withoutAJetStreamContextThereAreNoListeners() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JetStreamListenerAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(JetStreamListenerContainerFactory.class)
				.doesNotHaveBean(JetStreamListenerAnnotationBeanPostProcessor.class));
	}

	@Test
	void listenerPropertiesGoIntoTheFactorysContainerTemplate() {
		this.runner
			.withPropertyValues("nats.jetstream.listener.concurrency=3", "nats.jetstream.listener.batch-size=7",
					"nats.jetstream.listener.max-bytes-ahead=2MB", "nats.jetstream.listener.ack-mode=manual",
					"nats.jetstream.listener.ack-sync=true", "nats.jetstream.listener.pull-expires=4s",
					"nats.jetstream.listener.shutdown-timeout=12s", "nats.jetstream.listener.batch-wait=250ms",
					"nats.jetstream.listener.max-pending-results=9", "nats.jetstream.listener.auto-startup=false")
			.run((context) -> {
				JetStreamContainerProperties template = context.getBean(JetStreamListenerContainerFactory.class)
					.getContainerProperties();
				assertThat(template.getConcurrency()).isEqualTo(3);
				assertThat(template.getBatchSize()).isEqualTo(7);
				assertThat(template.getMaxBytesAhead()).isEqualTo(DataSize.ofMegabytes(2));
				assertThat(template.getAckMode()).isEqualTo(AckMode.MANUAL);
				assertThat(template.isAckSync()).isTrue();
				assertThat(template.getPullExpires()).isEqualTo(Duration.ofSeconds(4));
				assertThat(template.getShutdownTimeout()).isEqualTo(Duration.ofSeconds(12));
				assertThat(template.getBatchWait()).isEqualTo(Duration.ofMillis(250));
				assertThat(template.getMaxPendingResults()).isEqualTo(9);
				assertThat(template.isAutoStartup()).isFalse();
			});
	}

	@Test
	void theObservationRegistryGoesIntoTheTemplateUnlessObservationIsOff() {
		ObservationRegistry registry = ObservationRegistry.create();
		ApplicationContextRunner observed = this.runner.withBean(ObservationRegistry.class, () -> registry);
		observed.withPropertyValues("nats.jetstream.listener.observation-enabled=true")
			.run((context) -> assertThat(template(context).getObservationRegistry()).isSameAs(registry));
		observed.withPropertyValues("nats.jetstream.listener.observation-enabled=false")
			.run((context) -> assertThat(template(context).getObservationRegistry())
				.isSameAs(ObservationRegistry.NOOP));
	}

	@Test
	void yourObservationConventionAndInterceptorGoIntoTheTemplate() {
		JetStreamListenerObservationConvention convention = new DefaultJetStreamListenerObservationConvention();
		JetStreamListenerInterceptor interceptor = new JetStreamListenerInterceptor() {
		};
		this.runner.withBean(JetStreamListenerObservationConvention.class, () -> convention)
			.withBean(JetStreamListenerInterceptor.class, () -> interceptor)
			.run((context) -> {
				assertThat(template(context).getObservationConvention()).isSameAs(convention);
				assertThat(template(context).getInterceptor()).isNotNull();
			});
	}

	@Test
	void yourFactoryReplacesTheDefaultAndCustomizersSeeTheDefault() {
		JetStreamListenerContainerFactory own = new JetStreamListenerContainerFactory(connection(),
				mock(JetStream.class),
				new org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory());
		this.runner
			.withBean(JetStreamListenerAnnotationBeanPostProcessor.DEFAULT_CONTAINER_FACTORY_BEAN_NAME,
					JetStreamListenerContainerFactory.class, () -> own)
			.run((context) -> assertThat(context.getBean(JetStreamListenerContainerFactory.class)).isSameAs(own));
		this.runner
			.withBean(JetStreamContainerFactoryCustomizer.class,
					() -> (factory) -> factory.getContainerProperties().setConcurrency(5))
			.run((context) -> assertThat(template(context).getConcurrency()).isEqualTo(5));
	}

	@Test
	void anInvalidListenerSettingFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("nats.jetstream.listener.concurrency=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("nats.jetstream.listener.concurrency"));
		this.runner.withPropertyValues("nats.jetstream.listener.ack-mode=sometimes")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("nats.jetstream.listener.ack-mode"));
	}

	private static JetStreamContainerProperties template(
			org.springframework.boot.test.context.assertj.AssertableApplicationContext context) {
		return context.getBean(JetStreamListenerContainerFactory.class).getContainerProperties();
	}

	private static Connection connection() {
		Connection connection = mock(Connection.class);
		when(connection.getStatus()).thenReturn(Connection.Status.CLOSED);
		return connection;
	}

}
