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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import io.jetstream.spring.core.JetStreamTemplate;
import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.MessageConsumer;
import io.nats.client.NUID;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PublishAck;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The benchmark harness: starts its own {@code nats-server} (file storage, loopback),
 * measures each scenario for our side and for raw jnats written the way its documentation
 * recommends, alternating the sides and repeating each, and writes the figures to a
 * Markdown file.
 * <p>
 * Arguments: {@code --quick} (a smoke run of every scenario in well under two minutes),
 * {@code --output=<file>}, {@code --rounds=<n>}, {@code --messages=<n>}.
 */
public final class Benchmarks {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	private final Options options;

	private final Connection raw;

	private final JetStream js;

	private final JetStreamManagement jsm;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final List<Result> results = new ArrayList<>();

	private final List<String> tuning = new ArrayList<>();

	private int consumers;

	private long redeliveriesOurs;

	private long redeliveriesRaw;

	private Benchmarks(Options options, Connection raw) throws IOException {
		this.options = options;
		this.raw = raw;
		this.js = raw.jetStream();
		this.jsm = raw.jetStreamManagement();
	}

	/**
	 * Run the benchmarks.
	 * @param args see the class description
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		Options options = Options.parse(args);
		long started = System.nanoTime();
		try (NatsTestServer server = NatsTestServer.start(); Connection raw = server.connect()) {
			Benchmarks benchmarks = new Benchmarks(options, raw);
			benchmarks.run(server);
			Duration took = Duration.ofNanos(System.nanoTime() - started);
			ResultsWriter.write(options, server.getVersion(), benchmarks.results, benchmarks.tuning, took);
			System.out.println(ResultsWriter.table(benchmarks.results));
			System.out.println("Written to " + options.output() + " in " + took.toSeconds() + " s");
		}
	}

	private void run(NatsTestServer server) throws Exception {
		try (ConfigurableApplicationContext ours = BenchmarkApplication.start(server.getUrl(),
				this.options.properties().toArray(String[]::new))) {
			fill("bytes.data", this.options.messages(), (i) -> new byte[1024]);
			fill("json.data", this.options.messages(), (i) -> this.jsonMapper.writeValueAsBytes(Order.sample(i)));
			warmUp(ours);
			consume(ours, 1, false);
			consume(ours, 4, false);
			consume(ours, 1, true);
			asyncResults(ours);
			if (selected("growing")) {
				growingSizes(ours);
			}
			batchInsert(ours);
			publishSync(ours);
			publishAsync(ours);
			if (selected("latency")) {
				latency(ours);
			}
			if (selected("memory")) {
				idleListenerMemory(ours);
			}
			if (!this.options.quick() && selected("tuning")) {
				batchSizes(ours);
			}
			if (selected("stress")) {
				stress(ours);
			}
		}
		if (!this.options.quick() && selected("tuning")) {
			try (ConfigurableApplicationContext ackSync = BenchmarkApplication.start(server.getUrl(),
					"nats.jetstream.listener.ack-sync=true")) {
				Result result = new Result("", Result.Kind.REPORT, "msgs/s", "", 0);
				for (int round = 0; round < this.options.rounds(); round++) {
					result.ours.add(oursConsume(ackSync, "BYTES", "onBytes", 1, null));
				}
				this.tuning.add("| ack-sync (`nats.jetstream.listener.ack-sync=true`), 1 worker | "
						+ result.spread(result.ours) + " |");
			}
		}
		if (selected("startup")) {
			startup(server);
		}
		this.results.removeIf((result) -> result.ours.isEmpty());
	}

	private boolean selected(String scenario) {
		// spaces ignored: spring-boot:run splits its arguments at spaces
		return scenario.replace(" ", "").contains(this.options.only().replace(" ", ""));
	}

	// consume + ack

	private void consume(ConfigurableApplicationContext ours, int workers, boolean json) throws Exception {
		String name = json ? "consume JSON → record → ack, 1 KiB, 1 worker"
				: "consume + ack, 1 KiB, " + workers + ((workers == 1) ? " worker" : " workers");
		Result result = new Result(name, Result.Kind.THROUGHPUT, "msgs/s", json ? "≥ 0.95×" : "≥ 0.9×",
				json ? 0.95 : 0.9);
		result.notes = json
				? "ours: listener with an `Order` record parameter (Boot's JsonMapper); raw: "
						+ "`consume()` + `JsonMapper.readValue` + `ack()`"
				: "ours: listener (auto ack, `byte[]` parameter"
						+ ((workers > 1) ? ", `concurrency = \"" + workers + "\"`" : "") + "); raw: " + workers
						+ " × `ConsumerContext.consume()` + `ack()` on one durable";
		String stream = json ? "JSON" : "BYTES";
		String method = json ? "onOrder" : "onBytes";
		measure(result, () -> oursConsume(ours, stream, method, workers, null),
				() -> rawConsume(stream, workers, json));
		this.results.add(result);
	}

	// asynchronous results

	private void asyncResults(ConfigurableApplicationContext ours) throws Exception {
		Result result = new Result("consume + ack, results completing after 1 ms elsewhere vs 1 ms of work",
				Result.Kind.THROUGHPUT, "msgs/s", "≥ 0.8×", 0.8);
		result.notes = "both sides ours; ours: 1 worker returning a `CompletableFuture` completed after 1 ms by "
				+ "another executor (one scheduler thread), up to `max-pending-results` (16) at once; "
				+ "the 'raw' column here: the same work done synchronously, 1 ms on each of 16 workers";
		measure(result, () -> oursConsume(ours, "BYTES", "onBytesLater", 1, null),
				() -> oursConsume(ours, "BYTES", "onBytesWorking", 16, null));
		this.results.add(result);
	}

	// growing message sizes

	private void growingSizes(ConfigurableApplicationContext ours) throws Exception {
		int small = this.options.quick() ? 100 : 1000;
		int large = this.options.quick() ? 50 : 500;
		this.jsm.purgeStream("GROW");
		fill("grow.data", small, (i) -> new byte[10 * 1024]);
		fill("grow.data", large, (i) -> new byte[900 * 1024]);
		Result result = new Result(
				"growing sizes, " + small + " × 10 KiB then " + large
						+ " × 900 KiB: messages dropped by the client or redelivered, per repetition",
				Result.Kind.WORST, "messages", "0", 0);
		Connection connection = ours.getBean(Connection.class);
		List<Double> rates = new ArrayList<>();
		for (int round = 0; round < this.options.rounds(); round++) {
			BenchmarkApplication.Handler handler = new BenchmarkApplication.Handler(0);
			String consumer = "grow-" + (++this.consumers);
			long droppedBefore = connection.getStatistics().getDroppedCount();
			long start = System.nanoTime();
			MessageListenerContainer container = BenchmarkApplication.listen(ours, "GROW", consumer, handler, "onBytes",
					1, null);
			BenchmarkApplication.awaitCount(handler.count, small + large, TIMEOUT);
			rates.add(rate(small + large, start));
			container.stop();
			long delivered = this.jsm.getConsumerInfo("GROW", consumer).getDelivered().getConsumerSequence();
			long dropped = connection.getStatistics().getDroppedCount() - droppedBefore;
			result.ours.add((double) (Math.max(0, delivered - small - large) + dropped));
			deleteConsumer("GROW", consumer);
		}
		result.notes = "a 1-worker listener (`byte[]`, defaults: `max-bytes-ahead` 64 MB) over the stream; the "
				+ "client's dropped count (connection statistics) plus deliveries beyond one per message, from the "
				+ "server; throughput " + new Result("", Result.Kind.REPORT, "", "", 0).spread(rates)
				+ " msgs/s (before issue 28, jnats' 64 MB inbox limit dropped 131 of 400 messages of 900 KB)";
		this.jsm.purgeStream("GROW");
		this.results.add(result);
	}

	// batch listener: insert into a database

	private void batchInsert(ConfigurableApplicationContext ours) throws Exception {
		String both = "both sides ours; ours: a batch listener (`batch = \"true\"`, `List<Order>`, batch size 500) "
				+ "inserting each batch with one JDBC batch statement (`JdbcTemplate.batchUpdate`); the 'raw' column "
				+ "here: the single-message listener (`Order` parameter) inserting one row per message "
				+ "(`JdbcTemplate.update`, auto-commit)";
		Result memory = new Result("consume JSON → insert, batch listener vs single, H2 in RAM", Result.Kind.THROUGHPUT,
				"msgs/s", "≥ 1×", 1.0);
		memory.notes = both + "; H2 in RAM, the sample's default database";
		insertScenario(ours, memory, ours.getBean(JdbcTemplate.class));
		Path directory = Files.createTempDirectory("bench-h2");
		SingleConnectionDataSource file = new SingleConnectionDataSource(
				"jdbc:h2:file:" + directory.resolve("orders") + ";DB_CLOSE_DELAY=-1", "sa", "", true);
		try {
			Result onDisk = new Result("consume JSON → insert, batch listener vs single, H2 on disk",
					Result.Kind.THROUGHPUT, "msgs/s", "≥ 1×", 1.0);
			onDisk.notes = both + "; H2 in a file, where each commit writes";
			insertScenario(ours, onDisk, new JdbcTemplate(file));
		}
		finally {
			file.destroy();
		}
	}

	private void insertScenario(ConfigurableApplicationContext ours, Result result, JdbcTemplate jdbc)
			throws Exception {
		jdbc.execute("CREATE TABLE IF NOT EXISTS bench_orders (id VARCHAR(64) PRIMARY KEY, customer VARCHAR(100), "
				+ "total DECIMAL(12, 2), lines INT)");
		measure(result, () -> insert(ours, jdbc, "onOrders", true), () -> insert(ours, jdbc, "onOrderInsert", false));
		this.results.add(result);
	}

	private double insert(ConfigurableApplicationContext ours, JdbcTemplate jdbc, String method, boolean batch) {
		jdbc.execute("TRUNCATE TABLE bench_orders");
		BenchmarkApplication.InsertHandler handler = new BenchmarkApplication.InsertHandler(jdbc);
		String consumer = "ours-" + (++this.consumers);
		long start = System.nanoTime();
		MessageListenerContainer container = BenchmarkApplication.listen(ours, "JSON", consumer, handler, method, 1,
				null, batch);
		BenchmarkApplication.awaitCount(handler.count, this.options.messages(), TIMEOUT);
		double rate = rate(this.options.messages(), start);
		container.stop();
		Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM bench_orders", Integer.class);
		if (rows == null || rows != this.options.messages()) {
			throw new IllegalStateException(rows + " rows inserted, " + this.options.messages() + " expected");
		}
		countRedeliveries("JSON", consumer, batch);
		deleteConsumer("JSON", consumer);
		return rate;
	}

	private double oursConsume(ConfigurableApplicationContext ours, String stream, String method, int workers,
			Integer batchSize) {
		BenchmarkApplication.Handler handler = new BenchmarkApplication.Handler(0);
		String consumer = "ours-" + (++this.consumers);
		long start = System.nanoTime();
		MessageListenerContainer container = BenchmarkApplication.listen(ours, stream, consumer, handler, method,
				workers, batchSize);
		BenchmarkApplication.awaitCount(handler.count, this.options.messages(), TIMEOUT);
		double rate = rate(this.options.messages(), start);
		container.stop();
		countRedeliveries(stream, consumer, true);
		deleteConsumer(stream, consumer);
		return rate;
	}

	private double rawConsume(String stream, int workers, boolean json) throws Exception {
		String consumer = "raw-" + (++this.consumers);
		AtomicInteger count = new AtomicInteger();
		AtomicReference<Throwable> failure = new AtomicReference<>();
		long start = System.nanoTime();
		this.jsm.addOrUpdateConsumer(stream,
				ConsumerConfiguration.builder()
					.durable(consumer)
					.ackPolicy(AckPolicy.Explicit)
					.deliverPolicy(DeliverPolicy.All)
					.build());
		ConsumerContext context = this.raw.getStreamContext(stream).getConsumerContext(consumer);
		List<MessageConsumer> running = new ArrayList<>();
		for (int i = 0; i < workers; i++) {
			running.add(context.consume((message) -> {
				try {
					if (json) {
						this.jsonMapper.readValue(message.getData(), Order.class);
					}
					message.ack();
					count.incrementAndGet();
				}
				catch (RuntimeException ex) {
					failure.set(ex);
				}
			}));
		}
		BenchmarkApplication.awaitCount(count, this.options.messages(), TIMEOUT);
		double rate = rate(this.options.messages(), start);
		for (MessageConsumer consumerOfWorker : running) {
			consumerOfWorker.close();
		}
		countRedeliveries(stream, consumer, false);
		deleteConsumer(stream, consumer);
		if (failure.get() != null) {
			throw new IllegalStateException(failure.get());
		}
		return rate;
	}

	// publish

	private void publishSync(ConfigurableApplicationContext ours) throws Exception {
		JetStreamTemplate template = ours.getBean(JetStreamTemplate.class);
		int messages = this.options.publishMessages();
		byte[] payload = new byte[1024];
		Result defaults = new Result("sync publish, 1 KiB", Result.Kind.THROUGHPUT, "msgs/s", "≥ 0.95×", 0.95);
		defaults.notes = "ours: `JetStreamTemplate.publish` with the defaults (retries on, so a generated "
				+ "`Nats-Msg-Id`); raw: `JetStream.publish`";
		Result noIds = new Result("sync publish, 1 KiB, generated ids off", Result.Kind.THROUGHPUT, "msgs/s", "≥ 0.95×",
				0.95);
		noIds.notes = "ours with `nats.jetstream.template.assign-message-ids=false`, as raw jnats publishes";
		DoubleSupplierWithException rawSide = () -> timed(messages, () -> {
			for (int i = 0; i < messages; i++) {
				this.js.publish("pub.sync", payload);
			}
		});
		measure(defaults, () -> {
			template.setAssignMessageIds(true);
			return timed(messages, () -> {
				for (int i = 0; i < messages; i++) {
					template.publish("pub.sync", payload);
				}
			});
		}, rawSide);
		measure(noIds, () -> {
			template.setAssignMessageIds(false);
			try {
				return timed(messages, () -> {
					for (int i = 0; i < messages; i++) {
						template.publish("pub.sync", payload);
					}
				});
			}
			finally {
				template.setAssignMessageIds(true);
			}
		}, rawSide);
		Result bothIds = new Result("sync publish, 1 KiB, message ids on both sides", Result.Kind.THROUGHPUT, "msgs/s",
				"≥ 0.95×", 0.95);
		bothIds.notes = "ours with the defaults; raw: `JetStream.publish` with a `Nats-Msg-Id` (NUID) per message, "
				+ "to tell the template's cost from the server's de-duplication";
		measure(bothIds, () -> {
			template.setAssignMessageIds(true);
			return timed(messages, () -> {
				for (int i = 0; i < messages; i++) {
					template.publish("pub.sync", payload);
				}
			});
		}, () -> timed(messages, () -> {
			for (int i = 0; i < messages; i++) {
				this.js.publish("pub.sync", payload, PublishOptions.builder().messageId(NUID.nextGlobal()).build());
			}
		}));
		this.results.add(defaults);
		this.results.add(noIds);
		this.results.add(bothIds);
	}

	private void publishAsync(ConfigurableApplicationContext ours) throws Exception {
		JetStreamTemplate template = ours.getBean(JetStreamTemplate.class);
		int messages = this.options.messages();
		byte[] payload = new byte[1024];
		Result defaults = new Result("async publish, 1 KiB, window 256", Result.Kind.THROUGHPUT, "msgs/s", "≥ 0.9×",
				0.9);
		defaults.notes = "ours: `publishAsync` (max-in-flight 256, the default; generated ids); raw: "
				+ "`JetStream.publishAsync` behind a 256-permit semaphore";
		Result noIds = new Result("async publish, window 256, generated ids off", Result.Kind.THROUGHPUT, "msgs/s",
				"≥ 0.9×", 0.9);
		noIds.notes = "ours with `nats.jetstream.template.assign-message-ids=false`";
		DoubleSupplierWithException rawSide = () -> timed(messages, () -> {
			Semaphore window = new Semaphore(256);
			for (int i = 0; i < messages; i++) {
				window.acquire();
				this.js.publishAsync("pub.async", payload).whenComplete((ack, ex) -> window.release());
			}
			window.acquire(256);
		});
		measure(defaults, () -> {
			template.setAssignMessageIds(true);
			return oursAsync(template, messages, payload);
		}, rawSide);
		measure(noIds, () -> {
			template.setAssignMessageIds(false);
			try {
				return oursAsync(template, messages, payload);
			}
			finally {
				template.setAssignMessageIds(true);
			}
		}, rawSide);
		Result bothIds = new Result("async publish, window 256, message ids on both sides", Result.Kind.THROUGHPUT,
				"msgs/s", "≥ 0.9×", 0.9);
		bothIds.notes = "ours with the defaults; raw: `JetStream.publishAsync` with a `Nats-Msg-Id` (NUID) per "
				+ "message behind a 256-permit semaphore";
		measure(bothIds, () -> {
			template.setAssignMessageIds(true);
			return oursAsync(template, messages, payload);
		}, () -> timed(messages, () -> {
			Semaphore window = new Semaphore(256);
			for (int i = 0; i < messages; i++) {
				window.acquire();
				this.js
					.publishAsync("pub.async", payload, PublishOptions.builder().messageId(NUID.nextGlobal()).build())
					.whenComplete((ack, ex) -> window.release());
			}
			window.acquire(256);
		}));
		this.results.add(defaults);
		this.results.add(noIds);
		this.results.add(bothIds);
	}

	private double oursAsync(JetStreamTemplate template, int messages, byte[] payload) throws Exception {
		return timed(messages, () -> {
			List<CompletableFuture<PublishAck>> futures = new ArrayList<>(messages);
			for (int i = 0; i < messages; i++) {
				futures.add(template.publishAsync("pub.async", payload));
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
		});
	}

	// latency

	private void latency(ConfigurableApplicationContext ours) throws Exception {
		JetStreamTemplate template = ours.getBean(JetStreamTemplate.class);
		int rate = 2000;
		int messages = (int) (rate * this.options.latencySeconds());
		Result p50 = new Result("end-to-end latency at 2,000 msg/s, p50", Result.Kind.LATENCY, "ms", "report",
				Double.MAX_VALUE);
		Result p99 = new Result("end-to-end latency at 2,000 msg/s, p99", Result.Kind.LATENCY, "ms", "overhead ≤ 1 ms",
				1.0);
		Result p999 = new Result("end-to-end latency at 2,000 msg/s, p99.9", Result.Kind.LATENCY, "ms", "report",
				Double.MAX_VALUE);
		p99.notes = "256-byte messages for " + this.options.latencySeconds() + " s; ours: `publishAsync` → listener "
				+ "(`byte[]`); raw: `publishAsync` → `consume()` + `ack()`; figure = ours − raw (ms)";
		for (int round = 0; round < this.options.rounds(); round++) {
			boolean oursFirst = round % 2 == 0;
			for (int side = 0; side < 2; side++) {
				boolean oursSide = (side == 0) == oursFirst;
				this.jsm.purgeStream("LAT");
				AtomicLongArray latencies = new AtomicLongArray(messages);
				AtomicInteger count = new AtomicInteger();
				String consumer = (oursSide ? "ours-" : "raw-") + (++this.consumers);
				MessageListenerContainer container = null;
				MessageConsumer rawConsumer = null;
				BenchmarkApplication.Handler handler = new BenchmarkApplication.Handler(messages);
				if (oursSide) {
					container = BenchmarkApplication.listen(ours, "LAT", consumer, handler, "onTimestamped", 1, null);
				}
				else {
					this.jsm.addOrUpdateConsumer("LAT",
							ConsumerConfiguration.builder().durable(consumer).ackPolicy(AckPolicy.Explicit).build());
					rawConsumer = this.raw.getStreamContext("LAT").getConsumerContext(consumer).consume((message) -> {
						Latency.record(message.getData(), latencies, count);
						message.ack();
					});
				}
				long start = System.nanoTime();
				for (int i = 0; i < messages; i++) {
					long due = start + i * (1_000_000_000L / rate);
					long wait;
					while ((wait = due - System.nanoTime()) > 0) {
						LockSupport.parkNanos(wait);
					}
					if (oursSide) {
						template.publishAsync("lat.data", Latency.payload(256));
					}
					else {
						this.js.publishAsync("lat.data", Latency.payload(256));
					}
				}
				AtomicInteger received = oursSide ? handler.count : count;
				AtomicLongArray recorded = oursSide ? handler.latencies : latencies;
				BenchmarkApplication.awaitCount(received, messages, TIMEOUT);
				(oursSide ? p50.ours : p50.raw).add(Latency.percentile(recorded, messages, 50));
				(oursSide ? p99.ours : p99.raw).add(Latency.percentile(recorded, messages, 99));
				(oursSide ? p999.ours : p999.raw).add(Latency.percentile(recorded, messages, 99.9));
				if (container != null) {
					container.stop();
				}
				if (rawConsumer != null) {
					rawConsumer.close();
				}
				deleteConsumer("LAT", consumer);
			}
		}
		this.results.add(p50);
		this.results.add(p99);
		this.results.add(p999);
	}

	// memory

	private void idleListenerMemory(ConfigurableApplicationContext ours) {
		int listeners = this.options.idleListeners();
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		Result heap = new Result("memory per idle listener (heap after GC)", Result.Kind.REPORT, "KiB", "< 1 MiB",
				1024);
		Result threads = new Result("threads per idle listener", Result.Kind.REPORT, "threads", "report",
				Double.MAX_VALUE);
		for (int round = 0; round < this.options.rounds(); round++) {
			long heapBefore = heapAfterGc(memory);
			int threadsBefore = Thread.activeCount();
			List<MessageListenerContainer> containers = new ArrayList<>();
			for (int i = 0; i < listeners; i++) {
				containers.add(BenchmarkApplication.listen(ours, "IDLE", "idle-" + (++this.consumers),
						new BenchmarkApplication.Handler(0), "onBytes", 1, null));
			}
			long heapAfter = heapAfterGc(memory);
			heap.ours.add((heapAfter - heapBefore) / 1024.0 / listeners);
			threads.ours.add((Thread.activeCount() - threadsBefore) / (double) listeners);
			JetStreamListenerRegistry.stopAll(containers);
			for (MessageListenerContainer container : containers) {
				deleteConsumer("IDLE", container.getConsumer());
			}
		}
		heap.notes = listeners + " listeners started on empty consumers (1 worker each), heap after GC before and "
				+ "after, divided by " + listeners;
		threads.notes = "one worker thread and one ticker (in progress, pull housekeeping) per listener (thread "
				+ "stacks are not heap)";
		this.results.add(heap);
		this.results.add(threads);
	}

	private static long heapAfterGc(MemoryMXBean memory) {
		for (int i = 0; i < 3; i++) {
			memory.gc();
		}
		return memory.getHeapMemoryUsage().getUsed();
	}

	// startup

	private void startup(NatsTestServer server) throws Exception {
		Result first = new Result("startup, 10 streams + 20 consumers + 20 listeners, topology created",
				Result.Kind.REPORT, "ms", "< 2 s", 2000);
		Result again = new Result("startup, 10 streams + 20 consumers + 20 listeners, topology unchanged",
				Result.Kind.REPORT, "ms", "< 2 s", 2000);
		for (int round = 0; round < Math.max(1, this.options.rounds()); round++) {
			for (String stream : this.jsm.getStreamNames()) {
				if (stream.startsWith("S")) {
					this.jsm.deleteStream(stream);
				}
			}
			first.ours.add(StartupApplication.measure(server.getUrl()));
			again.ours.add(StartupApplication.measure(server.getUrl()));
		}
		first.notes = "`SpringApplication.run` to return (connected, topology declared, listeners started), in a "
				+ "JVM that already ran the other scenarios";
		again.notes = "the same with streams and consumers already on the server";
		this.results.add(first);
		this.results.add(again);
	}

	// warm-up and stress

	/**
	 * Warm both sides and the server before the first figure: a fresh JVM and server run
	 * at about half speed for their first few hundred thousand messages.
	 */
	private void warmUp(ConfigurableApplicationContext ours) throws Exception {
		if (this.options.quick()) {
			return;
		}
		for (int round = 0; round < 3; round++) {
			oursConsume(ours, "BYTES", "onBytes", 1, null);
			rawConsume("BYTES", 1, false);
		}
		this.redeliveriesOurs = 0;
		this.redeliveriesRaw = 0;
	}

	/**
	 * The default listener again and again, each repetition on a new consumer over the
	 * whole stream: a message left waiting for ack-wait (30 s by default) shows as a long
	 * gap before the last message, and as a redelivery on the server.
	 */
	private void stress(ConfigurableApplicationContext ours) {
		int repetitions = this.options.stressRepetitions();
		Result rate = new Result("stress: default listener, " + repetitions + " × "
				+ String.format("%,d", this.options.messages()) + " messages, throughput", Result.Kind.REPORT, "msgs/s",
				"report", Double.MAX_VALUE);
		Result gaps = new Result("stress: longest time between two messages in any repetition", Result.Kind.WORST, "ms",
				"< 1000 ms", 1000);
		long redeliveriesBefore = this.redeliveriesOurs;
		double longest = 0;
		for (int round = 0; round < repetitions; round++) {
			BenchmarkApplication.Handler handler = new BenchmarkApplication.Handler(0);
			String consumer = "stress-" + (++this.consumers);
			long start = System.nanoTime();
			MessageListenerContainer container = BenchmarkApplication.listen(ours, "BYTES", consumer, handler,
					"onBytesTimed", 1, null);
			BenchmarkApplication.awaitCount(handler.count, this.options.messages(), TIMEOUT);
			rate.ours.add(rate(this.options.messages(), start));
			container.stop();
			countRedeliveries("BYTES", consumer, true);
			deleteConsumer("BYTES", consumer);
			double gap = handler.longestGap.get() / 1e6;
			gaps.ours.add(gap);
			longest = Math.max(longest, gap);
		}
		rate.notes = repetitions + " repetitions of a new 1-worker listener (`byte[]`, defaults) over the "
				+ String.format("%,d", this.options.messages()) + " messages of the stream";
		gaps.notes = "per repetition the longest pause between two handled messages (a message stuck until "
				+ "ack-wait would show as ≥ 30 s); longest of all: " + String.format("%.1f", longest)
				+ " ms; redeliveries in all repetitions: " + (this.redeliveriesOurs - redeliveriesBefore);
		System.out.println(rate.scenario + ": " + rate.spread(rate.ours));
		System.out.println(gaps.scenario + ": " + gaps.spread(gaps.ours) + "; " + gaps.notes);
		this.results.add(rate);
		this.results.add(gaps);
	}

	// tuning

	private void batchSizes(ConfigurableApplicationContext ours) {
		for (int batchSize : new int[] { 10, 100, 250, 500, 1000 }) {
			Result result = new Result("", Result.Kind.REPORT, "msgs/s", "", 0);
			for (int round = 0; round < this.options.rounds(); round++) {
				result.ours.add(oursConsume(ours, "BYTES", "onBytes", 1, batchSize));
			}
			this.tuning.add("| batch size " + batchSize + ", 1 worker | " + result.spread(result.ours) + " |");
		}
	}

	// helpers

	/**
	 * Repeat both sides, alternating which goes first, after one unrecorded warm-up each
	 * (not in quick mode).
	 */
	private void measure(Result result, DoubleSupplierWithException ours, DoubleSupplierWithException raw)
			throws Exception {
		if (!selected(result.scenario)) {
			return;
		}
		if (!this.options.quick()) {
			ours.get();
			raw.get();
		}
		long oursBefore = this.redeliveriesOurs;
		long rawBefore = this.redeliveriesRaw;
		for (int round = 0; round < this.options.rounds(); round++) {
			if (round % 2 == 0) {
				result.ours.add(ours.get());
				result.raw.add(raw.get());
			}
			else {
				result.raw.add(raw.get());
				result.ours.add(ours.get());
			}
			this.jsm.purgeStream("PUB");
		}
		if (result.scenario.startsWith("consume")) {
			result.notes += "; redeliveries in the recorded runs (deliveries beyond one per message, from the "
					+ "server): ours " + (this.redeliveriesOurs - oursBefore) + ", raw "
					+ (this.redeliveriesRaw - rawBefore);
		}
		System.out.println(result.scenario + ": ours " + result.spread(result.ours) + ", raw "
				+ result.spread(result.raw) + " → " + result.formatFigure());
	}

	private void fill(String subject, int messages, PayloadFactory payloads) throws Exception {
		Semaphore window = new Semaphore(256);
		for (int i = 0; i < messages; i++) {
			window.acquire();
			this.js.publishAsync(subject, payloads.payload(i)).whenComplete((ack, ex) -> window.release());
		}
		window.acquire(256);
	}

	/**
	 * Deliveries beyond one per message, read from the server: a message that waited for
	 * ack-wait was delivered twice.
	 */
	private void countRedeliveries(String stream, String consumer, boolean ours) {
		try {
			long delivered = this.jsm.getConsumerInfo(stream, consumer).getDelivered().getConsumerSequence();
			long extra = Math.max(0, delivered - this.options.messages());
			if (ours) {
				this.redeliveriesOurs += extra;
			}
			else {
				this.redeliveriesRaw += extra;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read consumer " + consumer, ex);
		}
	}

	private void deleteConsumer(String stream, String consumer) {
		try {
			this.jsm.deleteConsumer(stream, consumer);
		}
		catch (Exception ex) {
			// a left-over consumer does not change later figures
		}
	}

	private static double timed(int messages, ThrowingRunnable body) throws Exception {
		long start = System.nanoTime();
		body.run();
		return rate(messages, start);
	}

	private static double rate(int messages, long startNanos) {
		return messages / ((System.nanoTime() - startNanos) / 1e9);
	}

	@FunctionalInterface
	interface DoubleSupplierWithException {

		double get() throws Exception;

	}

	@FunctionalInterface
	interface ThrowingRunnable {

		void run() throws Exception;

	}

	@FunctionalInterface
	interface PayloadFactory {

		byte[] payload(int i) throws Exception;

	}

	/**
	 * What to run.
	 *
	 * @param quick a smoke run
	 * @param output where the results go
	 * @param rounds repetitions per side
	 * @param messages messages per consume and async publish repetition
	 * @param only run only the scenarios whose name contains this, spaces ignored (for
	 * profiling)
	 * @param properties application properties for our side, {@code name=value}
	 */
	record Options(boolean quick, Path output, int rounds, int messages, String only, List<String> properties) {

		static Options parse(String[] args) {
			boolean quick = false;
			Path output = Path.of(System.getProperty("benchmarks.output", "RESULTS.md"));
			Integer rounds = null;
			Integer messages = null;
			String only = "";
			List<String> properties = new ArrayList<>();
			for (String arg : args) {
				if (arg.equals("--quick")) {
					quick = true;
				}
				else if (arg.startsWith("--output=")) {
					output = Path.of(arg.substring("--output=".length()));
				}
				else if (arg.startsWith("--rounds=")) {
					rounds = Integer.valueOf(arg.substring("--rounds=".length()));
				}
				else if (arg.startsWith("--messages=")) {
					messages = Integer.valueOf(arg.substring("--messages=".length()));
				}
				else if (arg.startsWith("--only=")) {
					only = arg.substring("--only=".length());
				}
				else if (arg.startsWith("--property=")) {
					properties.add(arg.substring("--property=".length()));
				}
				else {
					throw new IllegalArgumentException(
							"Unknown argument " + arg + "; use --quick, --output=<file>, --rounds=<n>, --messages=<n>, "
									+ "--only=<scenario>, --property=<name>=<value>");
				}
			}
			return new Options(quick, output, (rounds != null) ? rounds : quick ? 1 : 5,
					(messages != null) ? messages : quick ? 2000 : 100_000, only, properties);
		}

		int publishMessages() {
			return this.quick ? 1000 : this.messages;
		}

		int stressRepetitions() {
			return this.quick ? 2 : 50;
		}

		int latencySeconds() {
			return this.quick ? 1 : 10;
		}

		int idleListeners() {
			return this.quick ? 20 : 100;
		}

		String mode() {
			return this.quick ? "quick (smoke run; figures are not meaningful)" : "full";
		}

	}

}
