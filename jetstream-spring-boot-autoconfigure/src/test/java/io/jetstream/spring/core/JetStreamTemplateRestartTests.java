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
package io.jetstream.spring.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Publishing while the server is down for longer than the acknowledgement timeout: the
 * client's reconnect buffer still delivers the first attempts after the restart, and the
 * retries arrive too, so only the message id keeps every message stored exactly once.
 */
class JetStreamTemplateRestartTests {

	@Test
	void whenTheServerRestartsDuringPublishingThenEveryMessageIsStoredExactlyOnce() throws Exception {
		try (NatsTestServer server = NatsTestServer.start();
				Connection connection = Nats.connect(new Options.Builder().server(server.getUrl())
					.reconnectWait(Duration.ofMillis(100))
					.maxReconnects(-1)
					.build())) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("ORDERS")
					.subjects("orders.>")
					.storageType(StorageType.File)
					.build());
			CountingRetryPolicy retryPolicy = new CountingRetryPolicy();
			JetStreamTemplate template = new JetStreamTemplate(connection.jetStream(), connection.jetStreamManagement(),
					new DefaultJetStreamMessageConverter(
							(org.springframework.messaging.converter.MessageConverter) null));
			template.setTimeout(Duration.ofMillis(500));
			// every publish of this test may be in flight at once while the server is
			// down;
			// with fewer slots the test thread would wait for acks that need the restart
			// it
			// has not made yet
			template.setMaxInFlight(1000);
			template.setRetryPolicy(retryPolicy);
			List<CompletableFuture<PublishAck>> futures = new ArrayList<>();
			for (int i = 0; i < 200; i++) {
				futures.add(template.publishAsync("orders.created", "before " + i));
			}
			server.stop();
			for (int i = 0; i < 100; i++) {
				futures.add(template.publishAsync("orders.created", "during " + i));
			}
			CompletableFuture<PublishAck> sync = CompletableFuture
				.supplyAsync(() -> template.publish("orders.created", "sync during"));
			await().atMost(Duration.ofSeconds(20)).until(() -> retryPolicy.retries.get() > 0);
			server.startServer();
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get();
			assertThat(sync.get().getSeqno()).isPositive();
			assertThat(futures.stream().filter((future) -> future.join().isDuplicate()))
				.as("retries of messages whose first attempt was stored after all")
				.isNotEmpty();
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(
						connection.jetStreamManagement().getStreamInfo("ORDERS").getStreamState().getMsgCount())
					.isEqualTo(301));
			template.destroy();
		}
	}

	static class CountingRetryPolicy implements RetryPolicy {

		final AtomicInteger retries = new AtomicInteger();

		private final RetryPolicy delegate = RetryPolicy.builder()
			.maxRetries(100)
			.delay(Duration.ofMillis(100))
			.maxDelay(Duration.ofMillis(500))
			.multiplier(2)
			.build();

		@Override
		public boolean shouldRetry(Throwable throwable) {
			this.retries.incrementAndGet();
			return this.delegate.shouldRetry(throwable);
		}

		@Override
		public BackOff getBackOff() {
			return this.delegate.getBackOff();
		}

	}

}
