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
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * Pausing a listener pauses its consumer on the server where the server supports it
 * (2.11+): every instance stops, and the pause survives a restart; older servers pause
 * the one instance.
 */
class ServerSidePauseTests extends AbstractListenerTests {

	private final ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(Counting.class)
		.withPropertyValues("nats.jetstream.consumers.pausable.stream=ORDERS");

	@Test
	void aPauseOnTheServerStopsEveryInstanceAndSurvivesARestart() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.11.0"), "consumer pause needs nats-server 2.11");
		this.runner.run((first) -> this.runner.run((second) -> {
			assertThat(listener(first).pause(null)).isEqualTo(PauseScope.SERVER);
			assertThat(listener(first).getPauseScope()).isEqualTo(PauseScope.SERVER);
			assertThat(consumer("ORDERS", "pausable").getPaused()).isTrue();
			for (int i = 0; i < 3; i++) {
				publish("orders.created", "held-" + i);
			}
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> received(first) + received(second) == 0);
			assertThat(consumer("ORDERS", "pausable").getNumPending()).isEqualTo(3);
		}));
		this.runner.run((restarted) -> {
			await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> received(restarted) == 0);
			listener(restarted).resume();
			await().atMost(Duration.ofSeconds(10)).until(() -> received(restarted) == 3);
			assertThat(consumer("ORDERS", "pausable").getPaused()).isFalse();
		});
	}

	@Test
	void aPauseUntilATimeEndsByItself() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.11.0"), "consumer pause needs nats-server 2.11");
		this.runner.run((context) -> {
			listener(context).pause(Instant.now().plusSeconds(3));
			publish("orders.created", "later");
			await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> received(context) == 0);
			await().atMost(Duration.ofSeconds(15)).until(() -> received(context) == 1);
			assertThat(listener(context).isPaused()).isFalse();
		});
	}

	@Test
	void aPauseAfterAPauseUntilATimeIsNotEndedByTheEarliersTimer() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.11.0"), "consumer pause needs nats-server 2.11");
		this.runner.run((context) -> {
			listener(context).pause(Instant.now().plusSeconds(1));
			listener(context).pause();
			publish("orders.created", "held by the second pause");
			// the server's pause ends after a second, the instance's own does not
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> received(context) == 0);
			assertThat(listener(context).isPaused()).isTrue();
			listener(context).resume();
			await().atMost(Duration.ofSeconds(10)).until(() -> received(context) == 1);
		});
	}

	@Test
	void olderServersPauseThisInstanceOnly() {
		runOnlyIf(this.raw.getServerInfo().isOlderThanVersion("2.11.0"),
				"the per-instance pause applies to servers older than 2.11");
		this.runner.run((first) -> this.runner.run((second) -> {
			assertThat(listener(first).pause(null)).isEqualTo(PauseScope.INSTANCE);
			publish("orders.created", "to the other instance");
			await().atMost(Duration.ofSeconds(10)).until(() -> received(second) == 1);
			assertThat(received(first)).isZero();
			assertThatIllegalStateException().isThrownBy(() -> listener(second).pause(Instant.now().plusSeconds(60)))
				.withMessageContaining("needs nats-server 2.11.0 or newer")
				.withMessageContaining(this.raw.getServerInfo().getVersion());
			listener(first).resume();
			assertThat(listener(first).isPaused()).isFalse();
		}));
	}

	private static MessageListenerContainer listener(AssertableApplicationContext context) {
		return context.getBean(JetStreamListenerRegistry.class).getListener("pausable");
	}

	private static int received(AssertableApplicationContext context) {
		return context.getBean(Counting.Handler.class).received.size();
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Counting.Handler.class)
	static class Counting {

		static class Handler {

			final Queue<String> received = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "pausable")
			void onMessage(String text) {
				this.received.add(text);
			}

		}

	}

}
