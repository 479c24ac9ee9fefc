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
import java.util.Map;

import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.core.JetStreamTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Delivery, conversion, acknowledgement, retries and dead letters of
 * {@code @JetStreamListener} methods, against a real server.
 */
class JetStreamListenerTests extends AbstractListenerTests {

	@Test
	void recordIsConvertedHeadersAndMetadataAreInjectedAndTheMessageIsAcked() {
		this.contextRunner.withUserConfiguration(OrderListener.class)
			.withPropertyValues("nats.jetstream.consumers.order-processor.stream=ORDERS")
			.run((context) -> {
				context.getBean(JetStreamTemplate.class)
					.newMessage(new Order("o-1", 2))
					.subject("orders.created")
					.header("X-Correlation-ID", "c-1")
					.send();
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
				Object[] call = (Object[]) received.list().get(0);
				assertThat(call[0]).isEqualTo(new Order("o-1", 2));
				assertThat(call[1]).isEqualTo("c-1");
				MessageMetadata metadata = (MessageMetadata) call[2];
				assertThat(metadata.stream()).isEqualTo("ORDERS");
				assertThat(metadata.consumer()).isEqualTo("order-processor");
				assertThat(metadata.subject()).isEqualTo("orders.created");
				assertThat(metadata.streamSequence()).isEqualTo(1);
				assertThat(metadata.deliveredCount()).isEqualTo(1);
				assertThat(((Map<?, ?>) call[3]).get("X-Correlation-ID")).isEqualTo("c-1");
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					ConsumerInfo info = consumer("ORDERS", "order-processor");
					assertThat(info.getNumAckPending()).isZero();
					assertThat(info.getNumPending()).isZero();
					assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
				});
			});
	}

	@Test
	void stringAndBytesParametersGetTheDataAsItIs() {
		this.contextRunner.withUserConfiguration(TextListeners.class).run((context) -> {
			publish("orders.text", "{\"not\":\"parsed\"}");
			Received received = context.getBean(Received.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 2);
			assertThat(received.list()).anySatisfy((payload) -> assertThat(payload).isEqualTo("{\"not\":\"parsed\"}"))
				.anySatisfy((payload) -> assertThat(payload).isInstanceOf(byte[].class));
		});
	}

	@Test
	void whenTheHandlerFailsThenTheMessageIsRedeliveredAfterTheBackoffDelays() {
		this.contextRunner.withUserConfiguration(FlakyListener.class)
			.withPropertyValues("nats.jetstream.consumers.flaky.stream=ORDERS",
					"nats.jetstream.consumers.flaky.max-deliver=5",
					"nats.jetstream.consumers.flaky.backoff=300ms,600ms,1s")
			.run((context) -> {
				publish("orders.created", "{\"id\":\"o-2\",\"quantity\":1}");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(15)).until(() -> received.payloads.size() == 3);
				assertThat(received.gaps().get(0)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
				assertThat(received.gaps().get(1)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "flaky").getNumAckPending()).isZero());
				assertThat(this.jsm.getStreamNames()).doesNotContain("DLQ_NOT_USED");
			});
	}

	@Test
	void whenMaxDeliverIsReachedThenTheMessageIsDeadLetteredWithEveryHeaderAndNotRedelivered() {
		this.contextRunner.withUserConfiguration(FailingListener.class)
			.withPropertyValues("nats.jetstream.consumers.failing.stream=ORDERS",
					"nats.jetstream.consumers.failing.max-deliver=3")
			.run((context) -> {
				this.raw.jetStream()
					.publish("orders.created", new io.nats.client.impl.Headers().add("X-Trace", "t-1"),
							"{\"id\":\"o-3\",\"quantity\":1}".getBytes(StandardCharsets.UTF_8));
				await().atMost(Duration.ofSeconds(15)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
				MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.failing");
				assertThat(new String(dead.getData(), StandardCharsets.UTF_8))
					.isEqualTo("{\"id\":\"o-3\",\"quantity\":1}");
				assertThat(dead.getHeaders().getFirst("X-Trace")).isEqualTo("t-1");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("max_deliveries_exceeded");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Error")).isEqualTo("inventory down");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Exception-Class"))
					.isEqualTo("java.lang.IllegalStateException");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Original-Subject")).isEqualTo("orders.created");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Original-Stream")).isEqualTo("ORDERS");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Original-Sequence")).isEqualTo("1");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Consumer")).isEqualTo("failing");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Delivery-Count")).isEqualTo("3");
				assertThat(java.time.Instant.parse(dead.getHeaders().getFirst("X-DLQ-Timestamp"))).isNotNull();
				assertThat(dead.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("ORDERS:failing:1");
				Received received = context.getBean(Received.class);
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					assertThat(received.payloads).hasSize(3);
					ConsumerInfo info = consumer("ORDERS", "failing");
					assertThat(info.getNumAckPending()).isZero();
					assertThat(info.getNumPending()).isZero();
				});
			});
	}

	@Test
	void whenThePayloadCannotBeConvertedThenItIsDeadLetteredAfterOneDelivery() {
		this.contextRunner.withUserConfiguration(OrderListener.class)
			.withPropertyValues("nats.jetstream.consumers.order-processor.stream=ORDERS",
					"nats.jetstream.consumers.order-processor.max-deliver=5")
			.run((context) -> {
				publish("orders.created", "this is not JSON");
				await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
				MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.order-processor");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("conversion_failed");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Delivery-Count")).isEqualTo("1");
				assertThat(context.getBean(Received.class).payloads).isEmpty();
			});
	}

	@Test
	void whenTheHandlerThrowsNonRetryableThenItIsDeadLetteredAfterOneDelivery() {
		this.contextRunner.withUserConfiguration(NonRetryableListener.class)
			.withPropertyValues("nats.jetstream.consumers.strict.stream=ORDERS",
					"nats.jetstream.consumers.strict.max-deliver=5")
			.run((context) -> {
				publish("orders.created", "{\"id\":\"unknown-product\",\"quantity\":1}");
				await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
				MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.strict");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("non_retryable");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Error")).isEqualTo("no such product: unknown-product");
				assertThat(context.getBean(Received.class).payloads).hasSize(1);
			});
	}

	@Test
	void whenThePayloadIsInvalidThenItIsDeadLetteredAsValidationFailed() {
		this.contextRunner.withUserConfiguration(ValidatingListener.class)
			.withPropertyValues("nats.jetstream.consumers.validating.stream=ORDERS")
			.run((context) -> {
				publish("orders.created", "{\"id\":\"o-4\",\"quantity\":-1}");
				await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
				assertThat(
						this.jsm.getLastMessage("DLQ", "dlq.ORDERS.validating").getHeaders().getFirst("X-DLQ-Reason"))
					.isEqualTo("validation_failed");
				assertThat(context.getBean(Received.class).payloads).isEmpty();
			});
	}

	@Test
	void whenTheDeadLetterCannotBeStoredThenTheOriginalIsNakedAndDeadLetteredOnceItCanBe() {
		this.contextRunner.withUserConfiguration(NonRetryableListener.class)
			.withPropertyValues("nats.jetstream.consumers.strict.stream=ORDERS",
					"nats.jetstream.consumers.strict.backoff=300ms", "nats.jetstream.consumers.strict.max-deliver=100",
					"nats.jetstream.listener.dead-letter.declare-stream=false")
			.run((context) -> {
				publish("orders.created", "{\"id\":\"unknown-product\",\"quantity\":1}");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() >= 2);
				assertThat(
						consumer("ORDERS", "strict").getNumAckPending() + consumer("ORDERS", "strict").getNumPending())
					.as("the original is still there")
					.isEqualTo(1);
				this.jsm
					.addStream(io.nats.client.api.StreamConfiguration.builder().name("DLQ").subjects("dlq.>").build());
				await().atMost(Duration.ofSeconds(10)).until(() -> streamCount("DLQ") == 1);
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					ConsumerInfo info = consumer("ORDERS", "strict");
					assertThat(info.getNumAckPending()).isZero();
					assertThat(info.getNumPending()).isZero();
				});
			});
	}

	@Test
	void whenTheDeadLetterOfTheLastDeliveryCannotBeStoredThenItIsRetriedUntilStored() {
		this.contextRunner.withUserConfiguration(FailingListener.class)
			.withPropertyValues("nats.jetstream.consumers.failing.stream=ORDERS",
					"nats.jetstream.consumers.failing.max-deliver=1", "nats.jetstream.consumers.failing.ack-wait=2s",
					"nats.jetstream.listener.dead-letter.declare-stream=false")
			.run((context) -> {
				publish("orders.created", "{\"id\":\"o-9\",\"quantity\":1}");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
				// the only delivery failed and its dead letter has nowhere to go: the
				// message is held,
				// kept in progress beyond its ack-wait, and dead-lettered once the stream
				// exists
				await().during(Duration.ofSeconds(3))
					.atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "failing").getNumAckPending()).isEqualTo(1));
				this.jsm
					.addStream(io.nats.client.api.StreamConfiguration.builder().name("DLQ").subjects("dlq.>").build());
				await().atMost(Duration.ofSeconds(15)).until(() -> streamCount("DLQ") == 1);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "failing").getNumAckPending()).isZero());
				assertThat(received.payloads).hasSize(1);
			});
	}

	record Order(String id, @Positive int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, OrderListener.Handler.class })
	static class OrderListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "order-processor")
			void onOrder(Order order, @Header("X-Correlation-ID") String correlationId, MessageMetadata metadata,
					@Headers Map<String, Object> headers) {
				this.received.add(new Object[] { order, correlationId, metadata, headers });
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, TextListeners.Handler.class })
	static class TextListeners {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(stream = "ORDERS", consumer = "text", subjects = "orders.text")
			void onText(String text) {
				this.received.add(text);
			}

			@JetStreamListener(stream = "ORDERS", consumer = "bytes", subjects = "orders.text")
			void onBytes(byte[] bytes) {
				this.received.add(bytes);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, FlakyListener.Handler.class })
	static class FlakyListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "flaky")
			void onOrder(Order order, MessageMetadata metadata) {
				this.received.add(order);
				if (metadata.deliveredCount() < 3) {
					throw new IllegalStateException("inventory busy");
				}
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, FailingListener.Handler.class })
	static class FailingListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "failing")
			void onOrder(Order order) {
				this.received.add(order);
				throw new IllegalStateException("inventory down");
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, NonRetryableListener.Handler.class })
	static class NonRetryableListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "strict")
			void onOrder(Order order) {
				this.received.add(order);
				throw new IllegalArgumentException("rejected",
						new NonRetryableException("no such product: " + order.id()));
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, ValidatingListener.Handler.class })
	static class ValidatingListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "validating")
			void onOrder(@Valid Order order) {
				this.received.add(order);
			}

		}

	}

}
