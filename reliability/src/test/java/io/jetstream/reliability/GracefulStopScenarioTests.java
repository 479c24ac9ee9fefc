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
package io.jetstream.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 3: the application is stopped while handlers are in flight. What finished is
 * acknowledged, the rest goes back to the server, and the next instance gets it at once
 * instead of after the consumer's ack-wait.
 */
class GracefulStopScenarioTests {

	private static final Duration ACK_WAIT = Duration.ofSeconds(60);

	@Test
	void stoppingUnderLoadAcksWhatFinishedAndHandsTheRestToTheNextInstancePromptly() throws Exception {
		int messages = Math.max(200, ReliabilityReport.messages() / 25);
		Ledger ledger = new Ledger();
		try (NatsTestServer server = NatsTestServer.start(); Connection raw = server.connect()) {
			String[] properties = Scenarios.properties(server, "ledger.concurrency=4", "ledger.work=20ms",
					"nats.jetstream.consumers.worker.ack-wait=" + ACK_WAIT.toSeconds() + "s");
			ConfigurableApplicationContext first = LedgerApplication.start(ledger, properties);
			JetStream js = raw.jetStream();
			for (int i = 0; i < messages; i++) {
				String id = Scenarios.id(i);
				js.publish("orders.created", id.getBytes(StandardCharsets.UTF_8));
				ledger.published(id);
			}
			await().atMost(Duration.ofMinutes(1)).until(() -> ledger.processedTotal() >= messages / 4);
			long stopping = System.nanoTime();
			first.close();
			Duration stopTime = Scenarios.since(stopping);
			int processedByFirst = ledger.processedTotal();
			assertThat(processedByFirst).as("the first instance was stopped mid-stream").isLessThan(messages);
			ConsumerInfo afterStop = Scenarios.consumer(raw);
			assertThat(afterStop.getDelivered().getConsumerSequence() - afterStop.getNumAckPending())
				.as("everything the first instance processed is acknowledged")
				.isGreaterThanOrEqualTo(processedByFirst);

			long starting = System.nanoTime();
			try (ConfigurableApplicationContext second = LedgerApplication.start(ledger, properties)) {
				await().atMost(ACK_WAIT.dividedBy(2)).until(() -> ledger.lost().isEmpty());
				Duration handOver = Scenarios.since(starting);
				assertThat(ledger.duplicates()).as("a message finished before the stop was processed again").isZero();
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					ConsumerInfo consumer = Scenarios.consumer(raw);
					assertThat(consumer.getNumAckPending()).isZero();
					assertThat(consumer.getNumPending()).isZero();
				});
				ConsumerInfo end = Scenarios.consumer(raw);
				long deliveries = end.getDelivered().getConsumerSequence();
				assertThat(deliveries).as("no redelivery storm: deliveries of %d messages", messages)
					.isLessThanOrEqualTo(messages + 4L * 100 * 2);
				ReliabilityReport.row("graceful stop under load, next instance takes over", messages,
						ledger.lost().size(), ledger.duplicates(), handOver,
						"4 workers, 20 ms handlers, stopped after " + processedByFirst + " (stop took "
								+ ReliabilityReport.format(stopTime) + "); recovery = start of the next instance to "
								+ "the last id, ack-wait " + ACK_WAIT.toSeconds() + " s; " + deliveries
								+ " deliveries in all");
			}
		}
	}

}
