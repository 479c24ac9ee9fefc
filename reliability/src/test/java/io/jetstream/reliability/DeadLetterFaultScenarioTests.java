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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.jetstream.spring.test.NatsTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import io.jetstream.spring.config.JetStreamListenerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault 6: the dead-letter stream is missing or full. The original must not be terminated
 * before its dead letter is stored: it is delivered again (or, at its last delivery, kept
 * in progress) until the dead-letter stream takes it.
 */
class DeadLetterFaultScenarioTests {

	private static final Duration UNAVAILABLE = Duration.ofSeconds(4);

	@Test
	void deadLetterStreamMissingKeepsTheOriginalUntilTheStreamIsBack() throws Exception {
		try (NatsTestServer server = NatsTestServer.start();
				Connection raw = server.connect();
				ConfigurableApplicationContext app = LedgerApplication.start(new Ledger(), properties(server))) {
			JetStreamManagement jsm = raw.jetStreamManagement();
			StreamConfiguration dlq = jsm.getStreamInfo("DLQ").getConfiguration();
			jsm.deleteStream("DLQ");
			long start = System.nanoTime();
			raw.jetStream().publish("orders.created", "poison-1".getBytes(StandardCharsets.UTF_8));
			raw.jetStream().publish("orders.created", "failing-2".getBytes(StandardCharsets.UTF_8));
			assertOriginalsKeptWhileDeadLetterStreamUnavailable(raw, 2);
			assertBlockedWorkerReported(app);
			jsm.addStream(dlq);
			Duration recovered = awaitDeadLettersStored(raw, start, 2);
			assertThat(blockedGauge(app)).as("no worker blocked once stored").isZero();
			assertThat(app.getBean(JetStreamListenerRegistry.class).getListener("ledger").getBlockedWorkers())
				.isEmpty();
			ReliabilityReport.row("dead-letter stream missing", 2, 0, 0, recovered,
					"a non-retryable and a max-deliver (2) failure; originals kept (nak with delay, then in "
							+ "progress at the last delivery) for " + UNAVAILABLE.toSeconds()
							+ " s; recovery = stream re-created to both dead letters stored");
		}
	}

	@Test
	void deadLetterStreamFullKeepsTheOriginalUntilThereIsRoom() throws Exception {
		try (NatsTestServer server = NatsTestServer.start();
				Connection raw = server.connect();
				ConfigurableApplicationContext app = LedgerApplication.start(new Ledger(),
						properties(server, "nats.jetstream.streams.DLQ.subjects=dlq.>",
								"nats.jetstream.streams.DLQ.max-msgs=1", "nats.jetstream.streams.DLQ.discard=new"))) {
			JetStreamManagement jsm = raw.jetStreamManagement();
			raw.jetStream().publish("dlq.filler", "filler".getBytes(StandardCharsets.UTF_8));
			long start = System.nanoTime();
			raw.jetStream().publish("orders.created", "poison-1".getBytes(StandardCharsets.UTF_8));
			raw.jetStream().publish("orders.created", "failing-2".getBytes(StandardCharsets.UTF_8));
			assertOriginalsKeptWhileDeadLetterStreamUnavailable(raw, 2);
			StreamConfiguration dlq = jsm.getStreamInfo("DLQ").getConfiguration();
			jsm.updateStream(StreamConfiguration.builder(dlq).maxMessages(100).build());
			Duration recovered = awaitDeadLettersStored(raw, start, 3);
			assertThat(jsm.getStreamInfo("DLQ").getConfiguration().getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
			ReliabilityReport.row("dead-letter stream full (max-msgs, discard new)", 2, 0, 0, recovered,
					"as above; recovery = limit raised to both dead letters stored");
		}
	}

	private static String[] properties(NatsTestServer server, String... more) {
		String[] base = Scenarios.properties(server, "nats.jetstream.consumers.worker.max-deliver=2",
				"nats.jetstream.consumers.worker.ack-wait=2s", "nats.jetstream.listener.backoff.initial=200ms",
				"nats.jetstream.listener.backoff.max=500ms");
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return all;
	}

	/**
	 * Longer than ack-wait (2 s) and several retry delays: a terminated original, or one
	 * the server gave up on, would show here as nothing pending.
	 */
	private static void assertOriginalsKeptWhileDeadLetterStreamUnavailable(Connection raw, int originals)
			throws Exception {
		await().during(UNAVAILABLE).atMost(UNAVAILABLE.plusSeconds(5)).untilAsserted(() -> {
			var consumer = Scenarios.consumer(raw);
			assertThat(consumer.getNumAckPending() + consumer.getNumPending()).as("originals still with the consumer")
				.isEqualTo(originals);
		});
		assertThat(deliveries(raw)).as("the originals were retried, not parked").isGreaterThan(originals);
	}

	/**
	 * The worker holding the message of its last delivery handles nothing else: health
	 * must say so (DOWN, with what it holds), and so must the gauge.
	 */
	@SuppressWarnings("unchecked")
	private static void assertBlockedWorkerReported(ConfigurableApplicationContext app) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(blockedGauge(app)).isEqualTo(1);
			Health health = (Health) app.getBean("natsHealthIndicator", HealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			Map<String, Object> listener = (Map<String, Object>) ((Map<String, Object>) health.getDetails()
				.get("listeners")).get("ledger");
			assertThat(listener).containsEntry("stalled", true).containsEntry("stream", "ORDERS");
			assertThat((List<String>) listener.get("blocked")).singleElement()
				.asString()
				.contains("message ORDERS#", "dlq.ORDERS.worker", "could not be stored");
		});
	}

	private static double blockedGauge(ConfigurableApplicationContext app) {
		return app.getBean(MeterRegistry.class)
			.get("jetstream.listener.blocked.workers")
			.tags("stream", "ORDERS", "consumer", "worker")
			.gauge()
			.value();
	}

	private static long deliveries(Connection raw) throws Exception {
		return Scenarios.consumer(raw).getDelivered().getConsumerSequence();
	}

	private static Duration awaitDeadLettersStored(Connection raw, long start, int expected) throws Exception {
		long available = System.nanoTime();
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			assertThat(Scenarios.messagesIn(raw, "DLQ")).isEqualTo(expected);
			var consumer = Scenarios.consumer(raw);
			assertThat(consumer.getNumAckPending() + consumer.getNumPending()).isZero();
		});
		Duration recovered = Scenarios.since(available);
		JetStreamManagement jsm = raw.jetStreamManagement();
		MessageInfo poison = jsm.getLastMessage("DLQ", "dlq.ORDERS.worker");
		assertThat(expected).isGreaterThanOrEqualTo(2);
		assertThat(reasons(jsm, expected)).containsExactlyInAnyOrder("non_retryable", "max_deliveries_exceeded");
		assertThat(poison.getHeaders().getFirst("X-DLQ-Original-Stream")).isEqualTo("ORDERS");
		assertThat(Scenarios.messagesIn(raw, Scenarios.STREAM)).as("originals stay in their stream").isEqualTo(2);
		return recovered;
	}

	private static java.util.List<String> reasons(JetStreamManagement jsm, int expected) throws Exception {
		java.util.List<String> reasons = new java.util.ArrayList<>();
		long last = jsm.getStreamInfo("DLQ").getStreamState().getLastSequence();
		for (long sequence = last - 1; sequence <= last; sequence++) {
			reasons.add(jsm.getMessage("DLQ", sequence).getHeaders().getFirst("X-DLQ-Reason"));
		}
		return reasons;
	}

}
