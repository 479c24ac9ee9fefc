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
package io.jetstream.spring.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.HeaderValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * Dead letters of inputs that cannot go into a header as they are, or into the
 * dead-letter stream at all: each ends as a dead letter with its reason, and the listener
 * goes on with the next message.
 */
class DeadLetterEdgeCaseTests extends AbstractListenerTests {

	private static final String[] CONSUMERS = { "nats.jetstream.consumers.text.stream=ORDERS",
			"nats.jetstream.consumers.text.filter-subjects=orders.text", "nats.jetstream.consumers.text.max-deliver=2",
			"nats.jetstream.consumers.text.backoff=100ms", "nats.jetstream.consumers.json.stream=ORDERS",
			"nats.jetstream.consumers.json.filter-subjects=orders.json" };

	@Test
	void nonAsciiErrorMessageIsDeadLetteredEncodedAndTheListenerGoesOn() {
		this.contextRunner.withUserConfiguration(EdgeListeners.class).withPropertyValues(CONSUMERS).run((context) -> {
			publish("orders.text", "reject:unknown product: Bücher-日本");
			publish("orders.text", "book");
			MessageInfo dead = awaitDeadLetter("text");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("non_retryable");
			String error = dead.getHeaders().getFirst("X-DLQ-Error");
			assertThat(error).startsWith("=?UTF-8?Q?").matches("[\\x20-\\x7E]+");
			assertThat(HeaderValues.decode(error)).isEqualTo("unknown product: Bücher-日本");
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8))
				.isEqualTo("reject:unknown product: Bücher-日本");
			awaitReceived(context, "book");
			awaitSettled("text");
		});
	}

	@Test
	void nonAsciiErrorMessageOfTheLastDeliveryIsDeadLetteredInsteadOfHeldForever() {
		this.contextRunner.withUserConfiguration(EdgeListeners.class).withPropertyValues(CONSUMERS).run((context) -> {
			publish("orders.text", "fail:inventory für Bücher unavailable");
			publish("orders.text", "pen");
			MessageInfo dead = awaitDeadLetter("text");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("max_deliveries_exceeded");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Delivery-Count")).isEqualTo("2");
			assertThat(HeaderValues.decode(dead.getHeaders().getFirst("X-DLQ-Error")))
				.isEqualTo("inventory für Bücher unavailable");
			awaitReceived(context, "pen");
			awaitSettled("text");
			assertThat(context.getBean(JetStreamListenerRegistry.class).getListener("text").getBlockedWorkers())
				.isEmpty();
		});
	}

	@Test
	void malformedJsonWithNonAsciiTextIsDeadLetteredAsConversionFailed() {
		this.contextRunner.withUserConfiguration(EdgeListeners.class).withPropertyValues(CONSUMERS).run((context) -> {
			publish("orders.json", "{\"id\": Bücher}");
			publish("orders.json", new String(new byte[] { '{', (byte) 0xC3, (byte) 0xBC, (byte) 0xFF, (byte) 0x80 },
					StandardCharsets.ISO_8859_1));
			await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 2);
			for (long sequence = 1; sequence <= 2; sequence++) {
				Headers headers = this.jsm.getMessage("DLQ", sequence).getHeaders();
				assertThat(headers.getFirst("X-DLQ-Reason")).isEqualTo("conversion_failed");
				assertThat(headers.getFirst("X-DLQ-Error")).isNotBlank().matches("[\\x20-\\x7E]+");
			}
			publish("orders.json", "{\"id\":\"o-1\"}");
			awaitReceived(context, new Order("o-1"));
			awaitSettled("json");
		});
	}

	@Test
	void exceptionMessageOf100KibIsCutInTheHeader() {
		this.contextRunner.withUserConfiguration(EdgeListeners.class).withPropertyValues(CONSUMERS).run((context) -> {
			publish("orders.text", "reject:" + "ü".repeat(50 * 1024));
			publish("orders.text", "lamp");
			MessageInfo dead = awaitDeadLetter("text");
			String error = dead.getHeaders().getFirst("X-DLQ-Error");
			assertThat(error.length()).isLessThanOrEqualTo(HeaderValues.DEFAULT_MAX_LENGTH);
			assertThat(HeaderValues.decode(error)).startsWith("üü").endsWith("...");
			assertThat(dead.getData()).hasSize(7 + 100 * 1024);
			awaitReceived(context, "lamp");
		});
	}

	@Test
	void deadLetterLargerThanTheDeadLetterStreamAllowsIsStoredWithoutItsPayload() {
		this.contextRunner.withUserConfiguration(EdgeListeners.class)
			.withPropertyValues(CONSUMERS)
			.withPropertyValues("nats.jetstream.streams.DLQ.subjects=dlq.>",
					"nats.jetstream.streams.DLQ.max-msg-size=4KB")
			.run((context) -> {
				String payload = "reject:too large for the dead-letter stream " + "x".repeat(10_000);
				publish("orders.text", payload);
				publish("orders.text", "book");
				MessageInfo dead = awaitDeadLetter("text");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("non_retryable");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Original-Sequence")).isEqualTo("1");
				assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.PAYLOAD_OMITTED))
					.isEqualTo(payload.length() + " bytes");
				assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REDUCED))
					.contains("larger than the stream's max-msg-size", "not even without");
				assertThat(dead.getData()).isNullOrEmpty();
				awaitReceived(context, "book");
				awaitSettled("text");
			});
	}

	@Test
	void deadLetterWhoseOriginalHeadersDoNotFitIsStoredWithoutThemButWithThePayload() {
		this.contextRunner.withUserConfiguration(EdgeListeners.class)
			.withPropertyValues(CONSUMERS)
			.withPropertyValues("nats.jetstream.streams.DLQ.subjects=dlq.>",
					"nats.jetstream.streams.DLQ.max-msg-size=4KB")
			.run((context) -> {
				Headers headers = new Headers().put("X-Trace-Blob", "t".repeat(5_000));
				this.raw.jetStream()
					.publish(NatsMessage.builder()
						.subject("orders.text")
						.headers(headers)
						.data("reject:headers too large", StandardCharsets.UTF_8)
						.build());
				MessageInfo dead = awaitDeadLetter("text");
				assertThat(dead.getHeaders().getFirst("X-Trace-Blob")).isNull();
				assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REDUCED))
					.startsWith("original headers dropped");
				assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.PAYLOAD_OMITTED)).isNull();
				assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("reject:headers too large");
				awaitSettled("text");
			});
	}

	@Test
	void twoConsumersThatGiveUpOnTheSameMessageEachStoreTheirDeadLetterAlsoWithTwoInstances() {
		ApplicationContextRunner twoConsumers = this.contextRunner.withUserConfiguration(TwoConsumers.class)
			.withPropertyValues("nats.jetstream.consumers.edge-one.stream=ORDERS",
					"nats.jetstream.consumers.edge-one.filter-subjects=orders.edge",
					"nats.jetstream.consumers.edge-two.stream=ORDERS",
					"nats.jetstream.consumers.edge-two.filter-subjects=orders.edge");
		twoConsumers.run((first) -> twoConsumers.run((second) -> {
			for (int i = 1; i <= 3; i++) {
				publish("orders.edge", "poison-" + i);
			}
			await().atMost(Duration.ofSeconds(15)).until(() -> streamExists("DLQ") && streamCount("DLQ") >= 6);
			awaitSettled("edge-one");
			awaitSettled("edge-two");
			assertThat(streamCount("DLQ")).as("one dead letter per consumer and message").isEqualTo(6);
			java.util.Set<String> stored = new java.util.HashSet<>();
			for (long sequence = 1; sequence <= 6; sequence++) {
				Headers headers = this.jsm.getMessage("DLQ", sequence).getHeaders();
				stored.add(headers.getFirst("X-DLQ-Consumer") + "/" + headers.getFirst("X-DLQ-Original-Sequence"));
			}
			assertThat(stored).containsExactlyInAnyOrder("edge-one/1", "edge-one/2", "edge-one/3", "edge-two/1",
					"edge-two/2", "edge-two/3");
		}));
	}

	private MessageInfo awaitDeadLetter(String consumer) throws Exception {
		await().atMost(Duration.ofSeconds(15)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
		return this.jsm.getLastMessage("DLQ", "dlq.ORDERS." + consumer);
	}

	private void awaitSettled(String consumer) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			ConsumerInfo info = consumer("ORDERS", consumer);
			assertThat(info.getNumAckPending()).isZero();
			assertThat(info.getNumPending()).isZero();
		});
	}

	private static void awaitReceived(AssertableApplicationContext context, Object payload) {
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(context.getBean(Received.class).payloads).contains(payload));
	}

	record Order(String id) {
	}

	@Configuration(proxyBeanMethods = false)
	@Import(TwoConsumers.Handler.class)
	static class TwoConsumers {

		static class Handler {

			@JetStreamListener(consumer = "edge-one")
			void one(String text) {
				throw new NonRetryableException("edge-one cannot take " + text);
			}

			@JetStreamListener(consumer = "edge-two")
			void two(String text) {
				throw new NonRetryableException("edge-two cannot take " + text);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, EdgeListeners.Handler.class })
	static class EdgeListeners {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			/**
			 * {@code reject:<error>} is not retryable, {@code fail:<error>} fails every
			 * time; anything else is received.
			 */
			@JetStreamListener(consumer = "text")
			void onText(String text) {
				if (text.startsWith("reject:")) {
					throw new NonRetryableException(text.substring("reject:".length()));
				}
				if (text.startsWith("fail:")) {
					throw new IllegalStateException(text.substring("fail:".length()));
				}
				this.received.add(text);
			}

			@JetStreamListener(consumer = "json")
			void onOrder(Order order) {
				this.received.add(order);
			}

		}

	}

}
