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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a newcomer runs it: default profile, dev server on, no NATS to hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OrderServiceDevServerTests {

	@Autowired
	Connection connection;

	@LocalServerPort
	int port;

	@Test
	void startsItsOwnNatsServerWithJetStreamAndDeclaresItsStreams() throws Exception {
		assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(this.connection.getConnectedUrl()).contains("127.0.0.1");
		assertThat(this.connection.jetStreamManagement().getStreamInfo("ORDERS").getConfiguration().getSubjects())
			.containsExactly("orders.>");
	}

	@Test
	void exposesHealthMetricsAndTheJetStreamEndpoint() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		assertThat(get(http, "/actuator/health/nats")).contains("\"status\":\"UP\"");
		assertThat(get(http, "/actuator/health/readiness")).contains("\"status\":\"UP\"");
		assertThat(get(http, "/actuator/jetstream")).contains("\"name\":\"ORDERS\"");
		assertThat(get(http, "/actuator/prometheus")).contains("nats_connection_status 1.0");
	}

	private String get(HttpClient http, String path) throws Exception {
		return http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

}
