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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.jetstream.spring.RawProtocol;
import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.config.MaxDeliveriesAdvisoryListener;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.HeaderValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages whose last allowed delivery runs out of ack-wait: the server stops delivering
 * them and only publishes a MAX_DELIVERIES advisory, which the starter captures in a
 * stream and turns into a dead letter with reason {@code max_deliveries_unacknowledged}.
 */
class MaxDeliveriesAdvisoryTests extends AbstractListenerTests {

	private static final String[] UNSETTLED = { "nats.jetstream.consumers.unsettled.stream=ORDERS",
			"nats.jetstream.consumers.unsettled.filter-subjects=orders.unsettled",
			"nats.jetstream.consumers.unsettled.max-deliver=2", "nats.jetstream.consumers.unsettled.ack-wait=2s" };

	@Test
	void aManualAckListenerThatNeverAcksGetsOneDeadLetterWithThePayloadAlsoWithTwoInstances() {
		ApplicationContextRunner runner = this.contextRunner.withUserConfiguration(NeverAcks.class)
			.withPropertyValues(UNSETTLED);
		runner.run((first) -> runner.run((second) -> {
			this.raw.jetStream()
				.publish(NatsMessage.builder()
					.subject("orders.unsettled")
					.headers(new Headers().put("X-Order", "o-1").put("Nats-Msg-Id", "order-1"))
					.data("forgotten", StandardCharsets.UTF_8)
					.build());
			publish("orders.other", "not for this consumer");
			await().atMost(Duration.ofSeconds(30)).until(() -> streamExists("DLQ") && streamCount("DLQ") >= 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.unsettled");
			Headers headers = dead.getHeaders();
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("forgotten");
			assertThat(headers.getFirst(DeadLetterHeaders.REASON)).isEqualTo("max_deliveries_unacknowledged");
			assertThat(headers.getFirst(DeadLetterHeaders.DELIVERY_COUNT)).isEqualTo("2");
			assertThat(headers.getFirst(DeadLetterHeaders.CONSUMER)).isEqualTo("unsettled");
			assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_STREAM)).isEqualTo("ORDERS");
			assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_SEQUENCE)).isEqualTo("1");
			assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_SUBJECT)).isEqualTo("orders.unsettled");
			assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_MESSAGE_ID)).isEqualTo("order-1");
			assertThat(headers.getFirst(DeadLetterHeaders.EXCEPTION_CLASS))
				.isEqualTo(UnacknowledgedDeliveryException.class.getName());
			assertThat(headers.getFirst(DeadLetterHeaders.ERROR)).contains("delivery 2, the last allowed");
			assertThat(headers.getFirst("X-Order")).isEqualTo("o-1");
			assertThat(headers.getFirst("Nats-Msg-Id")).isEqualTo("ORDERS:unsettled:1");
			String durable = MaxDeliveriesAdvisoryListener.durableName("ORDERS", "unsettled");
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(consumer("DLQ_ADVISORIES", durable).getNumAckPending()).isZero();
				assertThat(consumer("DLQ_ADVISORIES", durable).getNumPending()).isZero();
			});
			assertThat(first.getBean(Deliveries.class).count() + second.getBean(Deliveries.class).count())
				.as("delivered twice, then given up")
				.isEqualTo(2);
			assertThat(streamCount("DLQ")).as("one dead letter for two instances").isEqualTo(1);
		}));
	}

	@Test
	void anAdvisoryPublishedWhileNoInstanceRunsIsHandledByTheNextOne() throws Exception {
		leaveAnAdvisoryBehind("left behind");
		this.contextRunner.withUserConfiguration(NeverAcks.class).withPropertyValues(UNSETTLED).run((context) -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.unsettled");
			assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON)).isEqualTo("max_deliveries_unacknowledged");
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("left behind");
			assertThat(context.getBean(Deliveries.class).count()).as("not delivered again").isZero();
		});
	}

	@Test
	void anOriginalNoLongerInItsStreamGetsADeadLetterThatSaysSo() throws Exception {
		leaveAnAdvisoryBehind("deleted meanwhile");
		this.jsm.deleteMessage("ORDERS", 1);
		this.contextRunner.withUserConfiguration(NeverAcks.class).withPropertyValues(UNSETTLED).run((context) -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.unsettled");
			assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON)).isEqualTo("max_deliveries_unacknowledged");
			assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.ORIGINAL_SEQUENCE)).isEqualTo("1");
			assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.PAYLOAD_OMITTED))
				.startsWith("the original is no longer in stream ORDERS");
			assertThat(HeaderValues.decode(dead.getHeaders().getFirst(DeadLetterHeaders.ERROR)))
				.contains("no longer in the stream");
			assertThat(dead.getData()).isNullOrEmpty();
		});
	}

	@Test
	void forgedAdvisoriesMakeNoDeadLetter() {
		this.contextRunner.withUserConfiguration(NeverAcks.class).withPropertyValues(UNSETTLED).run((context) -> {
			this.jsm.addStream(
					io.nats.client.api.StreamConfiguration.builder().name("SECRETS").subjects("secrets.>").build());
			publish("secrets.key", "the other stream's payload");
			publish("orders.unsettled", "delivered, not yet given up");
			await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(Deliveries.class).count() >= 1);
			String subject = MaxDeliveriesAdvisoryListener.ADVISORY_PREFIX + "ORDERS.unsettled";
			// the body names another stream; a sequence never delivered; fewer deliveries
			// than the consumer's max-deliver; another consumer's subject
			forgedAdvisory(subject, "SECRETS", "unsettled", 1, 2);
			forgedAdvisory(subject, "ORDERS", "unsettled", 99, 2);
			forgedAdvisory(subject, "ORDERS", "unsettled", 1, 1);
			forgedAdvisory(MaxDeliveriesAdvisoryListener.ADVISORY_PREFIX + "SECRETS.reader", "SECRETS", "reader", 1, 9);
			// the real message runs out of its deliveries meanwhile: the server's own
			// advisory is the fourth
			String durable = MaxDeliveriesAdvisoryListener.durableName("ORDERS", "unsettled");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				assertThat(consumer("DLQ_ADVISORIES", durable).getDelivered().getStreamSequence())
					.isGreaterThanOrEqualTo(4);
				assertThat(consumer("DLQ_ADVISORIES", durable).getNumAckPending()).isZero();
				assertThat(consumer("DLQ_ADVISORIES", durable).getNumPending()).isZero();
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") >= 1);
			assertThat(streamCount("DLQ")).as("the real dead letter only").isEqualTo(1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.unsettled");
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("delivered, not yet given up");
		});
	}

	private void forgedAdvisory(String subject, String stream, String consumer, long sequence, long deliveries)
			throws Exception {
		String body = "{\"type\":\"io.nats.jetstream.advisory.v1.max_deliver\",\"id\":\"forged\",\"stream\":\"" + stream
				+ "\",\"consumer\":\"" + consumer + "\",\"stream_seq\":" + sequence + ",\"deliveries\":" + deliveries
				+ "}";
		this.raw.publish(subject, body.getBytes(StandardCharsets.UTF_8));
		this.raw.flush(Duration.ofSeconds(2));
	}

	/**
	 * An application takes a message twice (its last delivery) and stops before ack-wait
	 * runs out; a raw pull afterwards makes the server give it up, with nobody listening.
	 */
	private void leaveAnAdvisoryBehind(String payload) throws Exception {
		this.contextRunner.withUserConfiguration(NeverAcks.class)
			.withPropertyValues(UNSETTLED)
			.withPropertyValues("nats.jetstream.consumers.unsettled.ack-wait=4s")
			.run((context) -> {
				publish("orders.unsettled", payload);
				await().atMost(Duration.ofSeconds(15)).until(() -> context.getBean(Deliveries.class).count() == 2);
			});
		assertThat(this.raw.jetStream().getConsumerContext("ORDERS", "unsettled").next(Duration.ofSeconds(6))).isNull();
		await().atMost(Duration.ofSeconds(10)).until(() -> streamCount("DLQ_ADVISORIES") == 1);
		assertThat(streamCount("DLQ")).as("handled by nobody yet").isZero();
	}

	@Test
	void aConsumerRegisteredAfterStartupIsCoveredToo() {
		this.contextRunner.withUserConfiguration(NeverAcks.class).withPropertyValues(UNSETTLED).run((context) -> {
			this.jsm.addOrUpdateConsumer("ORDERS",
					io.nats.client.api.ConsumerConfiguration.builder()
						.durable("late")
						.filterSubject("orders.late")
						.maxDeliver(1)
						.ackWait(Duration.ofSeconds(1))
						.build());
			context.getBean(MaxDeliveriesAdvisoryListener.class)
				.register("ORDERS", "late", context.getBean(DeadLetterPublishingRecoverer.class));
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.jsm.getConsumerNames("DLQ_ADVISORIES")
					.contains(MaxDeliveriesAdvisoryListener.durableName("ORDERS", "late")));
			publish("orders.late", "taken by a raw client that never acks");
			io.nats.client.ConsumerContext late = this.raw.jetStream().getConsumerContext("ORDERS", "late");
			assertThat(late.next(Duration.ofSeconds(5))).isNotNull();
			// the server gives it up when a pull asks after its ack-wait
			assertThat(late.next(Duration.ofSeconds(3))).isNull();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> streamExists("DLQ") && this.jsm.getStreamInfo("DLQ").getStreamState().getMsgCount() == 1);
			assertThat(
					this.jsm.getLastMessage("DLQ", "dlq.ORDERS.late").getHeaders().getFirst(DeadLetterHeaders.REASON))
				.isEqualTo("max_deliveries_unacknowledged");
		});
	}

	@Test
	void aListenerWithDeadLettersTurnedOffIsLeftAlone() {
		this.contextRunner.withUserConfiguration(NeverAcks.class)
			.withPropertyValues(UNSETTLED)
			.withPropertyValues("test.dead-letter=none")
			.run((context) -> {
				publish("orders.unsettled", "no dead letter wanted");
				await().atMost(Duration.ofSeconds(10)).until(() -> context.getBean(Deliveries.class).count() == 2);
				assertThat(streamExists("DLQ_ADVISORIES")).as("no consumer whose advisories are handled").isFalse();
			});
	}

	@Test
	void aHeaderValueTheJavaClientCannotReadEndsAsADeadLetterThatNamesItAndOthersAreProcessed() {
		this.contextRunner.withUserConfiguration(AcksButCounts.class)
			.withPropertyValues(UNSETTLED)
			// ack-wait longer than the liveness check takes to notice the stopped reader
			// (2 to 4 s): else the second deliveries go to the dead connection's open
			// pull
			.withPropertyValues("nats.liveness-check-interval=1s", "nats.connection-timeout=1s",
					"nats.jetstream.consumers.unsettled.ack-wait=10s")
			.run((context) -> {
				RawProtocol.publishWithHeader(nats.getServer().getPort(), "orders.unsettled", "X-Customer",
						"Jürgen Müller", "from nats.js");
				// pulled with it, lost to the stopped reader with it: it returns after
				// ack-wait, alone (the listener pulls one at a time after a stopped
				// reader), and is processed in its second and last delivery
				publish("orders.unsettled", "neighbour");
				await().atMost(Duration.ofSeconds(60)).until(() -> deadLetterOf(1) != null);
				MessageInfo dead = deadLetterOf(1);
				assertThat(dead.getHeaders().getFirst(DeadLetterHeaders.REASON))
					.isEqualTo("max_deliveries_unacknowledged");
				assertThat(HeaderValues.decode(dead.getHeaders().getFirst("X-Customer"))).isEqualTo("Jürgen Müller");
				assertThat(HeaderValues.decode(dead.getHeaders().getFirst(DeadLetterHeaders.ERROR)))
					.contains("cannot read its header(s) X-Customer");
				assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("from nats.js");
				publish("orders.unsettled", "after");
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(context.getBean(Deliveries.class).payloads).contains("after"));
				await().atMost(Duration.ofSeconds(30))
					.untilAsserted(() -> assertThat(context.getBean(Deliveries.class).payloads).contains("neighbour"));
				assertThat(deadLetterOf(2)).as("the neighbour is not dead-lettered").isNull();
			});
	}

	/**
	 * The dead letter of the message at this sequence of ORDERS, if there is one.
	 */
	private @Nullable MessageInfo deadLetterOf(long originalSequence) throws Exception {
		if (!streamExists("DLQ")) {
			return null;
		}
		for (long sequence = 1; sequence <= this.jsm.getStreamInfo("DLQ")
			.getStreamState()
			.getLastSequence(); sequence++) {
			MessageInfo dead = this.jsm.getMessage("DLQ", sequence);
			if (String.valueOf(originalSequence)
				.equals(dead.getHeaders().getFirst(DeadLetterHeaders.ORIGINAL_SEQUENCE))) {
				return dead;
			}
		}
		return null;
	}

	/**
	 * What a listener received.
	 */
	static class Deliveries {

		final Queue<String> payloads = new ConcurrentLinkedQueue<>();

		int count() {
			return this.payloads.size();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeliveriesConfiguration {

		@Bean
		Deliveries deliveries() {
			return new Deliveries();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ DeliveriesConfiguration.class, NeverAcks.Handler.class })
	static class NeverAcks {

		static class Handler {

			private final Deliveries deliveries;

			Handler(Deliveries deliveries) {
				this.deliveries = deliveries;
			}

			@JetStreamListener(consumer = "unsettled", ackMode = "manual", deadLetter = "${test.dead-letter:}")
			void onMessage(String text, Acknowledgment acknowledgment) {
				// forgets to settle it
				this.deliveries.payloads.add(text);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ DeliveriesConfiguration.class, AcksButCounts.Handler.class })
	static class AcksButCounts {

		static class Handler {

			private final Deliveries deliveries;

			Handler(Deliveries deliveries) {
				this.deliveries = deliveries;
			}

			@JetStreamListener(consumer = "unsettled")
			void onMessage(String text) {
				this.deliveries.payloads.add(text);
			}

		}

	}

}
