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

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.nats.client.Connection;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * Manual acknowledgement, concurrency, long handlers, pause and resume, shutdown, and
 * consumers created from annotation attributes.
 */
class JetStreamListenerLifecycleTests extends AbstractListenerTests {

	@Test
	void manualAckModeLeavesSettlingToTheListener() {
		this.contextRunner.withUserConfiguration(ManualListener.class)
			.withPropertyValues("nats.jetstream.consumers.manual.stream=ORDERS",
					"nats.jetstream.consumers.manual.ack-wait=1s")
			.run((context) -> {
				publish("orders.ack", "ack me");
				publish("orders.ignore", "ignore me");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> received.list().stream().filter("ignore me"::equals).count() >= 2);
				assertThat(received.list().stream().filter("ack me"::equals).count()).isEqualTo(1);
				assertThat(consumer("ORDERS", "manual").getNumAckPending()).as("the ignored one").isEqualTo(1);
			});
	}

	@Test
	void concurrentWorkersHandleMessagesInParallel() {
		this.contextRunner.withUserConfiguration(ParallelListener.class)
			.withPropertyValues("nats.jetstream.consumers.parallel.stream=ORDERS")
			.run((context) -> {
				for (int i = 0; i < 3; i++) {
					publish("orders.created", "m" + i);
				}
				ParallelListener.Handler handler = context.getBean(ParallelListener.Handler.class);
				assertThat(handler.allThreeInside.await(10, TimeUnit.SECONDS)).as("three handlers at once").isTrue();
				assertThat(handler.threads).hasSize(3);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "parallel").getNumAckPending()).isZero());
			});
	}

	@Test
	void aHandlerRunningThreeTimesTheAckWaitKeepsItsMessage() {
		this.contextRunner.withUserConfiguration(SlowListener.class)
			.withPropertyValues("nats.jetstream.consumers.slow.stream=ORDERS",
					"nats.jetstream.consumers.slow.ack-wait=1s", "slow.handling=3s")
			.run((context) -> {
				publish("orders.created", "slow");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "slow").getAckFloor().getStreamSequence())
						.isEqualTo(1));
				assertThat(received.payloads).hasSize(1);
				ConsumerInfo info = consumer("ORDERS", "slow");
				assertThat(info.getRedelivered()).isZero();
				assertThat(info.getNumAckPending()).isZero();
			});
	}

	@Test
	void pausedListenersStopConsumingAndResumeWhereTheyLeftOff() {
		this.contextRunner.withUserConfiguration(TextListener.class)
			.withPropertyValues("nats.jetstream.consumers.text.stream=ORDERS")
			.run((context) -> {
				JetStreamListenerRegistry registry = context.getBean(JetStreamListenerRegistry.class);
				MessageListenerContainer container = registry.getListener("text");
				Received received = context.getBean(Received.class);
				publish("orders.created", "before");
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
				container.pause();
				assertThat(container.isPaused()).isTrue();
				publish("orders.created", "while paused");
				await().during(Duration.ofSeconds(1))
					.atMost(Duration.ofSeconds(3))
					.until(() -> received.payloads.size() == 1);
				container.resume();
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 2);
				assertThat(received.list()).containsExactly("before", "while paused");
				assertThat(registry.getListeners()).containsExactly(container);
			});
	}

	@Test
	void shutdownLetsTheHandlerInFlightFinishAndAcksIt() throws Exception {
		AtomicInteger finished = new AtomicInteger();
		this.contextRunner.withUserConfiguration(SlowListener.class)
			.withPropertyValues("nats.jetstream.consumers.slow.stream=ORDERS", "slow.handling=1500ms")
			.run((context) -> {
				publish("orders.created", "in flight");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
				context.getBean(SlowListener.Handler.class).finished = finished;
				((ConfigurableApplicationContext) context.getSourceApplicationContext()).close();
			});
		assertThat(finished.get()).isEqualTo(1);
		ConsumerInfo info = consumer("ORDERS", "slow");
		assertThat(info.getNumAckPending()).isZero();
		assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
	}

	@Test
	void stoppedListenersGiveBackPulledMessagesSoTheyReturnLongBeforeAckWait() {
		this.contextRunner.withUserConfiguration(TextListener.class)
			.withPropertyValues("nats.jetstream.consumers.text.stream=ORDERS",
					"nats.jetstream.consumers.text.ack-wait=60s")
			.run((context) -> {
				MessageListenerContainer container = context.getBean(JetStreamListenerRegistry.class)
					.getListener("text");
				Received received = context.getBean(Received.class);
				container.stop();
				for (int i = 0; i < 20; i++) {
					publish("orders.created", "m" + i);
				}
				// pulls a batch and stops before handling most of it
				container.start();
				container.stop();
				container.start();
				await().atMost(Duration.ofSeconds(15))
					.untilAsserted(() -> assertThat(new HashSet<>(received.payloads)).hasSize(20));
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "text").getNumAckPending()).isZero());
			});
	}

	@Test
	void whenNotDeclaredTheConsumerIsCreatedFromTheAnnotation() {
		this.contextRunner.withUserConfiguration(AnnotatedConsumerListener.class)
			.withPropertyValues("listener.max-deliver=4")
			.run((context) -> {
				ConsumerConfiguration config = consumer("ORDERS", "from-annotation").getConsumerConfiguration();
				assertThat(config.getFilterSubjects()).containsExactly("orders.paid");
				assertThat(config.getMaxDeliver()).isEqualTo(4);
				assertThat(config.getBackoff()).containsExactly(Duration.ofMillis(500), Duration.ofSeconds(2));
				assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.New);
				assertThat(context.getBean(JetStreamListenerRegistry.class).getListener("paid-orders")).isNotNull();
			});
	}

	@Test
	void whenAnAnnotationAttributeContradictsTheDeclarationThenStartupFails() {
		this.contextRunner.withUserConfiguration(AnnotatedConsumerListener.class)
			.withPropertyValues("listener.max-deliver=4", "nats.jetstream.consumers.from-annotation.stream=ORDERS",
					"nats.jetstream.consumers.from-annotation.filter-subjects=orders.paid",
					"nats.jetstream.consumers.from-annotation.deliver-policy=new",
					"nats.jetstream.consumers.from-annotation.backoff=500ms,2s",
					"nats.jetstream.consumers.from-annotation.max-deliver=7")
			.run((context) -> assertThat(context).getFailure()
				.hasMessageContaining("@JetStreamListener(id = \"paid-orders\")")
				.hasMessageContaining(
						"sets max-deliver = 4, but nats.jetstream.consumers.from-annotation.max-deliver is 7"));
	}

	@Test
	void whenTheConsumerIsDeletedOnTheServerItIsRecreatedAndConsumingGoesOn() {
		this.contextRunner.withUserConfiguration(TextListener.class)
			.withPropertyValues("nats.jetstream.consumers.text.stream=ORDERS")
			.run((context) -> {
				Received received = context.getBean(Received.class);
				publish("orders.created", "one");
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
				this.jsm.deleteConsumer("ORDERS", "text");
				await().atMost(Duration.ofSeconds(20))
					.ignoreExceptions()
					.until(() -> consumer("ORDERS", "text") != null);
				publish("orders.created", "two");
				await().atMost(Duration.ofSeconds(20)).until(() -> received.list().contains("two"));
			});
	}

	@Test
	void afterAServerRestartMidStreamEveryMessageIsProcessedAtLeastOnce() {
		this.contextRunner.withUserConfiguration(TextListener.class)
			.withPropertyValues("nats.jetstream.consumers.text.stream=ORDERS", "nats.reconnect.wait=100ms",
					"nats.jetstream.streams.ORDERS.storage=file")
			.run((context) -> {
				Received received = context.getBean(Received.class);
				for (int i = 0; i < 500; i++) {
					publish("orders.created", "id-" + i);
				}
				await().atMost(Duration.ofSeconds(20)).until(() -> received.payloads.size() >= 100);
				this.raw.close();
				nats.getServer().restart();
				this.raw = nats.getServer().connect();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> context.getBean(Connection.class).getStatus() == Connection.Status.CONNECTED);
				for (int i = 500; i < 1000; i++) {
					publish("orders.created", "id-" + i);
				}
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
					Set<Object> distinct = new HashSet<>(received.payloads);
					assertThat(distinct).hasSize(1000);
				});
			});
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, ManualListener.Handler.class })
	static class ManualListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "manual", ackMode = "manual")
			void on(String text, Acknowledgment acknowledgment) {
				this.received.add(text);
				if (text.equals("ack me")) {
					acknowledgment.ack();
				}
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ParallelListener {

		@Bean
		Handler handler() {
			return new Handler();
		}

		static class Handler {

			final CountDownLatch allThreeInside = new CountDownLatch(3);

			final Set<String> threads = ConcurrentHashMap.newKeySet();

			@JetStreamListener(consumer = "parallel", concurrency = "3", batchSize = "1")
			void on(String text) throws InterruptedException {
				this.threads.add(Thread.currentThread().getName());
				this.allThreeInside.countDown();
				this.allThreeInside.await(10, TimeUnit.SECONDS);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(ReceivedConfiguration.class)
	static class SlowListener {

		@Bean
		Handler handler(Received received, org.springframework.core.env.Environment environment) {
			return new Handler(received, org.springframework.format.datetime.standard.DurationFormatterUtils
				.detectAndParse(environment.getProperty("slow.handling", "1s")));
		}

		static class Handler {

			private final Received received;

			private final Duration handling;

			volatile AtomicInteger finished = new AtomicInteger();

			Handler(Received received, Duration handling) {
				this.received = received;
				this.handling = handling;
			}

			@JetStreamListener(consumer = "slow")
			void on(String text) {
				this.received.add(text);
				// simulates work that takes this long; nothing to wait for
				LockSupport.parkNanos(this.handling.toNanos());
				this.finished.incrementAndGet();
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, TextListener.Handler.class })
	static class TextListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "text")
			void on(String text) {
				this.received.add(text);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnnotatedConsumerListener {

		@Bean
		Handler handler() {
			return new Handler();
		}

		static class Handler {

			@JetStreamListener(id = "paid-orders", stream = "ORDERS", consumer = "from-annotation",
					subjects = "orders.paid", maxDeliver = "${listener.max-deliver}", backoff = { "500ms", "2s" },
					deliverPolicy = "new")
			void on(String text) {
			}

		}

	}

}
