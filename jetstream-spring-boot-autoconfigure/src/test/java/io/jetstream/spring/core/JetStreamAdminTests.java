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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.jetstream.spring.AbstractJetStreamTests;
import io.jetstream.spring.boot.autoconfigure.JetStreamTemplateAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTopologyAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;
import io.jetstream.spring.core.JetStreamAdmin.ReplayStart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link JetStreamAdmin} against a real server.
 */
class JetStreamAdminTests extends AbstractJetStreamTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, NatsAutoConfiguration.class,
				JetStreamTopologyAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl());

	@Test
	void getBySequenceAndLastBySubjectConvertThePayloadWithHeadersOnBothReadPaths() throws Exception {
		for (boolean direct : new boolean[] { true, false }) {
			String stream = direct ? "DIRECT" : "API";
			this.jsm.addStream(StreamConfiguration.builder()
				.name(stream)
				.subjects(stream.toLowerCase(Locale.ROOT) + ".>")
				.allowDirect(direct)
				.build());
			this.contextRunner.run((context) -> {
				JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
				JetStreamAdmin admin = context.getBean(JetStreamAdmin.class);
				String prefix = stream.toLowerCase(Locale.ROOT);
				long sequence = template.newMessage(new Order("o-1", 2))
					.subject(prefix + ".orders")
					.header("X-Tenant", "acme")
					.send()
					.getSeqno();
				template.publish(prefix + ".orders", new Order("o-2", 5));
				StoredMessage<Order> first = admin.getMessage(stream, sequence, Order.class);
				assertThat(first.payload()).isEqualTo(new Order("o-1", 2));
				assertThat(first.header("X-Tenant")).isEqualTo("acme");
				assertThat(first.subject()).isEqualTo(prefix + ".orders");
				assertThat(first.sequence()).isEqualTo(sequence);
				assertThat(admin.getLastMessage(stream, prefix + ".orders", Order.class).payload())
					.isEqualTo(new Order("o-2", 5));
				assertThat(admin.getMessage(stream, sequence, String.class).payload()).contains("\"o-1\"");
				assertThatExceptionOfType(JetStreamReadException.class)
					.isThrownBy(() -> admin.getMessage(stream, 99, Order.class))
					.satisfies(
							(ex) -> assertThat(ex.getKind()).isEqualTo(JetStreamReadException.Kind.MESSAGE_NOT_FOUND))
					.withMessageContaining("message 99 of stream " + stream);
			});
		}
	}

	@Test
	void unknownStreamsAndUnconvertiblePayloadsGiveClearExceptions() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("S").subjects("s.>").build());
		this.raw.jetStream().publish("s.x", "not json".getBytes(StandardCharsets.UTF_8));
		this.contextRunner.run((context) -> {
			JetStreamAdmin admin = context.getBean(JetStreamAdmin.class);
			assertThatExceptionOfType(JetStreamReadException.class)
				.isThrownBy(() -> admin.getMessage("NOPE", 1, String.class))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(JetStreamReadException.Kind.STREAM_NOT_FOUND))
				.withMessageContaining("stream NOPE");
			assertThatExceptionOfType(JetStreamReadException.class)
				.isThrownBy(() -> admin.getMessage("S", 1, Order.class))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(JetStreamReadException.Kind.CONVERSION_FAILED))
				.withMessageContaining("message 1 of stream S");
		});
	}

	@Test
	void purgeBySubjectKeepsTheOtherSubjects() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("S").subjects("s.>").build());
		for (int i = 0; i < 3; i++) {
			this.raw.jetStream().publish("s.a", new byte[1]);
			this.raw.jetStream().publish("s.b", new byte[1]);
		}
		this.contextRunner.run((context) -> {
			JetStreamAdmin admin = context.getBean(JetStreamAdmin.class);
			assertThat(admin.purgeSubject("S", "s.a")).isEqualTo(3);
			assertThat(streamCount("S")).isEqualTo(3);
			assertThat(admin.purgeKeep("S", 1)).isEqualTo(2);
			assertThat(admin.getStreamNames()).containsExactly("S");
		});
	}

	@Test
	void replayFromATimeReturnsExactlyTheMessagesAfterItInOrder() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("S").subjects("s.>").build());
		for (int i = 0; i < 5; i++) {
			this.raw.jetStream().publish("s.x", ("before " + i).getBytes(StandardCharsets.UTF_8));
		}
		Instant cut = this.jsm.getMessage("S", 5).getTime().toInstant().plusNanos(1000);
		await().atMost(Duration.ofSeconds(2)).until(() -> Instant.now().isAfter(cut.plusMillis(5)));
		for (int i = 0; i < 5; i++) {
			this.raw.jetStream().publish("s.x", ("after " + i).getBytes(StandardCharsets.UTF_8));
		}
		this.contextRunner.run((context) -> {
			List<String> seen = new ArrayList<>();
			long count = context.getBean(JetStreamAdmin.class)
				.replay("S", ReplayStart.time(cut), String.class, (message) -> seen.add(message.payload()));
			assertThat(count).isEqualTo(5);
			assertThat(seen).containsExactly("after 0", "after 1", "after 2", "after 3", "after 4");
		});
	}

	@Test
	void followingFromASequenceSeesOldAndNewMessagesOnceInOrder() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("S").subjects("s.>").build());
		for (int i = 1; i <= 10; i++) {
			this.raw.jetStream().publish("s.x", String.valueOf(i).getBytes(StandardCharsets.UTF_8));
		}
		this.contextRunner.run((context) -> {
			List<Long> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
			try (AutoCloseable replay = context.getBean(JetStreamAdmin.class)
				.follow("S", ReplayStart.sequence(4), String.class, (message) -> seen.add(message.sequence()))) {
				for (int i = 11; i <= 30; i++) {
					publish("s.x", String.valueOf(i));
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 27);
			}
			assertThat(seen).isSorted().doesNotHaveDuplicates().startsWith(4L).endsWith(30L);
		});
	}

	@Test
	void replayOfTenThousandMessagesReportsItsThroughput() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("BIG").subjects("big.>").build());
		List<CompletableFuture<?>> acks = new ArrayList<>();
		byte[] payload = new byte[1024];
		for (int i = 0; i < 10_000; i++) {
			acks.add(this.raw.jetStream().publishAsync("big.x", new Headers(), payload));
		}
		CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
		this.contextRunner.run((context) -> {
			long start = System.nanoTime();
			long count = context.getBean(JetStreamAdmin.class)
				.replay("BIG", ReplayStart.beginning(), byte[].class, (message) -> {
				});
			double seconds = (System.nanoTime() - start) / 1e9;
			assertThat(count).isEqualTo(10_000);
			System.out.printf(Locale.ROOT, "Replayed %d messages of 1 KiB in %.2f s (%.0f msgs/s)%n", count, seconds,
					count / seconds);
		});
	}

	record Order(String id, int quantity) {
	}

}
