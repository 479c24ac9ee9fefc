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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 2: the application runs as a process of its own and is killed with SIGKILL
 * mid-stream, several times; a new process takes over each time and the last one finishes
 * the stream. Every id must be processed, duplicates are counted.
 */
class ProcessCrashScenarioTests {

	private static final Duration ACK_WAIT = Duration.ofSeconds(3);

	private static final String[] APPLICATION = { "ledger.concurrency=2", "ledger.work=1ms",
			"nats.jetstream.consumers.worker.ack-wait=" + ACK_WAIT.toSeconds() + "s" };

	@Test
	void killedApplicationProcessesLoseNothing(@TempDir Path directory) throws Exception {
		int messages = ReliabilityReport.messages();
		int kills = ReliabilityReport.rounds();
		Path ledgerFile = directory.resolve("processed.txt");
		List<Duration> recoveries = new ArrayList<>();
		try (NatsTestServer server = NatsTestServer.start(); Connection raw = server.connect()) {
			raw.jetStreamManagement()
				.addStream(StreamConfiguration.builder().name(Scenarios.STREAM).subjects("orders.>").build());
			Scenarios.publish(raw.jetStream(), messages);
			for (int kill = 1; kill <= kills; kill++) {
				int threshold = messages * kill / (kills + 1);
				int before = Scenarios.processedLines(ledgerFile);
				long started = System.nanoTime();
				Process process = Scenarios.startProcess(server, ledgerFile,
						directory.resolve("instance-" + kill + ".log"), APPLICATION);
				try {
					await().atMost(Duration.ofMinutes(2)).until(() -> Scenarios.processedLines(ledgerFile) > before);
					if (kill > 1) {
						recoveries.add(Scenarios.since(started));
					}
					await().atMost(Duration.ofMinutes(2))
						.until(() -> Scenarios.processedLines(ledgerFile) >= threshold);
				}
				finally {
					process.destroyForcibly();
					assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
				}
				assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
			}
			int before = Scenarios.processedLines(ledgerFile);
			long started = System.nanoTime();
			Process last = Scenarios.startProcess(server, ledgerFile, directory.resolve("instance-last.log"),
					APPLICATION);
			try {
				await().atMost(Duration.ofMinutes(2)).until(() -> Scenarios.processedLines(ledgerFile) > before);
				recoveries.add(Scenarios.since(started));
				await().atMost(Duration.ofMinutes(2))
					.until(() -> Ledger.read(ledgerFile).processedDistinct() == messages);
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					assertThat(Scenarios.consumer(raw).getNumAckPending()).isZero();
					assertThat(Scenarios.consumer(raw).getNumPending()).isZero();
				});
			}
			finally {
				last.destroy();
				last.waitFor(30, TimeUnit.SECONDS);
			}
			Ledger ledger = Ledger.read(ledgerFile);
			for (int i = 0; i < messages; i++) {
				assertThat(ledger.timesProcessed(Scenarios.id(i))).as(Scenarios.id(i)).isPositive();
			}
			assertThat(Scenarios.messagesIn(raw, "DLQ")).as("dead-lettered by mistake").isZero();
			ReliabilityReport.row("application process killed (SIGKILL) ×" + kills + ", new process takes over",
					messages, messages - ledger.processedDistinct(), ledger.duplicates(), Collections.max(recoveries),
					"separate JVMs, 2 workers, ack-wait " + ACK_WAIT.toSeconds() + " s; recovery = new process "
							+ "start (JVM + Spring Boot) to its first processed id, worst of " + kills
							+ "; duplicates are ids processed by a killed process before its ack reached the server");
		}
	}

}
