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

package io.jetstream.spring.boot.autoconfigure.testcontainers;

import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;

import io.jetstream.spring.boot.autoconfigure.JetStreamTopologyAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsConnectionDetails;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ServiceConnection} on a {@code nats} container supplies the connection details.
 * Needs a Docker engine; skipped (visibly) without one.
 */
@EnabledIf(value = "io.jetstream.spring.boot.autoconfigure.testcontainers.DockerAvailability#dockerAvailable",
		disabledReason = "needs a Docker engine")
@Testcontainers
@SpringBootTest(classes = NatsServiceConnectionTests.App.class,
		properties = "nats.jetstream.streams.ORDERS.subjects=orders.>")
class NatsServiceConnectionTests {

	@Container
	@ServiceConnection
	static GenericContainer<?> nats = new GenericContainer<>("nats:2.10").withCommand("-js").withExposedPorts(4222);

	@Autowired
	NatsConnectionDetails connectionDetails;

	@Autowired
	Connection connection;

	@Test
	void theContainerSuppliesTheConnectionDetails() throws Exception {
		assertThat(this.connectionDetails.getServers())
			.containsExactly("nats://" + nats.getHost() + ":" + nats.getMappedPort(4222));
		assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(this.connection.jetStreamManagement().getStreamNames()).contains("ORDERS");
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration({ NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class })
	static class App {

	}

}
