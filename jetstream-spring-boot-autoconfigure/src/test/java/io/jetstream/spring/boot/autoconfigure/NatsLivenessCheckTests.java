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

import io.jetstream.spring.RawProtocol;
import io.jetstream.spring.test.NatsServerExtension;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message with a non-ASCII header value, sent by another client, stops jnats' reader
 * while the connection keeps reporting CONNECTED; the liveness check reconnects it within
 * seconds. The header is sent over a plain socket, as jnats will not send one.
 */
class NatsLivenessCheckTests {

	@RegisterExtension
	static NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl(), "nats.connection-timeout=1s",
				"nats.liveness-check-interval=1s");

	@Test
	void aConnectionWhoseReaderStoppedIsReconnectedWithinSeconds() {
		this.contextRunner.run((context) -> {
			Connection connection = context.getBean(Connection.class);
			connection.createDispatcher((message) -> {
			}).subscribe("poison.>");
			connection.flush(Duration.ofSeconds(2));
			long reconnectsBefore = connection.getStatistics().getReconnects();
			RawProtocol.publishWithHeader(nats.getServer().getPort(), "poison.1", "X-Customer", "Jürgen Müller",
					"hello");
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				assertThat(connection.getStatistics().getReconnects()).isGreaterThan(reconnectsBefore);
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
				assertThat(connection.RTT()).isLessThan(Duration.ofSeconds(1));
			});
		});
	}

	@Test
	void theCheckCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("nats.liveness-check-interval=0")
			.run((context) -> assertThat(context.getBean(NatsLivenessCheck.class).isRunning()).isFalse());
	}

}
