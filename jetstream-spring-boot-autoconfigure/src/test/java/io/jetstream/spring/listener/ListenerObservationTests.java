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
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The container observes what its listener handles (issue 30): each message of a listener
 * ({@code jetstream.process}), each batch of a batch listener
 * ({@code jetstream.process.batch}, which got none while the adapter made them), with the
 * keys {@link io.jetstream.spring.observation.JetStreamListenerObservation} documents.
 */
class ListenerObservationTests extends AbstractListenerTests {

	@Test
	void eachMessageOfAListenerIsObservedUntilItsResultWithItsOutcome() {
		this.contextRunner.withUserConfiguration(NatsListenerTests.Observed.class, Single.class).run((context) -> {
			publish("orders.single", "a");
			publish("orders.single", "b");
			publish("orders.single", "fail");
			Single.Listener listener = context.getBean(Single.Listener.class);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(meters.find("jetstream.process")
					.tag("messaging.destination.name", "ORDERS")
					.tag("messaging.consumer.group.name", "observed-single")
					.tag("messaging.system", "nats")
					.tag("error", "IllegalStateException")
					.timer()).isNotNull());
			assertThat(listener.texts).contains("a", "b");
			assertThat(meters.get("jetstream.process").tag("error", "none").timer().count()).isEqualTo(2);
			assertThat(meters.find("jetstream.process.batch").timer()).as("no batch observation").isNull();
		});
	}

	@Test
	void eachBatchOfABatchListenerIsObservedOnce() {
		this.contextRunner.withUserConfiguration(NatsListenerTests.Observed.class, Batch.class).run((context) -> {
			for (int i = 0; i < 5; i++) {
				publish("orders.observed-batch", "t" + i);
			}
			Batch.Listener listener = context.getBean(Batch.Listener.class);
			listener(context, "observed-batch").start();
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.texts.size() == 5);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(meters.get("jetstream.process.batch")
					.tag("messaging.destination.name", "ORDERS")
					.tag("messaging.consumer.group.name", "observed-batch")
					.tag("error", "none")
					.timer()
					.count()).isEqualTo(listener.batches.size()));
			assertThat(meters.find("jetstream.process").timer()).as("no observation per message").isNull();
		});
	}

	private static MessageListenerContainer listener(
			org.springframework.boot.test.context.assertj.AssertableApplicationContext context, String id) {
		return context.getBean(io.jetstream.spring.config.JetStreamListenerRegistry.class).getListener(id);
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Single.Listener.class)
	static class Single {

		static class Listener {

			final Queue<String> texts = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "observed-single", stream = "ORDERS", subjects = "orders.single",
					maxDeliver = "1")
			void onText(String text) {
				if (text.equals("fail")) {
					throw new IllegalStateException("cannot");
				}
				this.texts.add(text);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Batch.Listener.class)
	static class Batch {

		static class Listener {

			final Queue<String> texts = new ConcurrentLinkedQueue<>();

			final Queue<Integer> batches = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "observed-batch", stream = "ORDERS", subjects = "orders.observed-batch",
					batch = "true", batchSize = "10", autoStartup = "false")
			void onTexts(List<String> texts) {
				this.texts.addAll(texts);
				this.batches.add(texts.size());
			}

		}

	}

}
