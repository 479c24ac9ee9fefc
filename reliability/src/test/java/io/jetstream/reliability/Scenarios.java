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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PublishAck;

/**
 * What the fault scenarios share: the application's properties and raw reads of the
 * server's state (never through the code under test).
 */
final class Scenarios {

	static final String STREAM = "ORDERS";

	static final String CONSUMER = "worker";

	private Scenarios() {
	}

	/**
	 * Properties of the application under test: stream {@code ORDERS} on
	 * {@code orders.>}, durable consumer {@code worker} on it, plus the given ones.
	 */
	static String[] properties(String servers, String... more) {
		List<String> properties = new ArrayList<>(
				List.of("nats.servers=" + servers, "nats.jetstream.streams." + STREAM + ".subjects=orders.>",
						"nats.jetstream.consumers." + CONSUMER + ".stream=" + STREAM,
						"nats.jetstream.listener.pull-expires=1s", "spring.main.banner-mode=off"));
		properties.addAll(Arrays.asList(more));
		return properties.toArray(String[]::new);
	}

	/**
	 * The properties with more appended.
	 */
	static String[] with(String[] properties, String... more) {
		List<String> all = new ArrayList<>(Arrays.asList(properties));
		all.addAll(Arrays.asList(more));
		return all.toArray(String[]::new);
	}

	static String[] properties(NatsTestServer server, String... more) {
		return properties(server.getUrl(), more);
	}

	static String id(int i) {
		return "order-" + i;
	}

	/**
	 * Publish the ids {@code 0..messages-1} to {@code orders.created} with raw jnats.
	 */
	static void publish(JetStream js, int messages) throws Exception {
		List<CompletableFuture<PublishAck>> window = new ArrayList<>();
		for (int i = 0; i < messages; i++) {
			window.add(js.publishAsync("orders.created", id(i).getBytes(StandardCharsets.UTF_8)));
			if (window.size() == 256) {
				CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
				window.clear();
			}
		}
		CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
	}

	/**
	 * Start the ledger application as a process of its own, appending processed ids to
	 * the file.
	 */
	static Process startProcess(NatsTestServer server, Path ledgerFile, Path log, String... more) throws IOException {
		List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
				"-Xmx256m", "-cp", System.getProperty("java.class.path"), LedgerApplication.class.getName(),
				"--ledger.file=" + ledgerFile));
		Stream.of(properties(server, more)).map((property) -> "--" + property).forEach(command::add);
		return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
	}

	/**
	 * How many ids processes appended to the file, repeats included.
	 */
	static int processedLines(Path ledgerFile) {
		if (!Files.exists(ledgerFile)) {
			return 0;
		}
		try (Stream<String> lines = Files.lines(ledgerFile)) {
			return (int) lines.count();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static ConsumerInfo consumer(Connection raw) throws IOException, JetStreamApiException {
		return raw.jetStreamManagement().getConsumerInfo(STREAM, CONSUMER);
	}

	static long messagesIn(Connection raw, String stream) throws IOException, JetStreamApiException {
		return raw.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
