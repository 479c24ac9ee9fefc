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
package io.jetstream.sample.order;

import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a newcomer runs it: default profile, dev server on, no NATS to hand.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.security.user.password=dev-server-operator")
class OrderServiceDevServerTests {

	@Autowired
	Connection connection;

	@Autowired
	TestRestTemplate rest;

	@Test
	void startsItsOwnNatsServerWithJetStreamAndDeclaresItsStreams() throws Exception {
		assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(this.connection.getConnectedUrl()).contains("127.0.0.1");
		assertThat(this.connection.jetStreamManagement().getStreamInfo("ORDERS").getConfiguration().getSubjects())
			.containsExactly("orders.>");
	}

	@Test
	void exposesHealthMetricsAndTheJetStreamEndpoint() {
		assertThat(this.rest.getForObject("/actuator/health/nats", String.class)).contains("\"status\":\"UP\"");
		assertThat(this.rest.getForObject("/actuator/health/readiness", String.class)).contains("\"status\":\"UP\"");
		assertThat(this.rest.withBasicAuth("operator", "dev-server-operator")
			.getForObject("/actuator/jetstream", String.class)).contains("\"name\":\"ORDERS\"");
		assertThat(this.rest.getForObject("/actuator/prometheus", String.class)).contains("nats_connection_status 1.0");
	}

}
