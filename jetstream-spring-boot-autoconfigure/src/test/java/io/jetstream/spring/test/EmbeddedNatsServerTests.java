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

package io.jetstream.spring.test;

import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

import io.jetstream.spring.boot.autoconfigure.JetStreamTopologyAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EmbeddedNatsServer @EmbeddedNatsServer} in a Spring Boot test: configuration
 * lines reach the server, {@code nats.servers} points at it, and the injected server can
 * be restarted.
 */
@SpringBootTest(classes = EmbeddedNatsServerTests.App.class,
		properties = { "nats.token=t0ken", "nats.reconnect.wait=100ms",
				"nats.jetstream.streams.ORDERS.subjects=orders.>", "nats.jetstream.streams.ORDERS.storage=file" })
@EmbeddedNatsServer(config = "authorization { token: t0ken }")
class EmbeddedNatsServerTests {

	@Autowired
	Connection connection;

	@Autowired
	NatsTestServer server;

	@Autowired
	JetStreamManagement management;

	@Test
	void theContextConnectsToTheServerWhichSurvivesARestartWithItsStreams() throws Exception {
		assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(this.connection.getConnectedUrl()).endsWith(":" + this.server.getPort());
		this.server.restart();
		await().atMost(Duration.ofSeconds(20))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(this.management.getStreamNames()).contains("ORDERS"));
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class })
	static class App {

	}

}
