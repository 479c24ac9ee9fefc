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
package io.jetstream.benchmarks;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

import io.jetstream.spring.config.MethodJetStreamListenerEndpoint;
import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.nats.client.api.DeliverPolicy;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Our side of the benchmarks: a Spring Boot application with the starter and actuator (so
 * metrics and observations are part of what is measured), whose listeners are created per
 * repetition through the same container factory that {@code @JetStreamListener} methods
 * go through.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class BenchmarkApplication {

	static ConfigurableApplicationContext start(String servers, String... properties) {
		List<String> args = new ArrayList<>(List.of("--nats.servers=" + servers, "--spring.main.banner-mode=off",
				"--logging.level.root=WARN", "--nats.jetstream.streams.BYTES.subjects=bytes.>",
				"--nats.jetstream.streams.JSON.subjects=json.>", "--nats.jetstream.streams.PUB.subjects=pub.>",
				"--nats.jetstream.streams.LAT.subjects=lat.>", "--nats.jetstream.streams.IDLE.subjects=idle.>",
				"--nats.jetstream.streams.GROW.subjects=grow.>"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
	}

	/**
	 * Create and start a listener on a new durable consumer, as a
	 * {@code @JetStreamListener} method with these attributes would be.
	 */
	static MessageListenerContainer listen(ConfigurableApplicationContext context, String stream, String consumer,
			Object bean, String methodName, int concurrency, Integer batchSize) {
		return listen(context, stream, consumer, bean, methodName, concurrency, batchSize, false);
	}

	/**
	 * Create and start a listener, a batch listener if asked.
	 */
	static MessageListenerContainer listen(ConfigurableApplicationContext context, String stream, String consumer,
			Object bean, String methodName, int concurrency, Integer batchSize, boolean batch) {
		Method method = findMethod(bean, methodName);
		MethodJetStreamListenerEndpoint endpoint = new MethodJetStreamListenerEndpoint(consumer, consumer, bean,
				method);
		endpoint.setStream(stream);
		endpoint.setConcurrency(concurrency);
		endpoint.setAutoStartup(true);
		endpoint.setAckMode(AckMode.AUTO);
		endpoint.setBatchSize(batchSize);
		endpoint.setDeliverPolicy(DeliverPolicy.All);
		endpoint.setBatchListener(batch);
		MessageListenerContainer container = context.getBean(JetStreamListenerContainerFactory.class)
			.createContainer(endpoint);
		container.start();
		return container;
	}

	private static Method findMethod(Object bean, String name) {
		for (Method method : bean.getClass().getMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException("No method " + name + " on " + bean.getClass());
	}

	/**
	 * Handlers of our side: count, or record latencies.
	 */
	public static class Handler {

		private static final java.util.concurrent.ScheduledExecutorService COMPLETER = java.util.concurrent.Executors
			.newSingleThreadScheduledExecutor((runnable) -> {
				Thread thread = new Thread(runnable, "completer");
				thread.setDaemon(true);
				return thread;
			});

		final AtomicInteger count = new AtomicInteger();

		final AtomicLongArray latencies;

		final java.util.concurrent.atomic.AtomicLong longestGap = new java.util.concurrent.atomic.AtomicLong();

		private volatile long last = System.nanoTime();

		public Handler(int capacity) {
			this.latencies = new AtomicLongArray(capacity);
		}

		public void onBytes(byte[] data) {
			this.count.incrementAndGet();
		}

		/**
		 * Count, and remember the longest time between two messages: a message left
		 * waiting for ack-wait shows as a gap before the last one.
		 * @param data the payload
		 */
		public void onBytesTimed(byte[] data) {
			long now = System.nanoTime();
			long gap = now - this.last;
			this.last = now;
			if (gap > this.longestGap.get()) {
				this.longestGap.set(gap);
			}
			this.count.incrementAndGet();
		}

		public void onOrder(Order order) {
			this.count.incrementAndGet();
		}

		/**
		 * The work takes 1 ms elsewhere: a future completed by another executor.
		 * @param data the payload
		 * @return the result, completing after 1 ms
		 */
		public java.util.concurrent.CompletableFuture<Void> onBytesLater(byte[] data) {
			java.util.concurrent.CompletableFuture<Void> result = new java.util.concurrent.CompletableFuture<>();
			// not CompletableFuture.delayedExecutor: with one core for the common pool it
			// runs each completion on a new thread
			COMPLETER.schedule(() -> {
				this.count.incrementAndGet();
				result.complete(null);
			}, 1, java.util.concurrent.TimeUnit.MILLISECONDS);
			return result;
		}

		/**
		 * The same work on the worker: 1 ms.
		 * @param data the payload
		 */
		public void onBytesWorking(byte[] data) {
			java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
			this.count.incrementAndGet();
		}

		public void onTimestamped(byte[] data) {
			Latency.record(data, this.latencies, this.count);
		}

	}

	/**
	 * Handlers of the batch insert scenario: one row per order, one statement per message
	 * or one batch statement per batch.
	 */
	public static class InsertHandler {

		static final String INSERT = "INSERT INTO bench_orders (id, customer, total, lines) VALUES (?, ?, ?, ?)";

		final AtomicInteger count = new AtomicInteger();

		private final org.springframework.jdbc.core.JdbcTemplate jdbc;

		public InsertHandler(org.springframework.jdbc.core.JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public void onOrderInsert(Order order) {
			this.jdbc.update(INSERT, order.id(), order.customer(), order.total(), order.lines().size());
			this.count.incrementAndGet();
		}

		public void onOrders(List<Order> orders) {
			this.jdbc.batchUpdate(INSERT, orders.stream()
				.map((order) -> new Object[] { order.id(), order.customer(), order.total(), order.lines().size() })
				.toList());
			this.count.addAndGet(orders.size());
		}

	}

	static void awaitCount(AtomicInteger count, int expected, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (count.get() < expected) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + count.get() + " of " + expected + " within " + timeout);
			}
			java.util.concurrent.locks.LockSupport.parkNanos(200_000);
		}
	}

}
