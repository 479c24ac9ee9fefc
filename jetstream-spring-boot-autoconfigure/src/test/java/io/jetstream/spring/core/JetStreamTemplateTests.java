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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import io.jetstream.spring.AbstractJetStreamTests;
import io.jetstream.spring.boot.autoconfigure.JetStreamTemplateAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTopologyAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.PublishAck;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

/**
 * {@link JetStreamTemplate} against a real server; what was stored is read back with raw
 * jnats.
 */
class JetStreamTemplateTests extends AbstractJetStreamTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, NatsAutoConfiguration.class,
				JetStreamTopologyAutoConfiguration.class, JetStreamTemplateAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl(), "nats.jetstream.streams.ORDERS.subjects=orders.>",
				"nats.jetstream.streams.ORDERS.max-msg-size=64KB");

	@Test
	void objectIsStoredAsJsonWithContentType() {
		this.contextRunner.run((context) -> {
			PublishAck ack = context.getBean(JetStreamTemplate.class)
				.publish("orders.created", new Order("o-1", "book", 2));
			assertThat(ack.getStream()).isEqualTo("ORDERS");
			MessageInfo stored = this.jsm.getMessage("ORDERS", ack.getSeqno());
			assertThat(new String(stored.getData(), StandardCharsets.UTF_8))
				.isEqualTo("{\"id\":\"o-1\",\"product\":\"book\",\"quantity\":2}");
			assertThat(stored.getHeaders().getFirst("Content-Type")).isEqualTo("application/json");
		});
	}

	@Test
	void stringIsStoredAsUtf8AndBytesAsTheyAre() {
		this.contextRunner.run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			MessageInfo text = this.jsm.getMessage("ORDERS", template.publish("orders.note", "Grüße").getSeqno());
			assertThat(new String(text.getData(), StandardCharsets.UTF_8)).isEqualTo("Grüße");
			assertThat(text.getHeaders().getFirst("Content-Type")).isEqualTo("text/plain;charset=UTF-8");
			byte[] bytes = { 0, 1, 2, (byte) 255 };
			MessageInfo binary = this.jsm.getMessage("ORDERS", template.publish("orders.raw", bytes).getSeqno());
			assertThat(binary.getData()).containsExactly(bytes);
			assertThat((binary.getHeaders() != null) ? binary.getHeaders().getFirst("Content-Type") : null)
				.as("bytes are opaque: no header, as a raw publish")
				.isNull();
		});
	}

	@Test
	void aMessageWithATimeToLiveIsRemovedByTheServerOnceItRunsOut() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.11.0"), "per-message TTL needs nats-server 2.11");
		this.contextRunner.withPropertyValues("nats.jetstream.streams.ORDERS.allow-msg-ttl=true").run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			PublishAck shortLived = template.newMessage("gone soon")
				.subject("orders.ttl")
				.ttl(Duration.ofSeconds(1))
				.send();
			template.publish("orders.kept", "stays");
			assertThat(this.jsm.getMessage("ORDERS", shortLived.getSeqno()).getHeaders().getFirst("Nats-TTL"))
				.isNotBlank();
			await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(streamCount("ORDERS")).isOne());
			assertThat(new String(this.jsm.getLastMessage("ORDERS", "orders.kept").getData(), StandardCharsets.UTF_8))
				.isEqualTo("stays");
		});
	}

	@Test
	void aTimeToLiveIsRefusedClearlyByAStreamThatDoesNotAllowItOrAnOlderServer() {
		this.contextRunner.run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			String expected = this.raw.getServerInfo().isOlderThanVersion("2.11.0")
					? "a per-message TTL needs nats-server 2.11.0 or newer; the connected server is "
							+ this.raw.getServerInfo().getVersion()
					: "allow-msg-ttl: true";
			assertThatExceptionOfType(JetStreamPublishException.class)
				.isThrownBy(() -> template.newMessage("x").subject("orders.ttl").ttl(Duration.ofMinutes(1)).send())
				.withMessageContaining(expected);
			assertThat(streamCount("ORDERS")).as("nothing stored").isZero();
			assertThatIllegalArgumentException()
				.isThrownBy(() -> template.newMessage("x").subject("orders.ttl").ttl(Duration.ofMillis(500)))
				.withMessageContaining("ttl must be at least 1s");
		});
	}

	@Test
	void anAtomicBatchIsStoredWhole() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.12.0"), "atomic batches need nats-server 2.12");
		this.contextRunner.withPropertyValues("nats.jetstream.streams.ORDERS.allow-atomic=true").run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			PublishAck ack = template.newBatch()
				.add("orders.created", "order-1")
				.add("orders.paid", "payment-1", Map.of("X-Tenant", "acme"))
				.add("orders.shipped", "shipment-1")
				.send();
			assertThat(ack.getBatchSize()).isEqualTo(3);
			assertThat(ack.getBatchId()).isNotBlank();
			assertThat(ack.getSeqno()).isEqualTo(3);
			assertThat(streamCount("ORDERS")).isEqualTo(3);
			MessageInfo paid = this.jsm.getMessage("ORDERS", 2);
			assertThat(paid.getSubject()).isEqualTo("orders.paid");
			assertThat(new String(paid.getData(), StandardCharsets.UTF_8)).isEqualTo("payment-1");
			assertThat(paid.getHeaders().getFirst("X-Tenant")).isEqualTo("acme");
			assertThat(template.sendBatch("orders.created", List.of("order-2", "order-3")).getBatchSize()).isEqualTo(2);
			assertThat(streamCount("ORDERS")).isEqualTo(5);
		});
	}

	@Test
	void aBatchTheServerRefusesStoresNothing() throws Exception {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.12.0"), "atomic batches need nats-server 2.12");
		this.contextRunner.withPropertyValues("nats.jetstream.streams.ORDERS.allow-atomic=true").run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			template.newMessage("order-1").subject("orders.created").send();
			// the third of five asks for a per-message TTL, which this stream does not
			// allow: the commit is refused, and the two before it are not stored either
			assertThatExceptionOfType(JetStreamPublishException.class)
				.isThrownBy(() -> template.newBatch()
					.add("orders.created", "order-2")
					.add("orders.created", "order-3")
					.add("orders.created", "order-4", Map.of("Nats-TTL", "60s"))
					.add("orders.created", "order-5")
					.add("orders.created", "order-6")
					.send())
				.withMessageContaining("allow-msg-ttl");
			assertThat(streamCount("ORDERS")).as("only the message before the batch").isOne();
		});
		this.contextRunner.withPropertyValues("nats.jetstream.streams.ORDERS.allow-atomic=false")
			.run((context) -> assertThatExceptionOfType(JetStreamPublishException.class)
				.isThrownBy(
						() -> context.getBean(JetStreamTemplate.class).sendBatch("orders.created", List.of("a", "b")))
				.withMessageContaining("atomic publish is disabled"));
		assertThat(streamCount("ORDERS")).isOne();
	}

	@Test
	void anAtomicBatchIsRefusedBeforePublishingOnAnOlderServer() {
		runOnlyIf(this.raw.getServerInfo().isOlderThanVersion("2.12.0"),
				"the refusal applies to servers older than 2.12");
		this.contextRunner.run((context) -> {
			assertThatExceptionOfType(JetStreamPublishException.class)
				.isThrownBy(
						() -> context.getBean(JetStreamTemplate.class).sendBatch("orders.created", List.of("a", "b")))
				.withMessageContaining("an atomic batch needs nats-server 2.12.0 or newer; the connected server is "
						+ this.raw.getServerInfo().getVersion());
			assertThat(streamCount("ORDERS")).as("nothing stored").isZero();
		});
	}

	@Test
	void headersAreCarried() {
		this.contextRunner.run((context) -> {
			PublishAck ack = context.getBean(JetStreamTemplate.class)
				.newMessage("hello")
				.subject("orders.note")
				.header("X-Correlation-ID", "c-42")
				.header("X-Tenant", "acme")
				.send();
			MessageInfo stored = this.jsm.getMessage("ORDERS", ack.getSeqno());
			assertThat(stored.getHeaders().getFirst("X-Correlation-ID")).isEqualTo("c-42");
			assertThat(stored.getHeaders().getFirst("X-Tenant")).isEqualTo("acme");
		});
	}

	@Test
	void whenMessageIdRepeatsThenItIsStoredOnceAndTheAckSaysDuplicate() {
		this.contextRunner.run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			PublishAck first = template.newMessage("once").subject("orders.created").messageId("order-7").send();
			PublishAck second = template.newMessage("once").subject("orders.created").messageId("order-7").send();
			assertThat(first.isDuplicate()).isFalse();
			assertThat(second.isDuplicate()).isTrue();
			assertThat(second.getSeqno()).isEqualTo(first.getSeqno());
			assertThat(this.jsm.getStreamInfo("ORDERS").getStreamState().getMsgCount()).isEqualTo(1);
		});
	}

	@Test
	void whenExpectedLastSequenceIsWrongThenTheSpecificExceptionIsThrownAndNothingIsStored() {
		this.contextRunner.run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			PublishAck first = template.publish("orders.created", "first");
			PublishAck second = template.newMessage("second")
				.subject("orders.created")
				.expectedLastSequence(first.getSeqno())
				.send();
			assertThat(second.getSeqno()).isEqualTo(first.getSeqno() + 1);
			assertThatExceptionOfType(PublishExpectationFailedException.class)
				.isThrownBy(() -> template.newMessage("stale")
					.subject("orders.created")
					.expectedLastSequence(first.getSeqno())
					.send())
				.withMessageContaining("was not stored")
				.withMessageContaining("wrong last sequence");
			assertThatExceptionOfType(PublishExpectationFailedException.class)
				.isThrownBy(() -> template.newMessage("x").subject("orders.created").expectedStream("PAYMENTS").send());
			assertThat(template.newMessage("x").subject("orders.created").expectedLastSubjectSequence(0).sendAsync())
				.failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(PublishExpectationFailedException.class);
			assertThat(this.jsm.getStreamInfo("ORDERS").getStreamState().getMsgCount()).isEqualTo(2);
		});
	}

	@Test
	void whenNoStreamCapturesTheSubjectThenAClearExceptionIsThrownAtOnce() {
		this.contextRunner.withPropertyValues("nats.jetstream.template.retry.max-retries=50").run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			long start = System.nanoTime();
			assertThatExceptionOfType(NoStreamForSubjectException.class)
				.isThrownBy(() -> template.publish("nowhere.at.all", "lost?"))
				.withMessageContaining("Message to subject 'nowhere.at.all'")
				.withMessageContaining("was not stored: no stream captures this subject");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not retried").isLessThan(Duration.ofSeconds(5));
			assertThat(template.publishAsync("nowhere.at.all", "lost?")).failsWithin(Duration.ofSeconds(5))
				.withThrowableOfType(ExecutionException.class)
				.withCauseInstanceOf(NoStreamForSubjectException.class);
		});
	}

	@Test
	void whenMessageIsLargerThanTheStreamAllowsThenItIsRefused() {
		this.contextRunner.withPropertyValues("nats.jetstream.streams.ORDERS.allow-atomic=false")
			.run((context) -> assertThatExceptionOfType(JetStreamPublishException.class)
				.isThrownBy(() -> context.getBean(JetStreamTemplate.class).publish("orders.big", new byte[100 * 1024]))
				.withMessageContaining("larger than the stream's max-msg-size"));
	}

	@Test
	void tenThousandAsyncPublishesAreAllAckedWithBoundedMessagesInFlight() {
		this.contextRunner.withPropertyValues("nats.jetstream.template.max-in-flight=256").run((context) -> {
			JetStreamTemplate template = context.getBean(JetStreamTemplate.class);
			AtomicInteger outstanding = new AtomicInteger();
			AtomicInteger maxOutstanding = new AtomicInteger();
			List<CompletableFuture<PublishAck>> futures = new ArrayList<>();
			byte[] payload = new byte[1024];
			for (int i = 0; i < 10_000; i++) {
				CompletableFuture<PublishAck> future = template.publishAsync("orders.bulk", payload);
				maxOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
				future.whenComplete((ack, ex) -> outstanding.decrementAndGet());
				futures.add(future);
			}
			CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
			assertThat(futures).allSatisfy((future) -> assertThat(future.join().getSeqno()).isPositive());
			assertThat(this.jsm.getStreamInfo("ORDERS").getStreamState().getMsgCount()).isEqualTo(10_000);
			// a slot is freed just before the test's own completion callback runs, hence
			// + 1
			assertThat(maxOutstanding.get()).isLessThanOrEqualTo(256 + 1);
		});
	}

	@Test
	void retriesAssignAMessageIdUnlessTurnedOff() {
		this.contextRunner.run((context) -> {
			PublishAck ack = context.getBean(JetStreamTemplate.class).publish("orders.created", "with id");
			assertThat(this.jsm.getMessage("ORDERS", ack.getSeqno()).getHeaders().getFirst("Nats-Msg-Id")).isNotBlank();
		});
		this.contextRunner.withPropertyValues("nats.jetstream.template.retry.enabled=false").run((context) -> {
			PublishAck ack = context.getBean(JetStreamTemplate.class).publish("orders.created", "without id");
			assertThat(this.jsm.getMessage("ORDERS", ack.getSeqno()).getHeaders().getFirst("Nats-Msg-Id")).isNull();
		});
	}

	@Test
	void userDefinedTemplateWins() {
		this.contextRunner.withBean("myTemplate", JetStreamOperations.class, () -> mock(JetStreamOperations.class))
			.run((context) -> assertThat(context).hasSingleBean(JetStreamOperations.class)
				.doesNotHaveBean(JetStreamTemplate.class));
	}

	@Test
	void whenMaxInFlightIsZeroThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("nats.jetstream.template.max-in-flight=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("nats.jetstream.template.max-in-flight"));
	}

	record Order(String id, String product, int quantity) {
	}

}
