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
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jetstream.spring.test.EmbeddedNatsServer;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order scenario end to end, over HTTP, against a real server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedNatsServer
class OrderScenarioTests {

	@LocalServerPort
	int port;

	@Autowired
	NatsTestServer nats;

	@Autowired
	JdbcClient jdbc;

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void anOrderPostedTwiceAndDeliveredTwiceIsStoredOnce() throws Exception {
		String order = "{\"id\":\"o-1\",\"product\":\"book\",\"quantity\":2}";
		HttpResponse<String> first = post("/orders", order);
		HttpResponse<String> second = post("/orders", order);
		assertThat(first.statusCode()).isEqualTo(202);
		assertThat(first.body()).contains("\"duplicate\":false");
		assertThat(second.body()).contains("\"duplicate\":true");
		// the same order once more as a separate stream message, as another producer
		// could send it
		try (Connection raw = this.nats.connect()) {
			raw.jetStream()
				.publish("orders.created", new Headers().put("Content-Type", "application/json"),
						order.getBytes(StandardCharsets.UTF_8), PublishOptions.builder().messageId("other").build());
		}
		await().atMost(Duration.ofSeconds(10))
			.until(() -> count("SELECT COUNT(*) FROM processed_messages WHERE message_key LIKE 'ORDERS:%'") >= 2);
		assertThat(count("SELECT COUNT(*) FROM orders WHERE id = 'o-1'")).isEqualTo(1);
		assertThat(get("/orders/o-1").body()).contains("\"product\":\"book\"", "\"quantity\":2");
	}

	@Test
	void unknownProductAndMalformedPayloadEndInTheDeadLetterListAndAReplaySucceeds() throws Exception {
		post("/orders", "{\"id\":\"o-2\",\"product\":\"unicorn\",\"quantity\":1}");
		try (Connection raw = this.nats.connect()) {
			raw.jetStream().publish("orders.created", "this is not an order".getBytes(StandardCharsets.UTF_8));
		}
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(get("/dead-letters").body()).contains("\"reason\":\"non_retryable\"",
					"unknown product: unicorn", "\"reason\":\"conversion_failed\"",
					"\"originalSubject\":\"orders.created\""));
		long id = this.jdbc.sql("SELECT id FROM dead_letters WHERE reason = 'non_retryable'")
			.query(Long.class)
			.single();
		post("/products/unicorn", "");
		assertThat(post("/dead-letters/" + id + "/replay", "").statusCode()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/orders/o-2").statusCode()).isEqualTo(200));
	}

	@Test
	void aFlakyInventoryIsRetriedWithBackoffUntilTheOrderIsStored() {
		post("/orders", "{\"id\":\"o-3\",\"product\":\"flaky-widget\",\"quantity\":1}");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get("/orders/o-3").statusCode()).isEqualTo(200));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus").body()).contains(
					"jetstream_messages_consumed_total{consumer=\"order-processor\",status=\"nak\",stream=\"ORDERS\"}",
					"jetstream_messages_published_total{stream=\"ORDERS\",subject=\"orders.created\"}"));
	}

	@Test
	void anInvalidOrderIsRefusedBeforeItIsPublished() {
		assertThat(post("/orders", "{\"id\":\"\",\"product\":\"book\",\"quantity\":0}").statusCode()).isEqualTo(400);
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private HttpResponse<String> get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).GET().build());
	}

	private HttpResponse<String> post(String path, String json) {
		return send(HttpRequest.newBuilder(uri(path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(json))
			.build());
	}

	private HttpResponse<String> send(HttpRequest request) {
		try {
			return this.http.send(request, HttpResponse.BodyHandlers.ofString());
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
