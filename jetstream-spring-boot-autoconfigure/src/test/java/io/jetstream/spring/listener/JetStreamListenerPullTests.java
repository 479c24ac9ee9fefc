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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.format.datetime.standard.DurationFormatterUtils;

import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * The pull engine against a real server: nothing pulled ahead runs out of ack-wait,
 * nothing a stopped, paused or cut-off instance held waits for ack-wait, several
 * instances share a durable without losing or repeating messages, and one worker sees the
 * stream's order.
 */
class JetStreamListenerPullTests extends AbstractListenerTests {

	private final Tally tally = new Tally();

	private ApplicationContextRunner instance(String name, String... properties) {
		return this.contextRunner.withUserConfiguration(TallyListener.class)
			.withBean(Tally.class, () -> this.tally)
			.withPropertyValues("instance=" + name, "nats.jetstream.consumers.tally.stream=ORDERS")
			.withPropertyValues(properties);
	}

	@Test
	void twoInstancesWithAOneSecondAckWaitHandleABurstOfSlowMessagesExactlyOnce() throws Exception {
		String[] settings = { "handling=20ms", "nats.jetstream.consumers.tally.backoff=1s,2s,4s",
				"nats.jetstream.consumers.tally.max-deliver=4" };
		instance("a", settings).run((a) -> instance("b", settings).run((b) -> {
			for (int i = 0; i < 1000; i++) {
				publish("orders.created", "m" + i);
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> this.tally.distinct() == 1000);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(consumer("ORDERS", "tally").getNumAckPending()).isZero());
			assertThat(this.tally.handledMoreThanOnce()).isEmpty();
			assertThat(this.tally.highestDelivery()).isEqualTo(1);
			assertThat(this.tally.instances()).containsOnlyKeys("a", "b");
			assertThat(consumer("ORDERS", "tally").getRedelivered()).isZero();
			assertThat(streamCount("DLQ")).isZero();
		}));
	}

	@Test
	void aHandlerSlowerThanAckWaitTimesTheBatchSeesNoRedelivery() throws Exception {
		instance("a", "handling=150ms", "nats.jetstream.consumers.tally.ack-wait=1s",
				"nats.jetstream.listener.batch-size=10")
			.run((context) -> {
				for (int i = 0; i < 30; i++) {
					publish("orders.created", "m" + i);
				}
				await().atMost(Duration.ofSeconds(30)).until(() -> this.tally.distinct() == 30);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "tally").getNumAckPending()).isZero());
				assertThat(this.tally.handledMoreThanOnce()).isEmpty();
				assertThat(this.tally.highestDelivery()).isEqualTo(1);
				assertThat(consumer("ORDERS", "tally").getRedelivered()).isZero();
			});
	}

	@Test
	void whatAStoppedInstanceHeldReachesTheOtherAtOnceNotAfterAckWaitOrThePull() {
		handsBackAtOnce((container) -> container.stop());
	}

	@Test
	void whatAPausedInstanceHeldReachesTheOtherAtOnceNotAfterAckWaitOrThePull() {
		handsBackAtOnce((container) -> container.pause());
	}

	private void handsBackAtOnce(Consumer<MessageListenerContainer> leave) {
		// pulls that stay open for 30s and an ack-wait of a minute: only a hand-back
		// brings
		// the messages back quickly
		String[] settings = { "handling=100ms", "nats.jetstream.consumers.tally.ack-wait=60s",
				"nats.jetstream.listener.pull-expires=30s" };
		instance("a", settings).run((a) -> {
			MessageListenerContainer first = a.getBean(JetStreamListenerRegistry.class).getListener("tally");
			for (int i = 0; i < 100; i++) {
				publish("orders.created", "m" + i);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.tally.distinct() >= 3);
			instance("b", settings).run((b) -> {
				leave.accept(first);
				long left = System.nanoTime();
				int handledByA = this.tally.instances().get("a").get();
				assertThat(handledByA).isLessThan(100);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(this.tally.instances().getOrDefault("b", new AtomicInteger()))
						.hasPositiveValue());
				assertThat(Duration.ofNanos(System.nanoTime() - left)).isLessThan(Duration.ofSeconds(5));
				await().atMost(Duration.ofSeconds(30)).until(() -> this.tally.distinct() == 100);
				assertThat(this.tally.instances().get("a").get()).isEqualTo(handledByA);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(consumer("ORDERS", "tally").getNumAckPending()).isZero());
				assertThat(this.tally.handledMoreThanOnce()).isEmpty();
			});
		});
	}

	@Test
	void aServerHungLongerThanAPullLosesNothingAndStrandsNothing() {
		instance("a", "nats.jetstream.consumers.tally.ack-wait=60s").run((context) -> {
			for (int i = 0; i < 200; i++) {
				publish("orders.created", "m" + i);
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> this.tally.distinct() == 200);
			nats.getServer().freeze();
			try {
				// longer than a pull (1s here) and its heartbeats: the listener gives it
				// up
				LockSupport.parkNanos(Duration.ofSeconds(3).toNanos());
			}
			finally {
				nats.getServer().thaw();
			}
			for (int i = 200; i < 400; i++) {
				publish("orders.created", "m" + i);
			}
			// well inside the ack-wait: nothing waited for it
			await().atMost(Duration.ofSeconds(20)).until(() -> this.tally.distinct() == 400);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(consumer("ORDERS", "tally").getNumAckPending()).isZero());
		});
	}

	@Test
	void threeInstancesSharingOneDurableLoseNothingWhenOneStopsMidway() throws Exception {
		// nats-server before 2.10.18 drops a redelivery that finds no pull able to take
		// it
		// at that instant (consumer.go, loopAndGatherMsgs: "We will redo this one" steps
		// the stream cursor back instead of re-queueing it): what the stopped instance
		// handed back then waits for ack-wait and the last new message is delivered
		// twice.
		// Seen in 5 of 25 repetitions on 2.9.10, none on 2.15.1 (README, known limits)
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.10.18"),
				"the connected nats-server is " + this.raw.getServerInfo().getVersion()
						+ "; it drops redeliveries no waiting pull can take (fixed in 2.10.18)");
		String[] settings = { "handling=1ms", "nats.jetstream.consumers.tally.ack-wait=60s" };
		instance("a", settings).run((a) -> instance("b", settings).run((b) -> instance("c", settings).run((c) -> {
			for (int i = 0; i < 3000; i++) {
				publish("orders.created", "m" + i);
				if (i == 1500) {
					b.getBean(JetStreamListenerRegistry.class).getListener("tally").stop();
				}
			}
			await().atMost(Duration.ofSeconds(30)).until(() -> this.tally.distinct() == 3000);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(consumer("ORDERS", "tally").getNumAckPending()).isZero());
			assertThat(this.tally.instances()).containsKeys("a", "c");
			assertThat(this.tally.handledMoreThanOnce()).isEmpty();
			ConsumerInfo info = consumer("ORDERS", "tally");
			assertThat(info.getNumPending()).isZero();
		})));
	}

	@Test
	void oneWorkerSeesTheStreamsOrder() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
		for (int i = 0; i < 2000; i++) {
			publish("orders.created", "m" + i);
		}
		instance("a", "nats.jetstream.consumers.tally.ack-wait=60s").run((context) -> {
			await().atMost(Duration.ofSeconds(20)).until(() -> this.tally.distinct() == 2000);
			List<String> expected = new ArrayList<>();
			for (int i = 0; i < 2000; i++) {
				expected.add("m" + i);
			}
			assertThat(this.tally.order()).containsExactlyElementsOf(expected);
		});
	}

	@Test
	void manyListenersStoppingTogetherKeepTheConnection() throws Exception {
		this.contextRunner.withUserConfiguration(ManyListeners.class).run((context) -> {
			ManyListeners listeners = context.getBean(ManyListeners.class);
			publish("orders.created", "one");
			await().atMost(Duration.ofSeconds(20)).until(() -> listeners.received.size() == 12);
			Connection connection = context.getBean(Connection.class);
			long reconnects = connection.getStatistics().getReconnects();
			// in parallel, as at shutdown: each drains its inbox, which flushes (a ping)
			context.getBean(JetStreamListenerRegistry.class).stop();
			assertThat(connection.getStatistics().getReconnects()).isEqualTo(reconnects);
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ManyListeners {

		final Set<String> received = ConcurrentHashMap.newKeySet();

		@JetStreamListener(stream = "ORDERS", consumer = "many-0", subjects = "orders.created")
		void on0(String text) {
			this.received.add("0");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-1", subjects = "orders.created")
		void on1(String text) {
			this.received.add("1");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-2", subjects = "orders.created")
		void on2(String text) {
			this.received.add("2");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-3", subjects = "orders.created")
		void on3(String text) {
			this.received.add("3");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-4", subjects = "orders.created")
		void on4(String text) {
			this.received.add("4");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-5", subjects = "orders.created")
		void on5(String text) {
			this.received.add("5");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-6", subjects = "orders.created")
		void on6(String text) {
			this.received.add("6");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-7", subjects = "orders.created")
		void on7(String text) {
			this.received.add("7");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-8", subjects = "orders.created")
		void on8(String text) {
			this.received.add("8");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-9", subjects = "orders.created")
		void on9(String text) {
			this.received.add("9");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-10", subjects = "orders.created")
		void on10(String text) {
			this.received.add("10");
		}

		@JetStreamListener(stream = "ORDERS", consumer = "many-11", subjects = "orders.created")
		void on11(String text) {
			this.received.add("11");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TallyListener {

		@Bean
		Handler handler(Tally tally, Environment environment) {
			return new Handler(tally, environment.getRequiredProperty("instance"),
					DurationFormatterUtils.detectAndParse(environment.getProperty("handling", "0ms")));
		}

		static class Handler {

			private final Tally tally;

			private final String instance;

			private final Duration handling;

			Handler(Tally tally, String instance, Duration handling) {
				this.tally = tally;
				this.instance = instance;
				this.handling = handling;
			}

			@JetStreamListener(consumer = "tally")
			void on(String text, MessageMetadata metadata) {
				this.tally.record(this.instance, text, metadata.deliveredCount());
				if (!this.handling.isZero()) {
					// simulates work that takes this long; nothing to wait for
					LockSupport.parkNanos(this.handling.toNanos());
				}
			}

		}

	}

}
