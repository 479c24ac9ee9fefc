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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;

import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's Docker Compose support starts the {@code nats} service of
 * {@code compose-nats.yaml} and our factory turns it into connection details. Needs a
 * Docker engine with Compose; skipped (visibly) without one.
 */
@EnabledIf(value = "io.jetstream.spring.boot.autoconfigure.testcontainers.DockerAvailability#dockerAvailable",
		disabledReason = "needs a Docker engine")
@SpringBootTest(classes = NatsDockerComposeTests.App.class,
		properties = { "spring.docker.compose.file=src/test/resources/compose-nats.yaml",
				"spring.docker.compose.skip.in-tests=false",
				"spring.docker.compose.lifecycle-management=start-and-stop" })
class NatsDockerComposeTests {

	@Autowired
	Connection connection;

	@Test
	void theComposeServiceSuppliesTheConnectionDetails() {
		assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(this.connection.getServerInfo().isJetStreamAvailable()).isTrue();
	}

	@SpringBootConfiguration
	@ImportAutoConfiguration(NatsAutoConfiguration.class)
	static class App {

	}

}
