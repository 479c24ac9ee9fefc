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
package io.jetstream.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.JetStreamPublishException;
import io.jetstream.spring.listener.NonRetryableException;
import io.jetstream.spring.support.HeaderValues;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Bad input on the wire, one row per kind: each must end as a dead letter with the right
 * reason after a single delivery (no retry loop, no silent drop), and never reach the
 * handler.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadMessageTests {

	private NatsTestServer server;

	private Connection raw;

	private ConfigurableApplicationContext app;

	private Handled handled;

	@BeforeAll
	void start() {
		this.server = NatsTestServer.start();
		this.raw = this.server.connect();
		this.app = new SpringApplicationBuilder(BadInputApplication.class).web(WebApplicationType.NONE)
			.run(Stream
				.of(Scenarios.properties(this.server, "nats.jetstream.streams.ORDERS.max-msg-size=65536",
						"nats.jetstream.consumers.json.stream=ORDERS",
						"nats.jetstream.consumers.json.filter-subjects=orders.json",
						"nats.jetstream.consumers.text.stream=ORDERS",
						"nats.jetstream.consumers.text.filter-subjects=orders.text",
						"nats.jetstream.consumers.header.stream=ORDERS",
						"nats.jetstream.consumers.header.filter-subjects=orders.header",
						"nats.jetstream.consumers.reject.stream=ORDERS",
						"nats.jetstream.consumers.reject.filter-subjects=orders.reject",
						// a retried failure would show as a second delivery, not as a
						// hang
						"nats.jetstream.listener.backoff.initial=100ms"))
				.map((property) -> "--" + property)
				.toArray(String[]::new));
		this.handled = this.app.getBean(Handled.class);
	}

	@AfterAll
	void stop() throws InterruptedException {
		this.app.close();
		this.raw.close();
		this.server.close();
	}

	static Stream<Arguments> badMessages() {
		byte[] invalidUtf8 = { 'o', 'k', (byte) 0xC3, (byte) 0x28, (byte) 0xFF };
		byte[] binary = new byte[4096];
		new java.util.Random(42).nextBytes(binary);
		return Stream.of(
				bad("invalid JSON", "orders.json", "{\"id\": \"o-1\", \"quantity\": ", null, "conversion_failed"),
				bad("wrong JSON type for a field", "orders.json", "{\"id\": \"o-1\", \"quantity\": \"many\"}", null,
						"conversion_failed"),
				bad("JSON array instead of an object", "orders.json", "[1, 2]", null, "conversion_failed"),
				bad("JSON null", "orders.json", "null", null, "conversion_failed"),
				bad("empty payload for a record", "orders.json", "", null, "conversion_failed"),
				bad("content type the converter cannot read", "orders.json", "<order id=\"o-1\"/>",
						new String[] { "Content-Type", "application/xml" }, "conversion_failed"),
				bad("validation failure: blank id", "orders.json", "{\"id\": \" \", \"quantity\": 1}", null,
						"validation_failed"),
				bad("validation failure: quantity 0", "orders.json", "{\"id\": \"o-1\", \"quantity\": 0}", null,
						"validation_failed"),
				bad("missing required header", "orders.header", "o-1", null, "conversion_failed"),
				Arguments.of("invalid UTF-8 for a String parameter", "orders.text", invalidUtf8, null,
						"conversion_failed"),
				bad("empty payload for a String parameter", "orders.text", "", null, "conversion_failed"),
				bad("header value of the wrong type", "orders.header", "o-1",
						new String[] { "X-Tenant", "acme", "X-Priority", "high" }, "conversion_failed"),
				Arguments.of("binary payload to a JSON listener", "orders.json", binary, null, "conversion_failed"),
				bad("malformed JSON with non-ASCII text", "orders.json", "{\"id\": Bücher}", null, "conversion_failed"),
				bad("non-ASCII error message", "orders.reject", "Bücher-日本", null, "non_retryable"),
				bad("exception message of 100 KiB", "orders.reject", "huge", null, "non_retryable"));
	}

	private static Arguments bad(String name, String subject, String payload, String[] header, String reason) {
		return Arguments.of(name, subject, payload.getBytes(StandardCharsets.UTF_8), header, reason);
	}

	@ParameterizedTest(name = "{0} → {4}")
	@MethodSource("badMessages")
	void badMessageIsDeadLetteredAtOnceWithItsReason(String name, String subject, byte[] payload, String[] header,
			String reason) throws Exception {
		JetStreamManagement jsm = this.raw.jetStreamManagement();
		long dlqBefore = Scenarios.messagesIn(this.raw, "DLQ");
		Headers headers = new Headers();
		for (int i = 0; header != null && i < header.length; i += 2) {
			headers.put(header[i], header[i + 1]);
		}
		long sequence = this.raw.jetStream()
			.publish(NatsMessage.builder().subject(subject).headers(headers).data(payload).build())
			.getSeqno();
		await().atMost(Duration.ofSeconds(20)).until(() -> Scenarios.messagesIn(this.raw, "DLQ") > dlqBefore);
		MessageInfo deadLetter = jsm.getLastMessage("DLQ", "dlq.ORDERS." + subject.substring("orders.".length()));
		Headers dlq = deadLetter.getHeaders();
		assertThat(dlq.getFirst("X-DLQ-Original-Sequence")).isEqualTo(Long.toString(sequence));
		assertThat(dlq.getFirst("X-DLQ-Reason")).as(name).isEqualTo(reason);
		assertThat(dlq.getFirst("X-DLQ-Delivery-Count")).as("dead-lettered at its first delivery").isEqualTo("1");
		assertThat(dlq.getFirst("X-DLQ-Error")).as("says what was wrong, in at most 1 KiB of printable ASCII")
			.isNotBlank()
			.matches("[\\x20-\\x7E]{1,1024}")
			.doesNotContain("GenericMessage", "failedMessage");
		assertThat((deadLetter.getData() != null) ? deadLetter.getData() : new byte[0])
			.as("the payload is kept as it was")
			.isEqualTo(payload);
		assertThat(this.handled.payloads).as("reached the handler").isEmpty();
		String error = HeaderValues.decode(dlq.getFirst("X-DLQ-Error"));
		String product = new String(payload, StandardCharsets.UTF_8);
		if (subject.equals("orders.reject") && product.equals("huge")) {
			assertThat(error).as("decodes to the exception's message, cut")
				.startsWith("unknown product: éé")
				.endsWith("...");
		}
		else if (subject.equals("orders.reject")) {
			assertThat(error).as("decodes to the exception's message").isEqualTo("unknown product: " + product);
		}
		ReliabilityReport.row("bad message: " + name, 1, 0, 0, null, "dead letter `" + reason + "` at delivery 1: "
				+ ((error.length() > 120) ? error.substring(0, 120) + "... (" + error.length() + " chars)" : error));
	}

	@Test
	void payloadOverTheStreamsMaxMessageSizeIsRefusedToThePublisher() throws Exception {
		JetStreamOperations template = this.app.getBean(JetStreamOperations.class);
		long before = Scenarios.messagesIn(this.raw, Scenarios.STREAM);
		assertThatExceptionOfType(JetStreamPublishException.class)
			.isThrownBy(() -> template.publish("orders.json", new byte[100_000]))
			.withMessageContaining("orders.json")
			.satisfies((ex) -> ReliabilityReport.row("bad message: payload over the stream's max-msg-size", 1, 0, 0,
					null, "refused to the publisher, nothing stored: " + ex.getMessage()));
		assertThat(Scenarios.messagesIn(this.raw, Scenarios.STREAM)).isEqualTo(before);
	}

	record Order(@NotBlank String id, @Positive int quantity) {
	}

	/**
	 * Payloads that reached a handler.
	 */
	static class Handled {

		final Queue<Object> payloads = new ConcurrentLinkedQueue<>();

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Handled.class, Listeners.class })
	static class BadInputApplication {

	}

	static class Listeners {

		private final Handled handled;

		Listeners(Handled handled) {
			this.handled = handled;
		}

		@JetStreamListener(consumer = "json")
		void order(@Valid Order order) {
			this.handled.payloads.add(order);
		}

		@JetStreamListener(consumer = "text")
		void text(String text) {
			this.handled.payloads.add(text);
		}

		@JetStreamListener(consumer = "reject")
		void reject(String product) {
			String detail = product.equals("huge") ? "é".repeat(50 * 1024) : product;
			throw new NonRetryableException("unknown product: " + detail);
		}

		@JetStreamListener(consumer = "header")
		void header(String body, @Header("X-Tenant") String tenant,
				@Header(name = "X-Priority", required = false) Integer priority) {
			this.handled.payloads.add(body);
		}

	}

}
