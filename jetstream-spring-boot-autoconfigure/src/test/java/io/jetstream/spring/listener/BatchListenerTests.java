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
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.JetStreamSubscription;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.Message;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.support.JetStreamHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * Batch listeners (issue 20, part 2): the method receives what its worker took in a row;
 * messages that cannot be converted are dead-lettered one by one before it is called;
 * returning acknowledges them all; a {@link BatchListenerFailedException} settles the
 * ones before its index, fails the one at it, and hands the rest to the method again.
 */
class BatchListenerTests extends AbstractListenerTests {

	@Test
	void aBatchListenerReceivesWhatItsWorkerTookAndReturningAcknowledgesThemAll() {
		this.contextRunner.withUserConfiguration(Orders.class).run((context) -> {
			for (int i = 0; i < 50; i++) {
				publish("orders.batch", "{\"id\":\"o-" + i + "\",\"quantity\":" + i + "}");
			}
			listener(context, "batch-orders").start();
			Orders.Listener listener = context.getBean(Orders.Listener.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.orders.size() == 50);
			assertThat(listener.orders).extracting(Order::id).doesNotHaveDuplicates();
			assertThat(listener.sizes).allSatisfy((size) -> assertThat(size).isBetween(1, 20));
			assertThat(listener.sizes).anySatisfy((size) -> assertThat(size).isGreaterThan(1));
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				ConsumerInfo info = consumer("ORDERS", "batch-orders");
				assertThat(info.getNumAckPending()).isZero();
				assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(50);
			});
		});
	}

	@Test
	void messagesThatCannotBeConvertedAreDeadLetteredOneByOneBeforeTheMethodIsCalled() {
		this.contextRunner.withUserConfiguration(Orders.class).run((context) -> {
			publish("orders.batch", "{\"id\":\"o-1\",\"quantity\":1}");
			publish("orders.batch", "{not json");
			publish("orders.batch", "{\"id\":\"o-2\",\"quantity\":2}");
			listener(context, "batch-orders").start();
			Orders.Listener listener = context.getBean(Orders.Listener.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.orders.size() == 2);
			await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.batch-orders");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("conversion_failed");
			assertThat(listener.orders).extracting(Order::id).containsExactly("o-1", "o-2");
		});
	}

	@Test
	void aPayloadThatFailsValidationIsDeadLetteredAloneAndTheOthersArrive() {
		this.contextRunner.withUserConfiguration(ValidOrders.class).run((context) -> {
			publish("orders.valid", "{\"id\":\"o-1\",\"quantity\":1}");
			publish("orders.valid", "{\"id\":\"o-2\",\"quantity\":-5}");
			publish("orders.valid", "{\"id\":\"o-3\",\"quantity\":3}");
			ValidOrders.Listener listener = context.getBean(ValidOrders.Listener.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.orders.size() == 2);
			await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.batch-valid");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("validation_failed");
			assertThat(listener.orders).extracting(ValidOrder::id).containsExactly("o-1", "o-3");
		});
	}

	@Test
	void aBatchListenerFailedExceptionAcknowledgesThoseBeforeFailsTheOneAtItAndHandsOnTheRest() {
		this.contextRunner.withUserConfiguration(Texts.class)
			.withPropertyValues("test.max-deliver=1")
			.run((context) -> {
				for (String text : List.of("a", "b", "poison", "c", "d")) {
					publish("orders.texts", text);
				}
				listener(context, "batch-texts").start();
				Texts.Listener listener = context.getBean(Texts.Listener.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					ConsumerInfo info = consumer("ORDERS", "batch-texts");
					assertThat(info.getNumAckPending()).isZero();
					assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(5);
				});
				assertThat(listener.batches.get(0)).containsExactly("a@1", "b@1", "poison@1", "c@1", "d@1");
				// handed again at once, not redelivered: of their last allowed delivery
				// (max-deliver
				// 1), a nak would have ended them
				assertThat(listener.batches.get(1)).containsExactly("c@1", "d@1");
				assertThat(listener.batches).hasSize(2);
				MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.batch-texts");
				assertThat(dead.getHeaders().getFirst("X-DLQ-Error")).isEqualTo("cannot digest poison");
			});
	}

	@Test
	void anyOtherExceptionIsTheFailureOfEveryMessageOfTheBatch() {
		this.contextRunner.withUserConfiguration(Texts.class).run((context) -> {
			for (String text : List.of("x", "fail-once", "y")) {
				publish("orders.texts", text);
			}
			listener(context, "batch-texts").start();
			Texts.Listener listener = context.getBean(Texts.Listener.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				ConsumerInfo info = consumer("ORDERS", "batch-texts");
				assertThat(info.getNumAckPending()).isZero();
				assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(3);
			});
			List<String> all = listener.batches.stream().flatMap(List::stream).toList();
			assertThat(all).contains("x@1", "fail-once@1", "y@1", "x@2", "fail-once@2", "y@2");
			assertThat(streamExists("DLQ") && streamCount("DLQ") > 0).isFalse();
		});
	}

	@Test
	void messagesOfTheirLastDeliveryHeldAtStopGoToTheBatchListener() {
		this.contextRunner.withUserConfiguration(Slow.class).run((context) -> {
			for (int i = 0; i < 6; i++) {
				publish("orders.slow", "s" + i);
			}
			Slow.Listener listener = context.getBean(Slow.Listener.class);
			listener(context, "batch-slow").start();
			await().atMost(Duration.ofSeconds(10)).until(() -> !listener.handled.isEmpty());
			// the worker is inside its first batch; the others wait, pulled, at their
			// last
			// allowed delivery (max-deliver 1): a nak would end them, so the stopping
			// thread must hand them to the batch listener
			Thread stopping = new Thread(() -> listener(context, "batch-slow").stop());
			stopping.start();
			await().atMost(Duration.ofSeconds(5)).until(() -> listener(context, "batch-slow").isRunning() == false);
			listener.release.countDown();
			stopping.join();
			// the first batch (2) and what was pulled ahead of it were handled and acked;
			// the
			// rest was never pulled and waits on the server
			int handled = listener.handled.size();
			assertThat(handled).as("handled at stop, beyond the first batch").isGreaterThan(2);
			ConsumerInfo info = consumer("ORDERS", "batch-slow");
			assertThat(info.getNumAckPending()).isZero();
			assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(handled);
			assertThat(info.getNumPending()).isEqualTo(6 - handled);
			assertThat(streamExists("DLQ") && streamCount("DLQ") > 0).as("nothing dead-lettered").isFalse();
		});
	}

	@Test
	void aBatchBeingCollectedAtStopIsHandedBackForTheNextPullAtOnce() {
		// the worker holds the one message while it waits for more: the stop finds
		// nothing pulled but not taken, and the worker hands its batch back after the
		// inbox is drained. nats-server 2.9 took that nak for the drained inbox's pull,
		// still open on the server, and lost the message until ack-wait
		this.contextRunner.withUserConfiguration(Collecting.class)
			.withPropertyValues("nats.jetstream.listener.batch-wait=20s", "nats.jetstream.listener.pull-expires=30s")
			.run((context) -> {
				publish("orders.collecting", "only");
				listener(context, "batch-collecting").start();
				await().atMost(Duration.ofSeconds(10))
					.until(() -> consumer("ORDERS", "batch-collecting").getNumAckPending() == 1);
				listener(context, "batch-collecting").stop();
				assertThat(context.getBean(Collecting.Listener.class).batches).as("stopped while collecting").isEmpty();
				JetStreamSubscription next = this.raw.jetStream()
					.subscribe(null, PullSubscribeOptions.bind("ORDERS", "batch-collecting"));
				List<io.nats.client.Message> fetched = next.fetch(1, Duration.ofSeconds(5));
				assertThat(fetched).as("handed back, well before the 30 s ack-wait").hasSize(1);
				assertThat(new String(fetched.get(0).getData(), StandardCharsets.UTF_8)).isEqualTo("only");
				assertThat(fetched.get(0).metaData().deliveredCount()).isEqualTo(2);
				fetched.get(0).ack();
			});
	}

	@Test
	void aBatchListenerWhoseParameterIsNotAListFailsStartup() {
		this.contextRunner.withUserConfiguration(NotAList.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("must take one parameter, a List of payloads"));
	}

	@ParameterizedTest
	@ValueSource(classes = { MonoBatch.class, FluxBatch.class, FutureBatch.class, StageBatch.class })
	void aBatchListenerReturningAnAsynchronousResultFailsStartupNamingIt(Class<?> configuration) {
		// a Mono<Void> started, and every batch was acked without the Mono ever being
		// subscribed: the work never ran
		this.contextRunner.withUserConfiguration(configuration)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("Batch listener")
				.hasStackTraceContaining(configuration.getSimpleName() + "$Listener.onOrders")
				.hasStackTraceContaining("an asynchronous result, which batch listeners do not support"));
	}

	@Test
	void anAsynchronousResultOfABatchListenerDeclaredAsObjectIsDeadLetteredNotAcknowledged() {
		this.contextRunner.withUserConfiguration(ObjectBatch.class).run((context) -> {
			publish("orders.object", "{\"id\":\"o-1\",\"quantity\":1}");
			ObjectBatch.Listener listener = context.getBean(ObjectBatch.Listener.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.batch-object");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("non_retryable");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Error")).contains("an asynchronous result");
			assertThat(listener.calls).hasValue(1);
			assertThat(listener.subscribed).as("the Mono was never run").hasValue(0);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(consumer("ORDERS", "batch-object").getNumAckPending()).isZero());
		});
	}

	private static MessageListenerContainer listener(AssertableApplicationContext context, String id) {
		return context.getBean(JetStreamListenerRegistry.class).getListener(id);
	}

	record Order(String id, int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Orders.Listener.class)
	static class Orders {

		static class Listener {

			final Queue<Order> orders = new ConcurrentLinkedQueue<>();

			final Queue<Integer> sizes = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "batch-orders", stream = "ORDERS", subjects = "orders.batch", batch = "true",
					batchSize = "20", autoStartup = "false")
			void onOrders(List<Order> orders) {
				this.sizes.add(orders.size());
				this.orders.addAll(orders);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Texts.Listener.class)
	static class Texts {

		static class Listener {

			final List<List<String>> batches = new java.util.concurrent.CopyOnWriteArrayList<>();

			@JetStreamListener(consumer = "batch-texts", stream = "ORDERS", subjects = "orders.texts", batch = "true",
					maxDeliver = "${test.max-deliver:2}", autoStartup = "false")
			void onTexts(List<Message<String>> messages) {
				List<String> seen = new ArrayList<>();
				for (Message<String> message : messages) {
					MessageMetadata metadata = MessageMetadata
						.of((io.nats.client.Message) message.getHeaders().get(JetStreamHeaders.RAW_MESSAGE));
					seen.add(message.getPayload() + "@" + metadata.deliveredCount());
				}
				this.batches.add(seen);
				for (int i = 0; i < messages.size(); i++) {
					String text = messages.get(i).getPayload();
					if (text.equals("poison")) {
						throw new BatchListenerFailedException(i, new IllegalStateException("cannot digest poison"));
					}
					if (text.equals("fail-once") && seen.get(i).endsWith("@1")) {
						throw new IllegalStateException("the database is busy");
					}
				}
			}

		}

	}

	record ValidOrder(String id, @jakarta.validation.constraints.Positive int quantity) {
	}

	@Configuration(proxyBeanMethods = false)
	@Import(ValidOrders.Listener.class)
	static class ValidOrders {

		static class Listener {

			final Queue<ValidOrder> orders = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "batch-valid", stream = "ORDERS", subjects = "orders.valid", batch = "true")
			void onOrders(@jakarta.validation.Valid List<ValidOrder> orders) {
				this.orders.addAll(orders);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Slow.Listener.class)
	static class Slow {

		static class Listener {

			final Queue<String> handled = new ConcurrentLinkedQueue<>();

			final java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);

			@JetStreamListener(consumer = "batch-slow", stream = "ORDERS", subjects = "orders.slow", batch = "true",
					batchSize = "2", maxDeliver = "1", autoStartup = "false")
			void onTexts(List<String> texts) throws InterruptedException {
				boolean first = this.handled.isEmpty();
				this.handled.addAll(texts);
				if (first) {
					this.release.await();
				}
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Collecting.Listener.class)
	static class Collecting {

		static class Listener {

			final Queue<List<String>> batches = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "batch-collecting", stream = "ORDERS", subjects = "orders.collecting",
					batch = "true", batchSize = "10", autoStartup = "false")
			void onTexts(List<String> texts) {
				this.batches.add(texts);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(MonoBatch.Listener.class)
	static class MonoBatch {

		static class Listener {

			@JetStreamListener(consumer = "batch-mono", stream = "ORDERS", subjects = "orders.mono", batch = "true")
			Mono<Void> onOrders(List<Order> orders) {
				return Mono.empty();
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(FluxBatch.Listener.class)
	static class FluxBatch {

		static class Listener {

			@JetStreamListener(consumer = "batch-flux", stream = "ORDERS", subjects = "orders.flux", batch = "true")
			Flux<Order> onOrders(List<Order> orders) {
				return Flux.fromIterable(orders);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(FutureBatch.Listener.class)
	static class FutureBatch {

		static class Listener {

			@JetStreamListener(consumer = "batch-future", stream = "ORDERS", subjects = "orders.future", batch = "true")
			Future<?> onOrders(List<Order> orders) {
				return CompletableFuture.completedFuture(null);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(StageBatch.Listener.class)
	static class StageBatch {

		static class Listener {

			@JetStreamListener(consumer = "batch-stage", stream = "ORDERS", subjects = "orders.stage", batch = "true")
			CompletableFuture<Void> onOrders(List<Order> orders) {
				return CompletableFuture.completedFuture(null);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(ObjectBatch.Listener.class)
	static class ObjectBatch {

		static class Listener {

			final AtomicInteger calls = new AtomicInteger();

			final AtomicInteger subscribed = new AtomicInteger();

			@JetStreamListener(consumer = "batch-object", stream = "ORDERS", subjects = "orders.object", batch = "true",
					maxDeliver = "5")
			Object onOrders(List<Order> orders) {
				this.calls.incrementAndGet();
				return Mono.fromRunnable(this.subscribed::incrementAndGet);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(NotAList.Listener.class)
	static class NotAList {

		static class Listener {

			@JetStreamListener(consumer = "not-a-list", stream = "ORDERS", subjects = "orders.single", batch = "true")
			void onOrder(Order order) {
			}

		}

	}

}
