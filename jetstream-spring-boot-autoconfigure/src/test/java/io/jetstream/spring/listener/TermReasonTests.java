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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nats.client.Subscription;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A dead-lettered original is terminated with the reason on servers that record it
 * (2.11+: the MSG_TERMINATED advisory carries it), and with a plain term on older ones,
 * which would take "+TERM reason" for something else and leave the message pending.
 */
class TermReasonTests extends AbstractListenerTests {

	@Test
	void theTerminationCarriesTheReasonWhereTheServerRecordsIt() {
		this.contextRunner.withUserConfiguration(Rejecting.class)
			.withPropertyValues("nats.jetstream.consumers.rejecting.stream=ORDERS")
			.run((context) -> {
				Subscription advisories = this.raw
					.subscribe("$JS.EVENT.ADVISORY.CONSUMER.MSG_TERMINATED.ORDERS.rejecting");
				this.raw.flush(Duration.ofSeconds(2));
				publish("orders.created", "never");
				io.nats.client.Message advisory = advisories.nextMessage(Duration.ofSeconds(10));
				assertThat(advisory).as("a MSG_TERMINATED advisory").isNotNull();
				String json = new String(advisory.getData(), StandardCharsets.UTF_8);
				if (this.raw.getServerInfo().isOlderThanVersion("2.11.0")) {
					assertThat(json).doesNotContain("\"reason\"");
				}
				else {
					assertThat(json).contains("\"reason\":\"non_retryable\"");
				}
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(consumer("ORDERS", "rejecting").getNumAckPending()).isZero();
					assertThat(consumer("ORDERS", "rejecting").getNumPending()).isZero();
				});
				assertThat(context.getBean(Rejecting.Handler.class).seen).hasSize(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Rejecting.Handler.class)
	static class Rejecting {

		static class Handler {

			final Queue<String> seen = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "rejecting")
			void onMessage(String text) {
				this.seen.add(text);
				throw new NonRetryableException("rejects " + text);
			}

		}

	}

}
