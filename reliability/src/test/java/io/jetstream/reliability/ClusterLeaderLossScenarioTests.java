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

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.test.NatsTestCluster;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 4: a three-node cluster with a replicated (R3) stream; the node leading the
 * stream is killed while the application publishes and consumes. Publishes retry through
 * the leader election, the listener carries on, and nothing that was acknowledged to the
 * publisher is lost.
 */
class ClusterLeaderLossScenarioTests {

	@Test
	void killingTheStreamLeaderLosesNothingAcknowledged() throws Exception {
		int messages = ReliabilityReport.messages();
		Ledger ledger = new Ledger();
		try (NatsTestCluster cluster = NatsTestCluster.start(3);
				Connection raw = cluster.connect();
				ConfigurableApplicationContext app = LedgerApplication.start(ledger,
						Scenarios.properties(cluster.getUrls(), "ledger.concurrency=2",
								"nats.jetstream.streams.ORDERS.replicas=3", "nats.jetstream.streams.DLQ.subjects=dlq.>",
								"nats.jetstream.streams.DLQ.replicas=3",
								"nats.jetstream.consumers.worker.ack-wait=5s"))) {
			JetStreamOperations template = app.getBean(JetStreamOperations.class);
			IdPublisher publisher = new IdPublisher(template, ledger, messages);
			publisher.start();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> ledger.publishedCount() >= messages / 3 || publisher.failure() != null);
			String leader = raw.jetStreamManagement().getStreamInfo(Scenarios.STREAM).getClusterInfo().getLeader();
			NatsTestServer leaderNode = cluster.getNode(leader).orElseThrow();
			int publishedAtKill = ledger.publishedCount();
			leaderNode.kill();
			publisher.join(180_000);
			assertThat(publisher.failure()).as("a publish failed during the leader election").isNull();
			await().atMost(Duration.ofMinutes(1)).until(() -> ledger.lost().isEmpty());
			String newLeader = raw.jetStreamManagement().getStreamInfo(Scenarios.STREAM).getClusterInfo().getLeader();
			assertThat(newLeader).isNotEqualTo(leader);
			assertThat(Scenarios.messagesIn(raw, Scenarios.STREAM)).as("stored once each").isEqualTo(messages);
			assertThat(Scenarios.messagesIn(raw, "DLQ")).as("dead-lettered by mistake").isZero();
			Duration publishPause = publisher.longestPublish();
			Duration processingPause = ledger.longestPause();
			ReliabilityReport.row("3-node cluster, R3 stream, stream leader killed (SIGKILL)", messages,
					ledger.lost().size(), ledger.duplicates(),
					(publishPause.compareTo(processingPause) > 0) ? publishPause : processingPause,
					"template publish (message ids) + listener, 2 workers; leader " + leader + " killed after "
							+ publishedAtKill + " publishes, " + newLeader + " took over; recovery = longest "
							+ "stand-still: one publish took " + ReliabilityReport.format(publishPause)
							+ " (retrying through the election), processing paused "
							+ ReliabilityReport.format(processingPause));
		}
	}

}
