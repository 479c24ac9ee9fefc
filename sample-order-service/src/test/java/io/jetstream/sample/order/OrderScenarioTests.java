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
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "spring.security.user.password=" + OrderScenarioTests.PASSWORD)
@EmbeddedNatsServer
class OrderScenarioTests {

	static final String PASSWORD = "scenario-operator";

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
		// as anyone may send it: no credentials
		assertThat(this.rest
			.exchange(RequestEntity.post("/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"id\":\"\",\"product\":\"book\",\"quantity\":0}"), String.class)
			.getStatusCode()
			.value()).isEqualTo(400);
	}

	@Test
	void aMessageOnTheDeadLetterSubjectsWithoutTheStartersHeadersIsRecordedNotRetried() throws Exception {
		try (Connection raw = this.nats.connect()) {
			raw.jetStream()
				.publish("dlq.ORDERS.order-processor", "anyone may send this".getBytes(StandardCharsets.UTF_8));
			raw.jetStream()
				.publish("dlq.ORDERS.order-processor",
						new Headers().put("X-DLQ-Original-Sequence", "not a number").put("X-DLQ-Delivery-Count", "-"),
						"with headers that do not parse".getBytes(StandardCharsets.UTF_8));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> count("SELECT COUNT(*) FROM dead_letters WHERE reason = 'unknown'") == 2);
			assertThat(count("SELECT COUNT(*) FROM dead_letters WHERE reason = 'unknown' AND original_sequence = -1"))
				.isEqualTo(2);
			// acknowledged once, not redelivered
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						raw.jetStreamManagement().getConsumerInfo("DLQ", "dead-letter-recorder").getNumAckPending())
					.isZero());
			assertThat(raw.jetStreamManagement().getConsumerInfo("DLQ", "dead-letter-recorder").getRedelivered())
				.isZero();
		}
	}

	@Test
	void whatActsWithTheApplicationsRightsOrShowsPayloadsNeedsTheOperator() {
		String stop = "{\"action\":\"stop\"}";
		assertThat(this.rest
			.exchange(RequestEntity.post("/actuator/jetstream/order-processor")
				.contentType(MediaType.APPLICATION_JSON)
				.body(stop), String.class)
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(this.rest.withBasicAuth("operator", "wrong")
			.exchange(RequestEntity.post("/actuator/deadletters").contentType(MediaType.APPLICATION_JSON).body("{}"),
					String.class)
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(this.rest.getForEntity("/actuator/deadletters", String.class).getStatusCode().value())
			.isEqualTo(401);
		assertThat(this.rest.exchange(RequestEntity.delete("/actuator/deadletters/1").build(), String.class)
			.getStatusCode()
			.value()).isEqualTo(401);
		assertThat(this.rest.getForEntity("/actuator/env", String.class).getStatusCode().value()).isEqualTo(401);
		assertThat(this.rest.getForEntity("/dead-letters", String.class).getStatusCode().value()).isEqualTo(401);
		assertThat(this.rest.postForEntity("/dead-letters/1/replay", null, String.class).getStatusCode().value())
			.isEqualTo(401);
		assertThat(this.rest.postForEntity("/products/anything", null, String.class).getStatusCode().value())
			.isEqualTo(401);
		// the listener still runs: nothing above reached it
		assertThat(operator().getForObject("/actuator/jetstream", String.class))
			.contains("\"consumer\":\"order-processor\",\"state\":\"running\"");
		// open: orders, health and metrics
		assertThat(this.rest.getForEntity("/actuator/health", String.class).getStatusCode().value()).isEqualTo(200);
		// the status for anyone, the details (server, version, listeners) for the
		// operator
		assertThat(this.rest.getForObject("/actuator/health/nats", String.class)).contains("\"status\":\"UP\"")
			.doesNotContain("version", "order-processor");
		assertThat(operator().getForObject("/actuator/health/nats", String.class)).contains("version",
				"order-processor");
		assertThat(this.rest.getForEntity("/actuator/prometheus", String.class).getStatusCode().value()).isEqualTo(200);
		assertThat(this.rest
			.exchange(RequestEntity.post("/orders")
				.contentType(MediaType.APPLICATION_JSON)
				.body("{\"id\":\"o-6\",\"product\":\"pen\",\"quantity\":1}"), String.class)
			.getStatusCode()
			.value()).isEqualTo(202);
	}

	private TestRestTemplate operator() {
		return this.rest.withBasicAuth("operator", PASSWORD);
	}

	private long count(String sql) {
		return this.jdbc.sql(sql).query(Long.class).single();
	}

	private ResponseEntity<String> get(String path) {
		return operator().getForEntity(path, String.class);
	}

	private ResponseEntity<String> post(String path, String json) {
		return operator().exchange(RequestEntity.post(path).contentType(MediaType.APPLICATION_JSON).body(json),
				String.class);
	}

}
