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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.jetstream.spring.test.NatsTestCluster;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An application starting while its JetStream cluster has no quorum (two of three nodes
 * down, as during a rolling restart or before a cluster has formed): declaring the
 * topology retries the calls the cluster cannot answer yet, and startup completes once
 * the nodes are back, instead of failing.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterWithoutQuorumScenarioTests {

	@Test
	void startupWaitsForTheClusterInsteadOfFailing(CapturedOutput output) throws Exception {
		try (NatsTestCluster cluster = NatsTestCluster.start(3)) {
			NatsTestServer second = cluster.getNodes().get(1);
			NatsTestServer third = cluster.getNodes().get(2);
			second.stop();
			third.stop();
			Ledger ledger = new Ledger();
			long start = System.nanoTime();
			CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture
				.supplyAsync(() -> LedgerApplication.start(ledger,
						Scenarios.properties(cluster.getNodes().get(0).getUrl(),
								"nats.jetstream.streams.ORDERS.replicas=3", "nats.jetstream.streams.DLQ.subjects=dlq.>",
								"nats.jetstream.streams.DLQ.replicas=3", "nats.jetstream.topology.retry-timeout=90s")));
			await().atMost(Duration.ofSeconds(60))
				.until(() -> output.getOut().contains("JetStream could not answer for stream") || starting.isDone());
			assertThat(starting).as("startup went on without a JetStream quorum").isNotDone();
			long restarted = System.nanoTime();
			second.startServer();
			third.startServer();
			try (ConfigurableApplicationContext app = starting.get(120, TimeUnit.SECONDS);
					Connection raw = cluster.connect()) {
				long started = System.nanoTime();
				StreamInfo info = raw.jetStreamManagement().getStreamInfo(Scenarios.STREAM);
				assertThat(info.getConfiguration().getReplicas()).isEqualTo(3);
				assertThat(app.isRunning()).isTrue();
				ReliabilityReport.row("application started while its 3-node cluster has no quorum", 0, 0, 0,
						Duration.ofNanos(started - restarted),
						"2 of 3 nodes stopped before startup; topology declaration retried (retry-timeout) instead of "
								+ "failing; recovery = nodes started to application started; startup took "
								+ ReliabilityReport.format(Duration.ofNanos(started - start)) + " in all");
			}
		}
	}

}
