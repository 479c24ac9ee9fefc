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
package io.jetstream.spring.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.retry.RetryPolicy;

/**
 * Not a test: a side-by-side measurement of publish throughput, the template against raw
 * jnats, alternating in one run (until the benchmarks module exists). Run with
 * {@code ./mvnw -pl jetstream-spring-boot-autoconfigure test -Dtest=PublishThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 * Nothing is asserted: the numbers depend on the machine.
 */
class PublishThroughputMeasurement {

	private static final int MESSAGES = 20_000;

	private static final int ROUNDS = 3;

	private static final byte[] PAYLOAD = new byte[1024];

	@Test
	void measure() throws Exception {
		try (NatsTestServer server = NatsTestServer.start(); Connection connection = Nats.connect(server.getUrl())) {
			connection.jetStreamManagement()
				.addStream(StreamConfiguration.builder()
					.name("BENCH")
					.subjects("bench.>")
					.storageType(StorageType.File)
					.build());
			JetStream jetStream = connection.jetStream();
			JetStreamTemplate template = new JetStreamTemplate(jetStream, connection.jetStreamManagement(),
					new DefaultJetStreamMessageConverter(new JsonMapper()));
			template.setRetryPolicy(RetryPolicy.withMaxRetries(3));
			template.setMaxInFlight(256);
			template.setAssignMessageIds(Boolean.parseBoolean(System.getProperty("ids", "true")));
			Runnable purge = () -> {
				try {
					connection.jetStreamManagement().purgeStream("BENCH");
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			};
			String[] names = { "raw sync", "template sync", "raw async", "template async" };
			List<ThrowingRunnable> runs = List.of(() -> {
				for (int i = 0; i < MESSAGES; i++) {
					jetStream.publish("bench.raw", PAYLOAD);
				}
			}, () -> {
				for (int i = 0; i < MESSAGES; i++) {
					template.publish("bench.template", PAYLOAD);
				}
			}, () -> {
				Semaphore window = new Semaphore(256);
				List<CompletableFuture<PublishAck>> futures = new ArrayList<>(MESSAGES);
				for (int i = 0; i < MESSAGES; i++) {
					window.acquire();
					CompletableFuture<PublishAck> future = jetStream.publishAsync("bench.raw", PAYLOAD);
					future.whenComplete((ack, ex) -> window.release());
					futures.add(future);
				}
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
			}, () -> {
				List<CompletableFuture<PublishAck>> futures = new ArrayList<>(MESSAGES);
				for (int i = 0; i < MESSAGES; i++) {
					futures.add(template.publishAsync("bench.template", PAYLOAD));
				}
				CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
			});
			double[][] rates = new double[runs.size()][ROUNDS];
			for (int round = -1; round < ROUNDS; round++) {
				for (int r = 0; r < runs.size(); r++) {
					purge.run();
					long start = System.nanoTime();
					runs.get(r).run();
					double seconds = (System.nanoTime() - start) / 1e9;
					if (round >= 0) {
						rates[r][round] = MESSAGES / seconds;
					}
				}
			}
			StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
					"%nPublish throughput, %d x 1 KiB, file storage, %d rounds after a warm-up (msgs/s min / median / max)%n",
					MESSAGES, ROUNDS));
			for (int r = 0; r < runs.size(); r++) {
				double[] sorted = rates[r].clone();
				Arrays.sort(sorted);
				report.append(String.format(Locale.ROOT, "  %-15s %8.0f / %8.0f / %8.0f%n", names[r], sorted[0],
						sorted[ROUNDS / 2], sorted[ROUNDS - 1]));
			}
			report.append(String.format(Locale.ROOT, "  ratio of medians: sync %.2f, async %.2f%n",
					median(rates[1]) / median(rates[0]), median(rates[3]) / median(rates[2])));
			System.out.println(report);
			template.destroy();
		}
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

}
