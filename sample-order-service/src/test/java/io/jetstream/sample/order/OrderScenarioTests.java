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

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jetstream.spring.test.EmbeddedNatsServer;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order scenario end to end, over HTTP, against a real server.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@EmbeddedNatsServer
class OrderScenarioTests {

	@Autowired
	NatsTestServer nats;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TestRestTemplate rest;

	@Test
	void anOrderPostedTwiceAndDeliveredTwiceIsStoredOnce() throws Exception {
		String order = "{\"id\":\"o-1\",\"product\":\"book\",\"quantity\":2}";
		ResponseEntity<String> first = post("/orders", order);
		ResponseEntity<String> second = post("/orders", order);
		assertThat(first.getStatusCode().value()).isEqualTo(202);
		assertThat(first.getBody()).contains("\"duplicate\":false");
		assertThat(second.getBody()).contains("\"duplicate\":true");
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
		assertThat(get("/orders/o-1").getBody()).contains("\"product\":\"book\"", "\"quantity\":2");
	}

	@Test
	void unknownProductAndMalformedPayloadEndInTheDeadLetterListAndAReplaySucceeds() throws Exception {
		post("/orders", "{\"id\":\"o-2\",\"product\":\"unicorn\",\"quantity\":1}");
		try (Connection raw = this.nats.connect()) {
			raw.jetStream().publish("orders.created", "this is not an order".getBytes(StandardCharsets.UTF_8));
		}
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(get("/dead-letters").getBody()).contains("\"reason\":\"non_retryable\"",
					"unknown product: unicorn", "\"reason\":\"conversion_failed\"",
					"\"originalSubject\":\"orders.created\""));
		// dead letters go through the template: counted as publishes to the dead-letter
		// stream
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus").getBody()).contains(
					"jetstream_messages_published_total{stream=\"DLQ\",subject=\"dlq.ORDERS.order-processor\"}",
					"jetstream_dead_letters_total{consumer=\"order-processor\",reason=\"non_retryable\",stream=\"ORDERS\"}"));
		long sequence = this.jdbc
			.sql("SELECT dlq_sequence FROM dead_letters WHERE reason = 'non_retryable' AND error LIKE '%unicorn%'")
			.query(Long.class)
			.single();
		post("/products/unicorn", "");
		ResponseEntity<String> replayed = post("/dead-letters/" + sequence + "/replay", "");
		assertThat(replayed.getStatusCode().value()).isEqualTo(200);
		assertThat(replayed.getBody()).contains("\"outcome\":\"REDRIVEN\"", "\"consumer\":\"order-processor\"");
		assertThat(post("/dead-letters/" + sequence + "/replay", "").getStatusCode().value())
			.as("redriven once, then gone")
			.isEqualTo(404);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/orders/o-2").getStatusCode().value()).isEqualTo(200));
	}

	@Test
	void anUnknownProductWithANonAsciiNameIsDeadLetteredWithItsReasonDecodedAndOrdersGoOn() {
		post("/orders", "{\"id\":\"o-4\",\"product\":\"Bücher\",\"quantity\":1}");
		post("/orders", "{\"id\":\"o-5\",\"product\":\"pen\",\"quantity\":1}");
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(get("/dead-letters").getBody()).contains("unknown product: Bücher"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/orders/o-5").getStatusCode().value()).isEqualTo(200));
	}

	@Test
	void aFlakyInventoryIsRetriedWithBackoffUntilTheOrderIsStored() {
		post("/orders", "{\"id\":\"o-3\",\"product\":\"flaky-widget\",\"quantity\":1}");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get("/orders/o-3").getStatusCode().value()).isEqualTo(200));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/prometheus").getBody()).contains(
					"jetstream_messages_consumed_total{consumer=\"order-processor\",status=\"nak\",stream=\"ORDERS\"}",
					"jetstream_messages_published_total{stream=\"ORDERS\",subject=\"orders.created\"}"));
	}

	@Test
	void anInvalidOrderIsRefusedBeforeItIsPublished() {
		assertThat(post("/orders", "{\"id\":\"\",\"product\":\"book\",\"quantity\":0}").getStatusCode().value())
			.isEqualTo(400);
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private ResponseEntity<String> get(String path) {
		return this.rest.getForEntity(path, String.class);
	}

	private ResponseEntity<String> post(String path, String json) {
		return this.rest.exchange(RequestEntity.post(path).contentType(MediaType.APPLICATION_JSON).body(json),
				String.class);
	}

}
