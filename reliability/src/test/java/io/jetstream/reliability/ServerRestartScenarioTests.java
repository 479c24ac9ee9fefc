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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 1: the server is stopped and started again (same port, same storage) several
 * times while the application publishes through the template and consumes with a
 * listener.
 */
class ServerRestartScenarioTests {

	@Test
	void serverRestartsWhilePublishingAndConsumingLoseNothing() throws Exception {
		int messages = ReliabilityReport.messages();
		int rounds = ReliabilityReport.rounds();
		Ledger ledger = new Ledger();
		List<Duration> recoveries = new ArrayList<>();
		try (NatsTestServer server = NatsTestServer.start();
				ConfigurableApplicationContext app = LedgerApplication.start(ledger, Scenarios.properties(server,
						"ledger.concurrency=2", "nats.jetstream.consumers.worker.ack-wait=5s"))) {
			JetStreamOperations template = app.getBean(JetStreamOperations.class);
			IdPublisher publisher = new IdPublisher(template, ledger, messages);
			publisher.start();
			long lastRestart = System.nanoTime();
			for (int round = 1; round <= rounds; round++) {
				int threshold = messages * round / (rounds + 1);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> ledger.publishedCount() >= threshold || publisher.failure() != null);
				int processedBefore = ledger.processedTotal();
				server.stop();
				long restarted = System.nanoTime();
				lastRestart = restarted;
				server.startServer();
				// when the publisher finished and every id was processed before the stop,
				// nothing is left to process after it (a fast run's last round): recovery
				// is
				// not measured then, and the end of the test checks the rest
				await().atMost(Duration.ofMinutes(1))
					.until(() -> ledger.processedTotal() > processedBefore || publisher.failure() != null
							|| (!publisher.isAlive() && ledger.lost().isEmpty()));
				if (ledger.processedTotal() > processedBefore) {
					recoveries.add(Scenarios.since(restarted));
				}
			}
			publisher.join(120_000);
			assertThat(publisher.failure()).as("a publish failed although the server came back").isNull();
			assertThat(ledger.publishedCount()).isEqualTo(messages);
			await().atMost(Duration.ofMinutes(1)).until(() -> ledger.lost().isEmpty());
			Duration tail = Scenarios.since(lastRestart);
			try (Connection raw = server.connect()) {
				assertThat(Scenarios.messagesIn(raw, Scenarios.STREAM)).as("stored once each (message ids)")
					.isEqualTo(messages);
				assertThat(Scenarios.messagesIn(raw, "DLQ")).as("dead-lettered by mistake").isZero();
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(Scenarios.consumer(raw).getNumAckPending()).isZero();
					assertThat(Scenarios.consumer(raw).getNumPending()).isZero();
				});
			}
			ReliabilityReport.row("server restart ×" + rounds + " while publishing and consuming", messages,
					ledger.lost().size(), ledger.duplicates(),
					recoveries.isEmpty() ? null : Collections.max(recoveries),
					"template publish (message ids) + listener, 2 workers, ack-wait 5 s; recovery = server "
							+ "start to next processed message (worst of " + rounds + "; jnats reconnect wait 2 s); "
							+ "all ids processed " + ReliabilityReport.format(tail)
							+ " after the last restart (messages in flight at a restart return after ack-wait)");
		}
	}

}
