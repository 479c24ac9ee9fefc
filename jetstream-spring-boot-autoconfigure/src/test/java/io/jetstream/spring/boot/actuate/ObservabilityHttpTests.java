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

package io.jetstream.spring.boot.actuate;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.jetstream.spring.test.NatsServerExtension;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.resttestclient.TestRestTemplate;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureTestRestTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.http.ResponseEntity;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.core.JetStreamTemplate;
import io.jetstream.spring.listener.MessageMetadata;
import io.jetstream.spring.listener.NonRetryableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real Spring Boot application with the actuator on a random port, against a real
 * server: Prometheus metrics, the {@code nats} health indicator and the {@code jetstream}
 * endpoint, checked over HTTP.
 */
@AutoConfigureTestRestTemplate
@SpringBootTest(classes = ObservabilityHttpTests.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityHttpTests {

	@RegisterExtension
	static NatsServerExtension nats = new NatsServerExtension();

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("nats.servers", nats::getUrl);
		registry.add("nats.reconnect.wait", () -> "100ms");
		registry.add("nats.jetstream.streams.ORDERS.subjects", () -> "orders.>");
		registry.add("nats.jetstream.streams.ORDERS.storage", () -> "file");
		registry.add("nats.jetstream.consumers.obs.stream", () -> "ORDERS");
		registry.add("nats.jetstream.consumers.obs.max-deliver", () -> "3");
		registry.add("nats.jetstream.consumers.obs.backoff", () -> "200ms");
		registry.add("nats.jetstream.listener.batch-size", () -> "1");
		registry.add("nats.jetstream.listener.pull-expires", () -> "1s");
		registry.add("nats.jetstream.listener.stall-timeout", () -> "2s");
		registry.add("nats.jetstream.metrics.poll-interval", () -> "200ms");
		registry.add("management.endpoints.web.exposure.include", () -> "health,prometheus,jetstream,deadletters");
		registry.add("management.endpoint.health.show-details", () -> "always");
		registry.add("management.tracing.sampling.probability", () -> "1.0");
	}

	@Autowired
	JetStreamTemplate template;

	@Autowired
	Handler handler;

	@Autowired
	TestRestTemplate rest;

	@Test
	@Order(1)
	void prometheusShowsEveryMetricWithItsLabelsAndCountsWhatHappened() {
		this.template.publish("orders.created", "ok");
		this.template.publish("orders.created", "ok");
		// a header that says who published it: masked where dead letters are shown
		this.template.newMessage("fail").subject("orders.created").header("Authorization", "Bearer s3cret").send();
		this.template.publish("orders.created", "flaky");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			String text = get("/actuator/prometheus").getBody();
			assertThat(value(text, "jetstream_messages_published_total", "stream=\"ORDERS\"",
					"subject=\"orders.created\""))
				.isEqualTo(4);
			assertThat(value(text, "jetstream_messages_consumed_total", "stream=\"ORDERS\"", "consumer=\"obs\"",
					"status=\"ack\""))
				.isEqualTo(3);
			assertThat(value(text, "jetstream_messages_consumed_total", "consumer=\"obs\"", "status=\"nak\""))
				.isEqualTo(1);
			assertThat(value(text, "jetstream_messages_consumed_total", "consumer=\"obs\"", "status=\"dead_letter\""))
				.isEqualTo(1);
			assertThat(value(text, "jetstream_dead_letters_total", "stream=\"ORDERS\"", "consumer=\"obs\"",
					"reason=\"non_retryable\""))
				.isEqualTo(1);
			assertThat(
					value(text, "jetstream_message_processing_seconds_count", "stream=\"ORDERS\"", "consumer=\"obs\""))
				.isEqualTo(5);
			assertThat(text).contains("jetstream_message_processing_seconds_bucket{");
			assertThat(value(text, "jetstream_stream_messages", "stream=\"ORDERS\"")).isEqualTo(4);
			assertThat(value(text, "jetstream_stream_bytes", "stream=\"ORDERS\"")).isPositive();
			assertThat(value(text, "jetstream_consumer_pending_messages", "stream=\"ORDERS\"", "consumer=\"obs\""))
				.isZero();
			assertThat(value(text, "jetstream_consumer_ack_pending_messages", "consumer=\"obs\"")).isZero();
			assertThat(value(text, "jetstream_consumer_redelivered_messages", "consumer=\"obs\"")).isZero();
			assertThat(value(text, "nats_connection_status")).isEqualTo(1);
			assertThat(value(text, "nats_connection_bytes_in_total")).isPositive();
			assertThat(text).contains("nats_connection_reconnects_total", "nats_connection_bytes_out_total");
		});
	}

	@Test
	@Order(2)
	void gaugesFollowPendingCountsAndTheEndpointPausesAndResumesListeners() throws Exception {
		ResponseEntity<String> paused = post("/actuator/jetstream/obs", "{\"action\":\"pause\"}");
		assertThat(paused.getStatusCode().value()).isEqualTo(200);
		assertThat(paused.getBody()).contains("\"state\":\"paused\"")
			.containsPattern("\"pausedOn\":\"(server|instance)\"");
		for (int i = 0; i < 3; i++) {
			this.template.publish("orders.created", "ok");
		}
		// a pull open when the listener paused may still take a message; it is handed
		// back
		// (ack-pending until redelivered), so the three wait on the server either way
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String text = get("/actuator/prometheus").getBody();
			assertThat(value(text, "jetstream_consumer_pending_messages", "consumer=\"obs\"")
					+ value(text, "jetstream_consumer_ack_pending_messages", "consumer=\"obs\""))
				.isEqualTo(3);
			assertThat(value(text, "jetstream_consumer_pending_messages", "consumer=\"obs\"")).isPositive();
		});
		String read = get("/actuator/jetstream").getBody();
		assertThat(read).contains("\"name\":\"ORDERS\"", "\"id\":\"obs\"", "\"state\":\"paused\"");
		assertThat(read).doesNotContain("nats://");
		assertThat(post("/actuator/jetstream/obs", "{\"action\":\"resume\"}").getBody())
			.contains("\"state\":\"running\"");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(value(get("/actuator/prometheus").getBody(),
					"jetstream_consumer_pending_messages", "consumer=\"obs\""))
				.isZero());
		assertThat(post("/actuator/jetstream/nope", "{\"action\":\"pause\"}").getStatusCode().value()).isEqualTo(400);
		assertThat(post("/actuator/jetstream/obs", "{\"action\":\"explode\"}").getStatusCode().value()).isEqualTo(400);
	}

	@Test
	@Order(3)
	void healthIsUpThenDownWhileTheServerIsGoneThenUpAgain() {
		ResponseEntity<String> up = get("/actuator/health/nats");
		assertThat(up.getStatusCode().value()).isEqualTo(200);
		assertThat(up.getBody()).contains("\"status\":\"UP\"", "\"jetstream\":\"available\"", "\"version\"");
		nats.getServer().stop();
		await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
			ResponseEntity<String> down = get("/actuator/health/nats");
			assertThat(down.getStatusCode().value()).isEqualTo(503);
			assertThat(down.getBody()).contains("\"status\":\"DOWN\"");
		});
		nats.getServer().startServer();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get("/actuator/health/nats").getStatusCode().value()).isEqualTo(200));
	}

	@Test
	@Order(4)
	void aListenerThatStopsReceivingWhileMessagesArePendingIsReportedDown() {
		this.template.publish("orders.created", "block");
		this.template.publish("orders.created", "ok");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			ResponseEntity<String> health = get("/actuator/health/nats");
			assertThat(health.getStatusCode().value()).isEqualTo(503);
			assertThat(health.getBody()).contains("\"stalled\":true");
		});
		this.handler.release.countDown();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(get("/actuator/health/nats").getStatusCode().value()).isEqualTo(200));
	}

	@Test
	@Order(5)
	void theTraceOfAPublishIsContinuedInTheListener() {
		this.template.publish("orders.created", "trace");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.handler.traced != null);
		String[] traced = this.handler.traced;
		assertThat(traced[0]).as("traceparent header written on publish").isNotNull();
		assertThat(traced[1]).as("trace id current in the listener").isNotNull().hasSize(32);
		assertThat(traced[0]).contains(traced[1]);
	}

	@Test
	@Order(6)
	void deadLettersAreCountedListedRedrivenAndDeleted() {
		// the "fail" of the first test is a dead letter of obs
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(value(get("/actuator/prometheus").getBody(),
					"jetstream_dead_letters_waiting", "stream=\"ORDERS\"", "consumer=\"obs\""))
				.isEqualTo(1));
		ResponseEntity<String> listed = get("/actuator/deadletters?consumer=obs");
		assertThat(listed.getStatusCode().value()).isEqualTo(200);
		assertThat(listed.getBody()).contains("\"stream\":\"DLQ\"", "\"consumer\":\"obs\"", "\"count\":1",
				"\"non_retryable\":1", "\"reason\":\"non_retryable\"", "\"originalSubject\":\"orders.created\"");
		assertThat(listed.getBody()).as("no payloads, no connection details").doesNotContain("fail\"", "nats://");
		Matcher sequence = Pattern.compile("\"deadLetters\":\\[\\{\"sequence\":(\\d+)").matcher(listed.getBody());
		assertThat(sequence.find()).isTrue();
		String path = "/actuator/deadletters/" + sequence.group(1);
		assertThat(get(path).getBody()).contains("\"X-DLQ-Reason\"", "\"Authorization\":[\"******\"]")
			.doesNotContain("s3cret");
		assertThat(listed.getBody()).doesNotContain("s3cret");
		assertThat(get("/actuator/deadletters/99999").getStatusCode().value()).isEqualTo(404);
		for (String bad : new String[] { "0", "-1", "9223372036854775807" }) {
			assertThat(get("/actuator/deadletters/" + bad).getStatusCode().value()).as(bad).isEqualTo(404);
		}
		assertThat(post("/actuator/deadletters/-1", "{}").getStatusCode().value()).isEqualTo(400);
		assertThat(post(path, "{\"dryRun\":true}").getBody()).contains("\"outcome\":\"DRY_RUN\"");
		assertThat(post("/actuator/deadletters", "{\"consumer\":\"nobody\"}").getBody()).isEqualTo("[]");
		// "fail" fails again: redriven, then dead-lettered anew with its redrive count
		assertThat(post(path, "{}").getBody()).contains("\"outcome\":\"REDRIVEN\"");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/deadletters").getBody()).contains("\"redriveCount\":1"));
		assertThat(get(path).getStatusCode().value()).as("deleted once redriven").isEqualTo(404);
		assertThat(value(get("/actuator/prometheus").getBody(), "jetstream_dead_letters_redriven_total",
				"consumer=\"obs\"", "outcome=\"redriven\""))
			.isEqualTo(1);
		assertThat(value(get("/actuator/prometheus").getBody(), "jetstream_messages_consumed_total", "consumer=\"obs\"",
				"status=\"dead_letter\""))
			.isEqualTo(2);
		assertThat(post("/actuator/deadletters/99999", "{}").getStatusCode().value()).isEqualTo(400);
		Matcher again = Pattern.compile("\"deadLetters\":\\[\\{\"sequence\":(\\d+)")
			.matcher(get("/actuator/deadletters").getBody());
		assertThat(again.find()).isTrue();
		assertThat(this.rest
			.exchange(RequestEntity.delete("/actuator/deadletters/" + again.group(1)).build(), String.class)
			.getStatusCode()
			.value()).isEqualTo(200);
		assertThat(get("/actuator/deadletters").getBody()).contains("\"deadLetters\":[]");
	}

	private ResponseEntity<String> get(String path) {
		return this.rest.getForEntity(path, String.class);
	}

	private ResponseEntity<String> post(String path, String json) {
		return this.rest.exchange(RequestEntity.post(path).contentType(MediaType.APPLICATION_JSON).body(json),
				String.class);
	}

	/**
	 * The value of the first sample of a metric whose labels contain all the given ones.
	 */
	private static double value(String prometheus, String name, String... labels) {
		Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$", Pattern.MULTILINE);
		Matcher matcher = line.matcher(prometheus);
		while (matcher.find()) {
			String labelSet = (matcher.group(1) != null) ? matcher.group(1) : "";
			boolean all = true;
			for (String label : labels) {
				all &= labelSet.contains(label);
			}
			if (all) {
				return Double.parseDouble(matcher.group(2));
			}
		}
		throw new AssertionError("No sample of " + name + " with " + String.join(",", labels));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Handler handler(Tracer tracer) {
			return new Handler(tracer);
		}

	}

	static class Handler {

		final CountDownLatch release = new CountDownLatch(1);

		private final Tracer tracer;

		volatile String @Nullable [] traced;

		Handler(Tracer tracer) {
			this.tracer = tracer;
		}

		@JetStreamListener(consumer = "obs")
		void on(String text, MessageMetadata metadata, Message raw) throws InterruptedException {
			switch (text) {
				case "trace" -> {
					Span span = this.tracer.currentSpan();
					this.traced = new String[] { raw.getHeaders().getFirst("traceparent"),
							(span != null) ? span.context().traceId() : null };
				}
				case "fail" -> throw new NonRetryableException("rejected");
				case "flaky" -> {
					if (metadata.deliveredCount() == 1) {
						throw new IllegalStateException("try again");
					}
				}
				case "block" -> this.release.await(60, TimeUnit.SECONDS);
				default -> {
				}
			}
		}

	}

}
