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

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.jetstream.spring.core.JetStreamAdmin;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.JetStreamTemplate;
import io.jetstream.spring.support.converter.JetStreamMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The template's auto-configuration without a server (the base of the pyramid, as Spring
 * Boot's own auto-configuration tests): conditions, your beans win, settings and bad
 * values. The connection, JetStream context and management are the application's own
 * (mocks); what they do with a server is tested elsewhere.
 */
class JetStreamTemplateAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class))
		.withBean("userConnection", Connection.class, JetStreamTemplateAutoConfigurationTests::connection)
		.withBean(JetStream.class, () -> mock(JetStream.class))
		.withBean(JetStreamManagement.class, () -> mock(JetStreamManagement.class));

	@Test
	void theApplicationsConnectionAndJetStreamAreUsedAndATemplateAdminAndConverterAreMade() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(Connection.class)
				.hasSingleBean(JetStreamTemplate.class)
				.hasSingleBean(JetStreamAdmin.class)
				.hasSingleBean(JetStreamMessageConverter.class);
			assertThat(context.getBean(Connection.class)).isSameAs(context.getBean("userConnection"));
		});
	}

	@Test
	void yourOperationsBeanReplacesTheTemplate() {
		JetStreamOperations own = mock(JetStreamOperations.class);
		this.runner.withBean(JetStreamOperations.class, () -> own).run((context) -> {
			assertThat(context).doesNotHaveBean(JetStreamTemplate.class);
			assertThat(context.getBean(JetStreamOperations.class)).isSameAs(own);
		});
	}

	@Test
	void yourConverterReplacesTheDefault() {
		JetStreamMessageConverter own = mock(JetStreamMessageConverter.class);
		this.runner.withBean(JetStreamMessageConverter.class, () -> own)
			.run((context) -> assertThat(context.getBean(JetStreamMessageConverter.class)).isSameAs(own));
	}

	@Test
	void withoutAJetStreamContextThereIsNoTemplate() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JetStreamTemplateAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JetStreamOperations.class));
	}

	@Test
	void anInvalidTemplateSettingFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("nats.jetstream.template.max-in-flight=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("nats.jetstream.template.max-in-flight"));
		this.runner.withPropertyValues("nats.jetstream.template.retry.multiplier=0.5")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("nats.jetstream.template.retry.multiplier"));
	}

	@Test
	void theTimeoutIsTheTemplatesThenTheRequestTimeoutThenTheConnectionTimeoutThenTwoSeconds() {
		JetStreamProperties.Template template = new JetStreamProperties.Template();
		NatsProperties nats = new NatsProperties();
		nats.setConnectionTimeout(null);
		assertThat(JetStreamTemplateAutoConfiguration.timeout(template, nats)).isEqualTo(Duration.ofSeconds(2));
		nats.setConnectionTimeout(Duration.ofSeconds(4));
		assertThat(JetStreamTemplateAutoConfiguration.timeout(template, nats)).isEqualTo(Duration.ofSeconds(4));
		nats.setRequestTimeout(Duration.ofSeconds(3));
		assertThat(JetStreamTemplateAutoConfiguration.timeout(template, nats)).isEqualTo(Duration.ofSeconds(3));
		template.setTimeout(Duration.ofMillis(700));
		assertThat(JetStreamTemplateAutoConfiguration.timeout(template, nats)).isEqualTo(Duration.ofMillis(700));
	}

	private static Connection connection() {
		Connection connection = mock(Connection.class);
		when(connection.getStatus()).thenReturn(Connection.Status.CLOSED);
		return connection;
	}

}
