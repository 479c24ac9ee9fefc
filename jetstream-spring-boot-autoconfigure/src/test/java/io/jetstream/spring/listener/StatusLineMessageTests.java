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

import io.nats.client.Message;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.jetstream.spring.RawProtocol;
import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A stored message whose header block begins with a status line, which any publisher can
 * write and jnats reads as a status: it reaches the listener with its payload and
 * headers, and is acknowledged, instead of passing for "the consumer does not answer"
 * until it becomes a dead letter.
 */
class StatusLineMessageTests extends AbstractListenerTests {

	@Test
	void aMessageWhoseHeadersBeginWithAStatusLineReachesTheListener() throws Exception {
		this.contextRunner.withUserConfiguration(Received.class)
			.withPropertyValues("nats.jetstream.consumers.plain.stream=ORDERS",
					"nats.jetstream.consumers.plain.max-deliver=3")
			.run((context) -> {
				RawProtocol.publishWithHeaderBlock(nats.getServer().getPort(), "orders.created",
						"NATS/1.0 503\r\nX-Order: o-1\r\n\r\n", "status-like");
				publish("orders.created", "ordinary");
				Queue<Message> received = context.getBean(Received.class).messages;
				await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
				Message first = received.stream()
					.filter((message) -> !"ordinary".equals(new String(message.getData(), StandardCharsets.UTF_8)))
					.findFirst()
					.orElseThrow();
				assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo("status-like");
				assertThat(first.getHeaders().getFirst("X-Order")).isEqualTo("o-1");
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(consumer("ORDERS", "plain").getNumAckPending()).isZero();
					assertThat(consumer("ORDERS", "plain").getNumPending()).isZero();
				});
				assertThat(consumer("ORDERS", "plain").getRedelivered()).isZero();
				assertThat(streamExists("DLQ") ? streamCount("DLQ") : 0).isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class Received {

		final Queue<Message> messages = new ConcurrentLinkedQueue<>();

		@Bean
		Listener statusLineListener() {
			return new Listener(this.messages);
		}

		static class Listener {

			private final Queue<Message> messages;

			Listener(Queue<Message> messages) {
				this.messages = messages;
			}

			@JetStreamListener(consumer = "plain")
			void on(Message message) {
				this.messages.add(message);
			}

		}

	}

}
