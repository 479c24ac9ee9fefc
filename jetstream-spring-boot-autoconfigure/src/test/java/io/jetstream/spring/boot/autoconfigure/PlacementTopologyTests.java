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
package io.jetstream.spring.boot.autoconfigure;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ClusterInfo;
import io.nats.client.api.Replica;
import io.nats.client.api.StreamInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.jetstream.spring.test.NatsTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream's placement (cluster and server tags) on a real three-node cluster whose nodes
 * carry tags: the replicas land on the tagged nodes, the declaration compares equal
 * afterwards, and a placement no node can satisfy fails startup naming the stream.
 */
class PlacementTopologyTests {

	private static final String PLACED = "nats.jetstream.streams.PLACED.";

	private static NatsTestCluster cluster;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + cluster.getUrls(), PLACED + "subjects=placed.>",
				PLACED + "placement.cluster=test-cluster", "nats.jetstream.topology.retry-timeout=0");

	@BeforeAll
	static void startCluster() {
		// node-1 on fast disks, node-2 and node-3 on slow ones
		cluster = NatsTestCluster.start(3, (node) -> List
			.of("server_tags: [\"disk:" + ((node == 1) ? "ssd" : "hdd") + "\", \"az:" + node + "\"]"));
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	@AfterEach
	void deleteStreams() throws Exception {
		try (Connection connection = cluster.connect()) {
			JetStreamManagement management = connection.jetStreamManagement();
			for (String name : management.getStreamNames()) {
				management.deleteStream(name);
			}
		}
	}

	@Test
	void replicasLandOnTheNodesWithTheTagsAndTheDeclarationThenCompareEqual() throws Exception {
		this.contextRunner.withPropertyValues(PLACED + "placement.tags=disk:ssd").run((context) -> {
			assertThat(context).hasNotFailed();
			StreamInfo info = streamInfo();
			assertThat(info.getClusterInfo().getLeader()).isEqualTo("node-1");
			assertThat(info.getConfiguration().getPlacement().getTags()).containsExactly("disk:ssd");
			assertThat(info.getConfiguration().getPlacement().getCluster()).isEqualTo("test-cluster");
		});
		this.contextRunner
			.withPropertyValues(PLACED + "placement.tags=disk:ssd", "nats.jetstream.topology.mode=validate")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void twoReplicasOnTheSlowDisksLeaveTheFastNodeOut() throws Exception {
		this.contextRunner.withPropertyValues(PLACED + "placement.tags=disk:hdd", PLACED + "replicas=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ClusterInfo placed = streamInfo().getClusterInfo();
				Set<String> nodes = new HashSet<>();
				nodes.add(placed.getLeader());
				if (placed.getReplicas() != null) {
					placed.getReplicas().stream().map(Replica::getName).forEach(nodes::add);
				}
				assertThat(nodes).containsExactlyInAnyOrder("node-2", "node-3");
			});
	}

	@Test
	void aPlacementNoNodeSatisfiesFailsStartupNamingTheStream() throws Exception {
		this.contextRunner.withPropertyValues(PLACED + "placement.tags=disk:nvme")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("PLACED")
				.hasStackTraceContaining("no suitable peers for placement"));
		try (Connection connection = cluster.connect()) {
			assertThat(connection.jetStreamManagement().getStreamNames()).doesNotContain("PLACED");
		}
	}

	@Test
	void aPlacementWithoutClusterOrTagsIsRefusedNamingTheProperty() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class))
			.withPropertyValues("nats.servers=" + cluster.getUrls(), PLACED + "subjects=placed.>",
					PLACED + "placement.tags=")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("nats.jetstream.streams.PLACED.placement")
				.hasStackTraceContaining("must name a cluster or at least one tag"));
	}

	private static StreamInfo streamInfo() throws Exception {
		try (Connection connection = cluster.connect()) {
			return connection.jetStreamManagement().getStreamInfo("PLACED");
		}
	}

}
