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
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.Subscription;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PriorityGroupState;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * Listeners in a consumer's priority group (nats-server 2.11+): with the pinned-client
 * policy one instance gets everything until it stops or goes quiet, then another takes
 * over and nothing is lost; with the overflow policy a listener with a minimum backlog
 * pulls only while the backlog reaches it.
 */
class PriorityGroupsTests extends AbstractListenerTests {

	private static final String PINNED = "nats.jetstream.consumers.pinned.";

	private final ApplicationContextRunner pinned = this.contextRunner.withUserConfiguration(Listening.class)
		.withPropertyValues(PINNED + "stream=ORDERS", PINNED + "priority-policy=pinned-client",
				PINNED + "priority-groups=jobs", PINNED + "ack-wait=2s", "test.consumer=pinned");

	@BeforeEach
	void onlyOnServersWithPriorityGroups() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.11.0"), "priority groups need nats-server 2.11");
	}

	@Test
	void thePinnedInstanceGetsEverythingAndAnotherTakesOverAtOnceWhenItStops() {
		// a priority timeout far longer than the wait below: taking over in time proves
		// that the stopping instance gave its pin back
		ApplicationContextRunner runner = this.pinned.withPropertyValues(PINNED + "priority-timeout=60s");
		runner.run((first) -> runner.run((second) -> {
			publishAll("a", 20);
			await().atMost(Duration.ofSeconds(10)).until(() -> received(first).size() + received(second).size() == 20);
			AssertableApplicationContext holder = received(first).isEmpty() ? second : first;
			AssertableApplicationContext other = (holder == first) ? second : first;
			assertThat(received(other)).as("the instance that is not pinned").isEmpty();
			assertThat(pinnedClient()).isNotNull();

			listener(holder).stop();
			publishAll("b", 20);
			await().atMost(Duration.ofSeconds(15)).until(() -> received(other).size() == 20);
			Set<String> all = new HashSet<>(received(first));
			all.addAll(received(second));
			assertThat(all).hasSize(40);
			assertThat(consumer("ORDERS", "pinned").getNumAckPending()).isZero();
		}));
	}

	@Test
	void aPinnedClientThatGoesQuietLosesItsPinAfterThePriorityTimeout() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
		this.jsm.addOrUpdateConsumer("ORDERS",
				ConsumerConfiguration.builder()
					.durable("pinned")
					.ackPolicy(AckPolicy.Explicit)
					.ackWait(Duration.ofSeconds(2))
					.priorityPolicy(PriorityPolicy.PinnedClient)
					.priorityGroups("jobs")
					.priorityTimeout(Duration.ofSeconds(3))
					.build());
		publishAll("a", 10);
		// a client of another kind takes the pin with a few messages, then never pulls
		// or acknowledges again, as a process that hangs
		// (jnats' own fetch refuses a pinned consumer: a raw pull request)
		List<String> taken = new ArrayList<>();
		Subscription inbox = this.raw.subscribe(this.raw.createInbox());
		this.raw.publish("$JS.API.CONSUMER.MSG.NEXT.ORDERS.pinned", inbox.getSubject(),
				PullRequestOptions.builder(3).expiresIn(1000).group("jobs").build().serialize());
		Message message;
		while (taken.size() < 3 && (message = inbox.nextMessage(Duration.ofSeconds(5))) != null) {
			if (message.isJetStream()) {
				taken.add(new String(message.getData()));
			}
		}
		inbox.unsubscribe();
		this.pinned.withPropertyValues(PINNED + "priority-timeout=3s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(taken).hasSize(3);
			String quietPin = pinnedClient();
			assertThat(quietPin).isNotNull();
			await().atMost(Duration.ofSeconds(20)).until(() -> new HashSet<>(received(context)).size() == 10);
			assertThat(received(context)).containsAll(taken);
			assertThat(pinnedClient()).isNotNull().isNotEqualTo(quietPin);
		});
	}

	@Test
	void anOverflowListenerPullsOnlyWhileTheBacklogReachesItsMinimum() {
		ApplicationContextRunner overflow = this.contextRunner.withUserConfiguration(Listening.class)
			.withPropertyValues("nats.jetstream.consumers.spill.stream=ORDERS",
					"nats.jetstream.consumers.spill.priority-policy=overflow",
					"nats.jetstream.consumers.spill.priority-groups=jobs", "test.consumer=spill");
		overflow.withPropertyValues("test.min-pending=10").run((spill) -> {
			assertThat(spill).hasNotFailed();
			publishAll("small", 5);
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> received(spill).isEmpty());
			assertThat(consumer("ORDERS", "spill").getNumPending()).isEqualTo(5);

			publishAll("burst", 20);
			await().atMost(Duration.ofSeconds(10)).until(() -> consumer("ORDERS", "spill").getNumPending() < 10);
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(5))
				.until(() -> consumer("ORDERS", "spill").getNumAckPending() == 0);
			int spilled = received(spill).size();
			assertThat(spilled).isBetween(15, 17);
			assertThat(consumer("ORDERS", "spill").getNumPending()).isEqualTo(25 - spilled);

			overflow.run((primary) -> {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> received(primary).size() + received(spill).size() == 25);
				Set<String> all = new HashSet<>(received(primary));
				all.addAll(received(spill));
				assertThat(all).hasSize(25);
			});
		});
	}

	@Test
	void aListenerNamingAGroupTheConsumerLacksFailsStartup() {
		this.pinned.withPropertyValues("test.group=reports")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause)
				.asString()
				.contains("names priority group reports", "nats.jetstream.consumers.pinned.priority-groups is [jobs]"));
		this.pinned.withPropertyValues("test.min-pending=5")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause)
				.asString()
				.contains("sets minPending or minAckPending", "they need priority-policy overflow"));
	}

	private void publishAll(String prefix, int count) throws Exception {
		for (int i = 0; i < count; i++) {
			publish("orders.created", prefix + "-" + i);
		}
	}

	private String pinnedClient() throws Exception {
		List<PriorityGroupState> groups = consumer("ORDERS", "pinned").getPriorityGroupStates();
		return (groups != null && !groups.isEmpty()) ? groups.get(0).getPinnedClientId() : null;
	}

	private static MessageListenerContainer listener(AssertableApplicationContext context) {
		return context.getBean(JetStreamListenerRegistry.class)
			.getListener(context.getEnvironment().getProperty("test.consumer"));
	}

	private static Queue<String> received(AssertableApplicationContext context) {
		return context.getBean(Listening.Handler.class).received;
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Listening.Handler.class)
	static class Listening {

		static class Handler {

			final Queue<String> received = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "${test.consumer}", priorityGroup = "${test.group:}",
					minPending = "${test.min-pending:}")
			void onMessage(String text) {
				this.received.add(text);
			}

		}

	}

}
