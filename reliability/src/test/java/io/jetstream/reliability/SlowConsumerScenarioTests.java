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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 5: a handler slower than the publisher, with a small max-ack-pending. The backlog
 * must stay on the server, not in the application's memory, and nothing may be dropped.
 */
class SlowConsumerScenarioTests {

	private static final int MAX_ACK_PENDING = 20;

	private static final int PAYLOAD = 16 * 1024;

	@Test
	void backlogStaysOnTheServerAndNothingIsDropped() throws Exception {
		int messages = Math.max(1000, ReliabilityReport.messages() / 2);
		Ledger ledger = new Ledger();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		try (NatsTestServer server = NatsTestServer.start();
				Connection raw = server.connect();
				ConfigurableApplicationContext app = LedgerApplication.start(ledger, Scenarios.properties(server,
						"ledger.work=1ms", "nats.jetstream.consumers.worker.max-ack-pending=" + MAX_ACK_PENDING))) {
			JetStreamOperations template = app.getBean(JetStreamOperations.class);
			long heapBefore = heapAfterGc(memory);
			AtomicReference<Throwable> publishFailure = new AtomicReference<>();
			Thread publisher = new Thread(() -> {
				try {
					for (int i = 0; i < messages; i++) {
						String id = Scenarios.id(i);
						String payload = id + " ".repeat(PAYLOAD - id.length());
						template.newMessage(payload).subject("orders.created").header("id", id).sendAsync();
						ledger.published(id);
					}
				}
				catch (Throwable ex) {
					publishFailure.set(ex);
				}
			}, "publisher");
			publisher.start();
			publisher.join(120_000);
			assertThat(publishFailure.get()).isNull();
			AtomicLong maxAckPending = new AtomicLong();
			AtomicLong maxBacklog = new AtomicLong();
			long heapDuring = 0;
			for (int sample = 0; sample < 5 && !ledger.lost().isEmpty(); sample++) {
				long backlog = Scenarios.consumer(raw).getNumPending();
				maxBacklog.accumulateAndGet(backlog, Math::max);
				maxAckPending.accumulateAndGet(Scenarios.consumer(raw).getNumAckPending(), Math::max);
				heapDuring = Math.max(heapDuring, heapAfterGc(memory));
			}
			await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
				maxAckPending.accumulateAndGet(Scenarios.consumer(raw).getNumAckPending(), Math::max);
				assertThat(ledger.lost()).isEmpty();
			});
			long heapGrowth = heapDuring - heapBefore;
			assertThat(maxBacklog.get()).as("the publisher outran the handler (the scenario's premise)")
				.isGreaterThan(MAX_ACK_PENDING * 5L);
			assertThat(maxAckPending.get()).as("messages held by the application").isLessThanOrEqualTo(MAX_ACK_PENDING);
			assertThat(heapGrowth)
				.as("heap growth while %d KiB waited on the server", maxBacklog.get() * PAYLOAD / 1024)
				.isLessThan(maxBacklog.get() * PAYLOAD / 4);
			assertThat(app.getBean(Connection.class).getStatistics().getDroppedCount()).as("dropped by the client")
				.isZero();
			ReliabilityReport.row("slow consumer, max-ack-pending " + MAX_ACK_PENDING, messages, ledger.lost().size(),
					ledger.duplicates(), null,
					"16 KiB payloads, async publish; server-side backlog up to " + maxBacklog.get()
							+ " messages, at most " + maxAckPending.get() + " in the application, heap after GC +"
							+ heapGrowth / 1024 / 1024 + " MiB; 0 dropped");
		}
	}

	private static long heapAfterGc(MemoryMXBean memory) {
		memory.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

}
