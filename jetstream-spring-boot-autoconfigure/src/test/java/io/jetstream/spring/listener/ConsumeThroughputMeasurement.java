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

package io.jetstream.spring.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.jetstream.spring.boot.autoconfigure.JetStreamListenerAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTemplateAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTopologyAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.ConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.IterableConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.jetstream.spring.annotation.JetStreamListener;

/**
 * Not a test: consume-and-ack throughput of a {@code @JetStreamListener} (auto ack)
 * against raw jnats iterate + ack, 1 and 4 workers, alternating in one run (until the
 * benchmarks module exists). Run with
 * {@code ./mvnw -pl jetstream-spring-boot-autoconfigure test -Dtest=ConsumeThroughputMeasurement -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class ConsumeThroughputMeasurement {

	private static final int MESSAGES = 20_000;

	private static final int ROUNDS = 3;

	private static final byte[] PAYLOAD = new byte[1024];

	@Test
	void measure() throws Exception {
		try (NatsTestServer server = NatsTestServer.start(); Connection connection = server.connect()) {
			JetStreamManagement jsm = connection.jetStreamManagement();
			jsm.addStream(StreamConfiguration.builder()
				.name("BENCH")
				.subjects("bench.>")
				.storageType(StorageType.File)
				.build());
			JetStream jetStream = connection.jetStream();
			String[] names = { "raw 1 worker", "listener 1 worker", "raw 4 workers", "listener 4 workers" };
			double[][] rates = new double[4][ROUNDS];
			for (int round = -1; round < ROUNDS; round++) {
				for (int r = 0; r < 4; r++) {
					int workers = (r < 2) ? 1 : 4;
					String consumer = "c" + r;
					prepare(jsm, jetStream, consumer);
					long nanos = (r % 2 == 0) ? raw(jetStream, consumer, workers) : listener(server, consumer, workers);
					if (round >= 0) {
						rates[r][round] = MESSAGES / (nanos / 1e9);
					}
				}
			}
			StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
					"%nConsume + ack throughput, %d x 1 KiB, file storage, %d rounds after a warm-up (msgs/s min / median / max)%n",
					MESSAGES, ROUNDS));
			for (int r = 0; r < 4; r++) {
				double[] sorted = rates[r].clone();
				Arrays.sort(sorted);
				report.append(String.format(Locale.ROOT, "  %-19s %8.0f / %8.0f / %8.0f%n", names[r], sorted[0],
						sorted[ROUNDS / 2], sorted[ROUNDS - 1]));
			}
			report.append(String.format(Locale.ROOT, "  ratio of medians: 1 worker %.2f, 4 workers %.2f%n",
					median(rates[1]) / median(rates[0]), median(rates[3]) / median(rates[2])));
			System.out.println(report);
		}
	}

	private static void prepare(JetStreamManagement jsm, JetStream jetStream, String consumer) throws Exception {
		jsm.purgeStream("BENCH");
		if (jsm.getConsumerNames("BENCH").contains(consumer)) {
			jsm.deleteConsumer("BENCH", consumer);
		}
		jsm.addOrUpdateConsumer("BENCH",
				ConsumerConfiguration.builder()
					.durable(consumer)
					.ackPolicy(AckPolicy.Explicit)
					.maxAckPending(10_000)
					.build());
		List<java.util.concurrent.CompletableFuture<?>> futures = new ArrayList<>();
		for (int i = 0; i < MESSAGES; i++) {
			futures.add(jetStream.publishAsync("bench.m", PAYLOAD));
			if (futures.size() == 1000) {
				futures.forEach(java.util.concurrent.CompletableFuture::join);
				futures.clear();
			}
		}
		futures.forEach(java.util.concurrent.CompletableFuture::join);
	}

	private static long raw(JetStream jetStream, String consumer, int workers) throws Exception {
		AtomicInteger count = new AtomicInteger();
		CountDownLatch done = new CountDownLatch(1);
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (int w = 0; w < workers; w++) {
			Thread thread = new Thread(() -> {
				try (IterableConsumer iterator = jetStream.getConsumerContext("BENCH", consumer)
					.iterate(ConsumeOptions.builder().batchSize(100).build())) {
					while (done.getCount() > 0) {
						Message message = iterator.nextMessage(Duration.ofMillis(100));
						if (message != null) {
							message.ack();
							if (count.incrementAndGet() == MESSAGES) {
								done.countDown();
							}
						}
					}
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			});
			threads.add(thread);
			thread.start();
		}
		done.await(120, TimeUnit.SECONDS);
		long elapsed = System.nanoTime() - start;
		for (Thread thread : threads) {
			thread.join();
		}
		return elapsed;
	}

	private static long listener(NatsTestServer server, String consumer, int workers) {
		long[] elapsed = new long[1];
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, NatsAutoConfiguration.class,
					JetStreamTopologyAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class,
					JetStreamListenerAutoConfiguration.class))
			.withPropertyValues("nats.servers=" + server.getUrl(), "bench.consumer=" + consumer,
					"bench.workers=" + workers, "nats.jetstream.listener.auto-startup=false",
					"nats.jetstream.listener.pull-expires=1s")
			.withUserConfiguration(Listener.class)
			.run((context) -> {
				MessageListenerContainer container = context.getBean(JetStreamListenerRegistry.class)
					.getListener(consumer);
				Listener.Handler handler = context.getBean(Listener.Handler.class);
				long start = System.nanoTime();
				container.start();
				handler.done.await(120, TimeUnit.SECONDS);
				elapsed[0] = System.nanoTime() - start;
			});
		return elapsed[0];
	}

	private static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		return sorted[sorted.length / 2];
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		@Bean
		Handler handler() {
			return new Handler();
		}

		static class Handler {

			final CountDownLatch done = new CountDownLatch(MESSAGES);

			@JetStreamListener(stream = "BENCH", consumer = "${bench.consumer}", concurrency = "${bench.workers}")
			void on(byte[] payload) {
				this.done.countDown();
			}

		}

	}

}
