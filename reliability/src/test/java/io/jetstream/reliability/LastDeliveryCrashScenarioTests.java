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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault: the application process is killed while it holds messages at their last allowed
 * delivery (max-deliver 1: every delivery is the last). The server gives each of them up
 * once its ack-wait runs out and only publishes a MAX_DELIVERIES advisory; the starter's
 * advisory stream keeps it, and the next instance turns it into a dead letter. Every id
 * must end processed or dead-lettered.
 */
class LastDeliveryCrashScenarioTests {

	private static final String[] LAST_DELIVERY = { "ledger.concurrency=2",
			"nats.jetstream.consumers.worker.max-deliver=1", "nats.jetstream.consumers.worker.ack-wait=3s" };

	@Test
	void messagesHeldAtTheirLastDeliveryByAKilledProcessBecomeDeadLetters(@TempDir Path directory) throws Exception {
		int messages = ReliabilityReport.messages();
		Path ledgerFile = directory.resolve("processed.txt");
		try (NatsTestServer server = NatsTestServer.start(); Connection raw = server.connect()) {
			raw.jetStreamManagement()
				.addStream(StreamConfiguration.builder().name(Scenarios.STREAM).subjects("orders.>").build());
			Scenarios.publish(raw.jetStream(), messages);
			Process killed = Scenarios.startProcess(server, ledgerFile, directory.resolve("killed.log"),
					Scenarios.with(LAST_DELIVERY, "ledger.work=20ms"));
			try {
				await().atMost(Duration.ofMinutes(2)).until(() -> Scenarios.processedLines(ledgerFile) >= 200);
			}
			finally {
				killed.destroyForcibly();
				assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
			}
			long started = System.nanoTime();
			Ledger ledger = new Ledger(ledgerFile);
			try (ConfigurableApplicationContext app = LedgerApplication.start(ledger,
					Scenarios.properties(server, LAST_DELIVERY))) {
				await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
					assertThat(Scenarios.consumer(raw).getNumPending()).isZero();
					assertThat(Scenarios.consumer(raw).getNumAckPending()).isZero();
					assertThat(Scenarios.messagesIn(raw, "DLQ_ADVISORIES")).isPositive();
					assertThat(raw.jetStreamManagement()
						.getConsumerInfo("DLQ_ADVISORIES", "dlq-advisories-ORDERS-worker")
						.getNumAckPending()).isZero();
					assertThat(raw.jetStreamManagement()
						.getConsumerInfo("DLQ_ADVISORIES", "dlq-advisories-ORDERS-worker")
						.getNumPending()).isZero();
				});
				Duration recovery = Scenarios.since(started);
				Map<String, String> deadLetters = deadLetters(raw.jetStreamManagement());
				Ledger processed = Ledger.read(ledgerFile);
				Set<String> lost = new HashSet<>();
				for (int i = 0; i < messages; i++) {
					String id = Scenarios.id(i);
					if (processed.timesProcessed(id) == 0 && !deadLetters.containsKey(id)) {
						lost.add(id);
					}
				}
				assertThat(lost).as("neither processed nor dead-lettered").isEmpty();
				assertThat(deadLetters).as("held by the killed process at their last delivery").isNotEmpty();
				assertThat(Set.copyOf(deadLetters.values())).containsExactly("max_deliveries_unacknowledged");
				assertThat(Scenarios.messagesIn(raw, "DLQ")).as("one dead letter each").isEqualTo(deadLetters.size());
				long alsoProcessed = deadLetters.keySet()
					.stream()
					.filter((id) -> processed.timesProcessed(id) > 0)
					.count();
				ReliabilityReport.row("process killed holding messages at their last delivery (max-deliver 1)",
						messages, lost.size(), processed.duplicates(), recovery,
						deadLetters.size() + " ids held by the killed process became dead letters "
								+ "(max_deliveries_unacknowledged, from MAX_DELIVERIES advisories) of which "
								+ alsoProcessed + " had been processed before their ack reached the server; "
								+ "recovery = new instance start to every advisory handled");
			}
		}
	}

	private static Map<String, String> deadLetters(JetStreamManagement jsm) throws Exception {
		Map<String, String> reasons = new HashMap<>();
		long count = jsm.getStreamInfo("DLQ").getStreamState().getMsgCount();
		for (long sequence = 1; sequence <= count; sequence++) {
			MessageInfo dead = jsm.getMessage("DLQ", sequence);
			reasons.put(new String(dead.getData(), StandardCharsets.UTF_8).trim(),
					dead.getHeaders().getFirst("X-DLQ-Reason"));
		}
		return reasons;
	}

}
