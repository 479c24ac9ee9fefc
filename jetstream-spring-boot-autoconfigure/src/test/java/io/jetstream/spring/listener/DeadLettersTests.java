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
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.core.JetStreamReadException;
import io.jetstream.spring.core.StoredMessage;
import io.jetstream.spring.support.DeadLetterHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Browsing, redriving and deleting dead letters with {@link DeadLetters}, against a real
 * server: a redriven message reaches only the consumer it failed in.
 */
class DeadLettersTests extends AbstractListenerTests {

	private static final String REDRIVE_KEY = "nats.jetstream.listener.dead-letter.redrive-key=test-key";

	private final ApplicationContextRunner twoConsumers = this.contextRunner.withUserConfiguration(TwoConsumers.class)
		.withPropertyValues("nats.jetstream.consumers.picky.stream=ORDERS",
				"nats.jetstream.consumers.picky.filter-subjects=orders.>",
				"nats.jetstream.consumers.other.stream=ORDERS",
				"nats.jetstream.consumers.other.filter-subjects=orders.>");

	@Test
	void listsByConsumerAndReasonInPagesAndSummarizes() {
		this.twoConsumers.withPropertyValues("test.other-rejects=true").run((context) -> {
			for (int i = 1; i <= 3; i++) {
				publish("orders.created", "{\"id\":\"o-" + i + "\"}");
			}
			awaitDeadLetters(6);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			DeadLetters.Page first = deadLetters.list(DeadLetters.Query.of("ORDERS", "picky").withLimit(2));
			assertThat(first.deadLetters()).hasSize(2)
				.allSatisfy((dead) -> assertThat(dead.consumer()).isEqualTo("picky"));
			assertThat(first.next()).isPositive();
			DeadLetters.Page second = deadLetters
				.list(DeadLetters.Query.of("ORDERS", "picky").withLimit(2).withFrom(first.next()));
			assertThat(second.deadLetters()).hasSize(1);
			assertThat(second.next()).isZero();
			assertThat(deadLetters.list(DeadLetters.Query.all()).deadLetters()).hasSize(6);
			assertThat(deadLetters.list(DeadLetters.Query.all().withReason("conversion_failed")).deadLetters())
				.isEmpty();
			DeadLetters.DeadLetter one = first.deadLetters().get(0);
			assertThat(one.reason()).isEqualTo("non_retryable");
			assertThat(one.error()).isEqualTo("picky rejects {\"id\":\"o-1\"}");
			assertThat(one.originalStream()).isEqualTo("ORDERS");
			assertThat(one.originalSubject()).isEqualTo("orders.created");
			assertThat(one.redriveCount()).isZero();
			StoredMessage<Order> read = deadLetters.read(one.sequence(), Order.class);
			assertThat(read.payload()).isEqualTo(new Order("o-1"));
			assertThat(read.header(DeadLetterHeaders.CONSUMER)).isEqualTo("picky");
			assertThat(deadLetters.summary()).containsExactly(
					new DeadLetters.ConsumerSummary("ORDERS", "other", 3, Map.of("non_retryable", 3L), 0),
					new DeadLetters.ConsumerSummary("ORDERS", "picky", 3, Map.of("non_retryable", 3L), 0));
			assertThat(deadLetters.delete(DeadLetters.Query.of("ORDERS", "other"))).isEqualTo(3);
			assertThat(streamCount("DLQ")).isEqualTo(3);
		});
	}

	@Test
	void aRedrivenMessageReachesOnlyTheConsumerItFailedInAndTheDeadLetterIsDeleted() {
		this.twoConsumers.withPropertyValues(REDRIVE_KEY).run((context) -> {
			this.raw.jetStream()
				.publish(NatsMessage.builder()
					.subject("orders.created")
					.headers(new Headers().put("X-Order", "o-7").put("Content-Type", "application/json"))
					.data("{\"id\":\"o-7\"}", StandardCharsets.UTF_8)
					.build());
			awaitDeadLetters(1);
			Deliveries deliveries = context.getBean(Deliveries.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.other.size() == 1);
			context.getBean(Switch.class).pickyRejects.set(false);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			long sequence = deadLetters.list(DeadLetters.Query.all()).deadLetters().get(0).sequence();
			DeadLetters.RedriveResult result = deadLetters.redrive(sequence, false);
			assertThat(result.outcome()).isEqualTo(DeadLetters.Outcome.REDRIVEN);
			assertThat(result.sequence()).isEqualTo(2);
			await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.picky.contains("{\"id\":\"o-7\"}"));
			awaitSettled("other");
			awaitSettled("picky");
			assertThat(deliveries.other).as("the other consumer acknowledged it unseen").hasSize(1);
			assertThat(streamCount("DLQ")).as("deleted once redriven").isZero();
			MessageInfo redriven = this.jsm.getMessage("ORDERS", 2);
			assertThat(redriven.getHeaders().getFirst(DeadLetterHeaders.REDRIVE_FOR)).isEqualTo("ORDERS/picky");
			assertThat(redriven.getHeaders().getFirst(DeadLetterHeaders.REDRIVE_COUNT)).isEqualTo("1");
			assertThat(redriven.getHeaders().getFirst("X-Order")).isEqualTo("o-7");
			assertThat(redriven.getHeaders().getFirst(DeadLetterHeaders.REASON)).isNull();
			assertThat(redriven.getHeaders().getFirst(DeadLetterHeaders.REDRIVE_SIGNATURE)).isNotBlank();
			// with a key, a "dead letter" someone else stored is not redriven: it would
			// be
			// published with the application's rights, and signed
			deadLetterOf("picky", "orders.created");
			DeadLetters.RedriveResult forged = deadLetters.redrive(2, false);
			assertThat(forged.outcome()).isEqualTo(DeadLetters.Outcome.NOT_REDRIVABLE);
			assertThat(forged.detail()).contains("not signed with the redrive key");
			assertThat(streamCount("ORDERS")).isEqualTo(2);
		});
	}

	@Test
	void aRedriveHeaderAnyPublisherCanSetHidesNoMessage() {
		this.twoConsumers.withPropertyValues(REDRIVE_KEY).run((context) -> {
			context.getBean(Switch.class).pickyRejects.set(false);
			forged("o-1", new Headers().put(DeadLetterHeaders.REDRIVE_FOR, "ORDERS/nobody"));
			forged("o-2", new Headers().put(DeadLetterHeaders.REDRIVE_FOR, ""));
			// a signature, but not one made with the key over this message
			forged("o-3",
					new Headers().put(DeadLetterHeaders.REDRIVE_FOR, "ORDERS/picky")
						.put(DeadLetterHeaders.REDRIVE_ID, "redrive:DLQ:1:1")
						.put(DeadLetterHeaders.REDRIVE_COUNT, "1")
						.put(DeadLetterHeaders.REDRIVE_SIGNATURE, "AAAA"));
			Deliveries deliveries = context.getBean(Deliveries.class);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(deliveries.other).extracting(Order::id).containsExactlyInAnyOrder("o-1", "o-2", "o-3");
				assertThat(deliveries.picky).hasSize(3);
			});
		});
	}

	@Test
	void withoutARedriveKeyARedrivenMessageReachesEveryConsumer() {
		this.twoConsumers.run((context) -> {
			publish("orders.created", "{\"id\":\"o-5\"}");
			awaitDeadLetters(1);
			Deliveries deliveries = context.getBean(Deliveries.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.other.size() == 1);
			context.getBean(Switch.class).pickyRejects.set(false);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			long sequence = deadLetters.list(DeadLetters.Query.all()).deadLetters().get(0).sequence();
			assertThat(deadLetters.redrive(sequence, false).outcome()).isEqualTo(DeadLetters.Outcome.REDRIVEN);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				assertThat(deliveries.picky).containsExactly("{\"id\":\"o-5\"}");
				assertThat(deliveries.other).hasSize(2);
			});
		});
	}

	@Test
	void aDeadLetterIdTakenBeforeTheFailureStillGetsTheRealDeadLetter() {
		this.twoConsumers.run((context) -> {
			// the id the dead letter of message 1 of ORDERS in consumer picky will have
			this.raw.jetStream()
				.publish(NatsMessage.builder()
					.subject("dlq.ORDERS.picky")
					.headers(new Headers().put("Nats-Msg-Id", "ORDERS:picky:1"))
					.data("squatted", StandardCharsets.UTF_8)
					.build());
			publish("orders.created", "{\"id\":\"o-1\"}");
			awaitSettled("picky");
			await().atMost(Duration.ofSeconds(10)).until(() -> streamCount("DLQ") == 2);
			List<DeadLetters.DeadLetter> all = context.getBean(DeadLetters.class)
				.list(DeadLetters.Query.of("ORDERS", "picky"))
				.deadLetters();
			assertThat(all).singleElement().satisfies((dead) -> assertThat(dead.originalSequence()).isEqualTo(1));
			StoredMessage<String> real = context.getBean(DeadLetters.class).read(all.get(0).sequence(), String.class);
			assertThat(real.payload()).isEqualTo("{\"id\":\"o-1\"}");
		});
	}

	@Test
	void aRedriveIdTakenFirstStillRedrives() {
		this.twoConsumers.run((context) -> {
			publish("orders.created", "{\"id\":\"o-1\"}");
			awaitDeadLetters(1);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			long sequence = deadLetters.list(DeadLetters.Query.of("ORDERS", "picky")).deadLetters().get(0).sequence();
			Deliveries deliveries = context.getBean(Deliveries.class);
			context.getBean(Switch.class).pickyRejects.set(false);
			// in the sample: an order whose id is that string, over HTTP
			this.raw.jetStream()
				.publish(NatsMessage.builder()
					.subject("orders.created")
					.headers(new Headers().put("Nats-Msg-Id", "redrive:ORDERS:picky:1:1"))
					.data("{\"id\":\"squatter\"}", StandardCharsets.UTF_8)
					.build());
			await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.picky.contains("{\"id\":\"squatter\"}"));
			DeadLetters.RedriveResult result = deadLetters.redrive(sequence, false);
			assertThat(result.outcome()).isEqualTo(DeadLetters.Outcome.REDRIVEN);
			assertThat(result.sequence()).as("stored, not answered duplicate").isEqualTo(3);
			await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.picky.contains("{\"id\":\"o-1\"}"));
		});
	}

	@Test
	void copiesOfASignedDeadLetterAreRedrivenOnceAndNoneWithHeadersOfItsOwn() {
		this.twoConsumers.withPropertyValues(REDRIVE_KEY).run((context) -> {
			publish("orders.created", "{\"id\":\"o-1\"}");
			awaitDeadLetters(1);
			// whoever may read and publish the dead-letter subjects copies the real one
			MessageInfo real = this.jsm.getMessage("DLQ", 1);
			Headers copied = new Headers();
			real.getHeaders().forEach((name, values) -> {
				if (!name.startsWith("Nats-")) {
					copied.put(name, values);
				}
			});
			this.raw.jetStream()
				.publish(NatsMessage.builder().subject(real.getSubject()).headers(copied).data(real.getData()).build());
			Headers injected = new Headers(copied).put("Authorization", "Bearer attacker");
			this.raw.jetStream()
				.publish(NatsMessage.builder()
					.subject(real.getSubject())
					.headers(injected)
					.data(real.getData())
					.build());
			context.getBean(Switch.class).pickyRejects.set(false);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			DeadLetters.RedriveResult first = deadLetters.redrive(1, false);
			DeadLetters.RedriveResult copy = deadLetters.redrive(2, false);
			DeadLetters.RedriveResult withHeader = deadLetters.redrive(3, false);
			assertThat(first.outcome()).isEqualTo(DeadLetters.Outcome.REDRIVEN);
			assertThat(copy.outcome()).isEqualTo(DeadLetters.Outcome.REDRIVEN);
			assertThat(copy.sequence()).as("the same redrive, stored once").isEqualTo(first.sequence());
			assertThat(withHeader.outcome()).as(withHeader.detail()).isEqualTo(DeadLetters.Outcome.NOT_REDRIVABLE);
			assertThat(streamCount("ORDERS")).as("the original and one redrive").isEqualTo(2);
			Deliveries deliveries = context.getBean(Deliveries.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> deliveries.picky.contains("{\"id\":\"o-1\"}"));
			awaitSettled("picky");
			assertThat(deliveries.picky).as("handled once: one redrive").containsExactly("{\"id\":\"o-1\"}");
		});
	}

	@Test
	void aDeadLetterIsRedrivenOnlyWhereItsOriginalStreamCaptures() {
		this.twoConsumers.run((context) -> {
			this.jsm.addStream(
					io.nats.client.api.StreamConfiguration.builder().name("VICTIM").subjects("victim.>").build());
			publish("orders.created", "{\"id\":\"o-1\"}");
			awaitDeadLetters(1);
			deadLetterOf("picky", "$JS.API.STREAM.DELETE.VICTIM");
			deadLetterOf("picky", "victim.created");
			deadLetterOf("picky", "dlq.ORDERS.picky");
			deadLetterOf("picky", "_INBOX.abc");
			deadLetterOf("picky", "orders.*");
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			for (long sequence = 2; sequence <= 6; sequence++) {
				DeadLetters.RedriveResult result = deadLetters.redrive(sequence, false);
				assertThat(result.outcome()).as(result.detail()).isEqualTo(DeadLetters.Outcome.NOT_REDRIVABLE);
			}
			// a stream and consumer that exist, but not this application's: without a
			// key the dead letter names whatever its publisher wrote
			this.jsm.addOrUpdateConsumer("VICTIM",
					io.nats.client.api.ConsumerConfiguration.builder().durable("victim-c").build());
			this.raw.jetStream()
				.publish(NatsMessage.builder()
					.subject("dlq.VICTIM.victim-c")
					.headers(new Headers().put(DeadLetterHeaders.REASON, "non_retryable")
						.put(DeadLetterHeaders.ORIGINAL_STREAM, "VICTIM")
						.put(DeadLetterHeaders.ORIGINAL_SUBJECT, "victim.created")
						.put(DeadLetterHeaders.ORIGINAL_SEQUENCE, "1")
						.put(DeadLetterHeaders.CONSUMER, "victim-c"))
					.data("{\"id\":\"x\"}", StandardCharsets.UTF_8)
					.build());
			DeadLetters.RedriveResult foreign = deadLetters.redrive(7, false);
			assertThat(foreign.outcome()).isEqualTo(DeadLetters.Outcome.NOT_REDRIVABLE);
			assertThat(foreign.detail()).contains("not one this application runs or declares");
			assertThat(streamExists("VICTIM")).isTrue();
			assertThat(streamCount("VICTIM")).isZero();
			assertThat(streamCount("ORDERS")).isEqualTo(1);
			assertThat(streamCount("DLQ")).as("left alone").isEqualTo(7);
		});
	}

	@Test
	void theStartersHeadersOnAnOriginalAreNotCarriedIntoItsDeadLetter() {
		this.twoConsumers.withPropertyValues(REDRIVE_KEY).run((context) -> {
			forged("o-1",
					new Headers().put(DeadLetterHeaders.REDRIVE_COUNT, "99")
						.put(DeadLetterHeaders.REASON, "forged")
						.put(DeadLetterHeaders.ORIGINAL_STREAM, "ELSEWHERE"));
			awaitDeadLetters(1);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			DeadLetters.DeadLetter dead = deadLetters.list(DeadLetters.Query.all()).deadLetters().get(0);
			assertThat(dead.redriveCount()).isZero();
			assertThat(dead.reason()).isEqualTo("non_retryable");
			assertThat(dead.originalStream()).isEqualTo("ORDERS");
			assertThat(deadLetters.read(dead.sequence(), byte[].class).headers().get(DeadLetterHeaders.REASON))
				.containsExactly("non_retryable");
			context.getBean(Switch.class).pickyRejects.set(false);
			assertThat(deadLetters.redrive(dead.sequence(), false).outcome()).isEqualTo(DeadLetters.Outcome.REDRIVEN);
		});
	}

	private void forged(String id, Headers headers) throws Exception {
		this.raw.jetStream()
			.publish(NatsMessage.builder()
				.subject("orders.created")
				.headers(headers.put("Content-Type", "application/json"))
				.data("{\"id\":\"" + id + "\"}", StandardCharsets.UTF_8)
				.build());
	}

	@Test
	void aMessageRedrivenMaxRedrivesTimesThatFailsAgainIsParked() {
		this.twoConsumers.withPropertyValues("nats.jetstream.listener.dead-letter.max-redrives=1").run((context) -> {
			publish("orders.created", "{\"id\":\"o-9\"}");
			awaitDeadLetters(1);
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			long first = deadLetters.list(DeadLetters.Query.all()).deadLetters().get(0).sequence();
			assertThat(deadLetters.redrive(first, false).outcome()).isEqualTo(DeadLetters.Outcome.REDRIVEN);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> deadLetters.list(DeadLetters.Query.all()).deadLetters().size() == 1);
			DeadLetters.DeadLetter again = deadLetters.list(DeadLetters.Query.all()).deadLetters().get(0);
			assertThat(again.redriveCount()).isEqualTo(1);
			DeadLetters.RedriveResult parked = deadLetters.redrive(again.sequence(), false);
			assertThat(parked.outcome()).isEqualTo(DeadLetters.Outcome.PARKED);
			assertThat(parked.detail()).contains("redriven 1 times already");
			assertThat(deadLetters.get(again.sequence()).sequence()).as("left where it is").isEqualTo(again.sequence());
			assertThat(deadLetters.summary().get(0).parked()).isEqualTo(1);
		});
	}

	@Test
	void aDryRunOfASelectionChangesNothing() {
		this.twoConsumers.run((context) -> {
			publish("orders.created", "{\"id\":\"o-1\"}");
			publish("orders.created", "{\"id\":\"o-2\"}");
			awaitDeadLetters(2);
			List<DeadLetters.RedriveResult> results = context.getBean(DeadLetters.class)
				.redrive(DeadLetters.Query.of("ORDERS", "picky"), 10, true);
			assertThat(results).hasSize(2)
				.allSatisfy((result) -> assertThat(result.outcome()).isEqualTo(DeadLetters.Outcome.DRY_RUN));
			assertThat(streamCount("DLQ")).isEqualTo(2);
			assertThat(streamCount("ORDERS")).isEqualTo(2);
		});
	}

	@Test
	void badRedrivesSayWhatWasNotFoundAndDeleteNothing() {
		this.twoConsumers.run((context) -> {
			DeadLetters deadLetters = context.getBean(DeadLetters.class);
			this.jsm.deleteStream("DLQ");
			assertThatExceptionOfType(JetStreamReadException.class)
				.isThrownBy(() -> deadLetters.list(DeadLetters.Query.all()))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(JetStreamReadException.Kind.STREAM_NOT_FOUND));
			this.jsm.addStream(io.nats.client.api.StreamConfiguration.builder().name("DLQ").subjects("dlq.>").build());
			publish("orders.created", "{\"id\":\"o-1\"}");
			awaitDeadLetters(1);
			assertThatExceptionOfType(JetStreamReadException.class).isThrownBy(() -> deadLetters.redrive(999, false))
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(JetStreamReadException.Kind.MESSAGE_NOT_FOUND));
			// a dead letter of a consumer that is gone, and one whose subject no stream
			// captures
			deadLetterOf("gone", "orders.created");
			deadLetterOf("picky", "nowhere.created");
			assertThatExceptionOfType(JetStreamReadException.class).isThrownBy(() -> deadLetters.redrive(2, false))
				.withMessageContaining("consumer gone of stream ORDERS")
				.satisfies((ex) -> assertThat(ex.getKind()).isEqualTo(JetStreamReadException.Kind.CONSUMER_NOT_FOUND));
			assertThat(deadLetters.redrive(3, false).outcome()).isEqualTo(DeadLetters.Outcome.NOT_REDRIVABLE);
			assertThat(streamCount("DLQ")).as("nothing deleted").isEqualTo(3);
		});
	}

	private void deadLetterOf(String consumer, String originalSubject) throws Exception {
		this.raw.jetStream()
			.publish(NatsMessage.builder()
				.subject("dlq.ORDERS." + consumer)
				.headers(new Headers().put(DeadLetterHeaders.REASON, "non_retryable")
					.put(DeadLetterHeaders.ORIGINAL_STREAM, "ORDERS")
					.put(DeadLetterHeaders.ORIGINAL_SUBJECT, originalSubject)
					.put(DeadLetterHeaders.ORIGINAL_SEQUENCE, "1")
					.put(DeadLetterHeaders.CONSUMER, consumer))
				.data("{\"id\":\"x\"}", StandardCharsets.UTF_8)
				.build());
	}

	private void awaitDeadLetters(int count) {
		await().atMost(Duration.ofSeconds(15))
			.until(() -> this.jsm.getStreamNames().contains("DLQ") && streamCount("DLQ") == count);
	}

	private void awaitSettled(String consumer) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			assertThat(consumer("ORDERS", consumer).getNumAckPending()).isZero();
			assertThat(consumer("ORDERS", consumer).getNumPending()).isZero();
		});
	}

	record Order(String id) {
	}

	static class Deliveries {

		final Queue<String> picky = new ConcurrentLinkedQueue<>();

		final Queue<Order> other = new ConcurrentLinkedQueue<>();

	}

	static class Switch {

		final AtomicBoolean pickyRejects = new AtomicBoolean(true);

	}

	@Configuration(proxyBeanMethods = false)
	@Import(TwoConsumers.Handler.class)
	static class TwoConsumers {

		@Bean
		Deliveries deliveries() {
			return new Deliveries();
		}

		@Bean
		Switch pickySwitch() {
			return new Switch();
		}

		static class Handler {

			private final Deliveries deliveries;

			private final Switch pickySwitch;

			private final boolean otherRejects;

			Handler(Deliveries deliveries, Switch pickySwitch,
					@Value("${test.other-rejects:false}") boolean otherRejects) {
				this.deliveries = deliveries;
				this.pickySwitch = pickySwitch;
				this.otherRejects = otherRejects;
			}

			@JetStreamListener(consumer = "picky")
			void picky(String text) {
				if (this.pickySwitch.pickyRejects.get()) {
					throw new NonRetryableException("picky rejects " + text);
				}
				this.deliveries.picky.add(text);
			}

			@JetStreamListener(consumer = "other")
			void other(Order order) {
				if (this.otherRejects) {
					throw new NonRetryableException("other rejects " + order);
				}
				this.deliveries.other.add(order);
			}

		}

	}

}
