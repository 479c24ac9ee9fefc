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
package io.jetstream.spring.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;

/**
 * A cluster of real {@code nats-server} processes on the loopback interface, routed to
 * each other, with clustered JetStream: what a test needs to see replicated streams (R3)
 * survive the loss of a node. Each node is a {@link NatsTestServer} named {@code node-1},
 * {@code node-2}, … (the name JetStream reports as a stream's leader), and can be
 * stopped, killed and started again.
 *
 * <pre class="code">
 * try (NatsTestCluster cluster = NatsTestCluster.start(3)) {
 *     Connection connection = Nats.connect(cluster.getUrls());
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class NatsTestCluster implements AutoCloseable {

	private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_REPLICAS = 5;

	private static final String READY_PROBE_STREAM = "NATS_TEST_CLUSTER_READY";

	private static final String READY_PROBE_SUBJECT = "nats-test-cluster.ready";

	private final List<NatsTestServer> nodes;

	private NatsTestCluster(List<NatsTestServer> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	/**
	 * Start a cluster and wait until JetStream can place a stream replicated on every
	 * node (up to 5).
	 * @param size the number of nodes, at least 3 for replicated streams
	 * @return the started cluster
	 */
	public static NatsTestCluster start(int size) {
		return start(size, (node) -> List.of());
	}

	/**
	 * Start a cluster whose nodes have configuration of their own, such as
	 * {@code server_tags: ["az:1"]}, and wait until JetStream can place a stream
	 * replicated on every node (up to 5).
	 * @param size the number of nodes, at least 3 for replicated streams
	 * @param nodeConfig the extra configuration lines of each node, by its number (from
	 * 1)
	 * @return the started cluster
	 */
	public static NatsTestCluster start(int size, IntFunction<List<String>> nodeConfig) {
		List<Integer> routePorts = new ArrayList<>();
		for (int i = 0; i < size; i++) {
			routePorts.add(freePort());
		}
		String routes = routePorts.stream()
			.map((port) -> "\"nats-route://127.0.0.1:" + port + "\"")
			.collect(Collectors.joining(", "));
		List<NatsTestServer> nodes = new ArrayList<>();
		try {
			for (int i = 0; i < size; i++) {
				NatsTestServer.Builder node = NatsTestServer.builder()
					.freePort()
					.configLine("server_name: " + nodeName(i + 1))
					.configLine("cluster { name: test-cluster, listen: \"127.0.0.1:" + routePorts.get(i)
							+ "\", routes: [" + routes + "] }");
				nodeConfig.apply(i + 1).forEach(node::configLine);
				nodes.add(node.start());
			}
			NatsTestCluster cluster = new NatsTestCluster(nodes);
			cluster.awaitJetStream();
			return cluster;
		}
		catch (RuntimeException ex) {
			nodes.forEach(NatsTestServer::close);
			throw ex;
		}
	}

	private static String nodeName(int index) {
		return "node-" + index;
	}

	private void awaitJetStream() {
		long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
		Exception last = null;
		while (System.nanoTime() < deadline) {
			try (Connection connection = connect()) {
				// the meta leader answers account requests before it knows every peer:
				// only placing a stream on all nodes proves one can be created
				JetStreamManagement management = connection.jetStreamManagement();
				management.addStream(StreamConfiguration.builder()
					.name(READY_PROBE_STREAM)
					.subjects(READY_PROBE_SUBJECT)
					.storageType(StorageType.Memory)
					.replicas(Math.min(this.nodes.size(), MAX_REPLICAS))
					.build());
				management.deleteStream(READY_PROBE_STREAM);
				return;
			}
			catch (IOException | JetStreamApiException | RuntimeException ex) {
				last = ex;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
			LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
		}
		close();
		throw new IllegalStateException(
				"JetStream of the " + this.nodes.size() + "-node cluster was not ready within " + READY_TIMEOUT, last);
	}

	/**
	 * Return the nodes, in the order of their names.
	 * @return the nodes
	 */
	public List<NatsTestServer> getNodes() {
		return this.nodes;
	}

	/**
	 * Return the node with the given server name, such as the leader a stream reports.
	 * @param name the server name, such as {@code node-2}
	 * @return the node, if there is one by that name
	 */
	public Optional<NatsTestServer> getNode(String name) {
		for (int i = 0; i < this.nodes.size(); i++) {
			if (nodeName(i + 1).equals(name)) {
				return Optional.of(this.nodes.get(i));
			}
		}
		return Optional.empty();
	}

	/**
	 * Return the client URLs of all nodes, comma-separated, as {@code nats.servers} takes
	 * them.
	 * @return the URLs
	 */
	public String getUrls() {
		return this.nodes.stream().map(NatsTestServer::getUrl).collect(Collectors.joining(","));
	}

	/**
	 * Connect a plain jnats client to any running node.
	 * @return a new connection; the caller closes it
	 */
	public Connection connect() {
		try {
			return Nats.connect(new Options.Builder().servers(getUrls().split(",")).build());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not connect to " + getUrls(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.nodes.forEach(NatsTestServer::close);
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not find a free port", ex);
		}
	}

}
