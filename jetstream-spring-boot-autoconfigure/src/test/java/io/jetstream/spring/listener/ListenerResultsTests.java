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
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nats.client.Message;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.SendTo;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.core.NoStreamForSubjectException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * What a listener method returns (issue 20): a future or a {@code Mono} settles its
 * message when it completes; {@code @SendTo} publishes the result before the source is
 * acknowledged; interceptors see each message before the method and its outcome after.
 */
class ListenerResultsTests extends AbstractListenerTests {

	@Test
	void aFutureSettlesTheMessageWhenItCompletesNotWhenTheMethodReturns() {
		this.contextRunner.withUserConfiguration(Later.class).run((context) -> {
			Later.Listener listener = context.getBean(Later.Listener.class);
			publish("orders.later", "a");
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.containsKey("a-1"));
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.until(() -> consumer("ORDERS", "later").getNumAckPending() == 1);
			listener.pending.get("a-1").complete(null);
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				ConsumerInfo info = consumer("ORDERS", "later");
				assertThat(info.getNumAckPending()).isZero();
				assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(1);
			});
		});
	}

	@Test
	void aFailedFutureIsHandedToTheErrorHandlerAndEndsAsADeadLetter() {
		this.contextRunner.withUserConfiguration(Later.class).run((context) -> {
			Later.Listener listener = context.getBean(Later.Listener.class);
			publish("orders.later", "b");
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.containsKey("b-1"));
			listener.pending.get("b-1").completeExceptionally(new IllegalStateException("warehouse down"));
			await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.containsKey("b-2"));
			listener.pending.get("b-2").completeExceptionally(new IllegalStateException("warehouse down"));
			await().atMost(Duration.ofSeconds(10)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.later");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Reason")).isEqualTo("max_deliveries_exceeded");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Error")).isEqualTo("warehouse down");
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("b");
		});
	}

	@Test
	void aWorkerTakesNoMoreMessagesThanItsBoundOfPendingResults() {
		this.contextRunner.withUserConfiguration(Later.class)
			.withPropertyValues("nats.jetstream.listener.max-pending-results=2")
			.run((context) -> {
				Later.Listener listener = context.getBean(Later.Listener.class);
				for (int i = 0; i < 5; i++) {
					publish("orders.later", "c" + i);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.size() == 2);
				await().during(Duration.ofSeconds(1))
					.atMost(Duration.ofSeconds(3))
					.until(() -> listener.pending.size() == 2);
				listener.pending.values().forEach((future) -> future.complete(null));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.size() == 4);
				listener.pending.values().forEach((future) -> future.complete(null));
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.size() == 5);
				listener.pending.values().forEach((future) -> future.complete(null));
				await().atMost(Duration.ofSeconds(5))
					.until(() -> consumer("ORDERS", "later").getAckFloor().getStreamSequence() == 5);
			});
	}

	@Test
	void aResultPendingAtStopIsAwaitedThenGivenBack() {
		this.contextRunner.withUserConfiguration(Later.class)
			.withPropertyValues("nats.jetstream.listener.shutdown-timeout=2s")
			.run((context) -> {
				Later.Listener listener = context.getBean(Later.Listener.class);
				publish("orders.later", "d");
				publish("orders.later", "e");
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.size() == 2);
				CompletableFuture.runAsync(() -> listener.pending.get("d-1").complete(null),
						CompletableFuture.delayedExecutor(500, java.util.concurrent.TimeUnit.MILLISECONDS));
				MessageListenerContainer container = context.getBean(JetStreamListenerRegistry.class)
					.getListener("later");
				container.stop();
				// d completed while the listener stopped: acknowledged; e never did:
				// given
				// back, so it comes again at once, not after the 30s ack-wait
				assertThat(consumer("ORDERS", "later").getAckFloor().getStreamSequence()).isEqualTo(1);
				container.start();
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.containsKey("e-2"));
				assertThat(listener.pending).doesNotContainKey("d-2");
			});
	}

	@Test
	void messagesOfTheirLastDeliveryHandledAtStopAreSettledWhenTheirResultsComplete() {
		this.contextRunner.withUserConfiguration(Later.class)
			.withPropertyValues("test.max-deliver=1", "nats.jetstream.listener.max-pending-results=1",
					"nats.jetstream.listener.shutdown-timeout=5s")
			.run((context) -> {
				Later.Listener listener = context.getBean(Later.Listener.class);
				publish("orders.later", "f");
				publish("orders.later", "g");
				publish("orders.later", "h");
				await().atMost(Duration.ofSeconds(10)).until(() -> listener.pending.size() == 1);
				// g and h wait, pulled, behind the bound; at stop a nak would end them
				// (their
				// last delivery), so the stopping thread hands them to the listener:
				// their
				// results must settle them although no worker is left
				Thread completer = new Thread(() -> {
					long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
					while (System.nanoTime() < until) {
						listener.pending.values().forEach((future) -> future.complete(null));
						java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
					}
				});
				java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
				completer.start();
				context.getBean(JetStreamListenerRegistry.class).getListener("later").stop();
				assertThat(listener.pending).containsOnlyKeys("f-1", "g-1", "h-1");
				ConsumerInfo info = consumer("ORDERS", "later");
				assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(3);
				assertThat(info.getNumAckPending()).isZero();
				completer.join();
			});
	}

	@Test
	void aMonoIsSettledWhenItCompletes() {
		this.contextRunner.withUserConfiguration(Reactive.class).run((context) -> {
			publish("orders.mono", "fine");
			publish("orders.mono", "broken");
			await().atMost(Duration.ofSeconds(15)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.mono");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Error")).isEqualTo("mono failed");
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				ConsumerInfo info = consumer("ORDERS", "mono");
				assertThat(info.getNumAckPending()).isZero();
				assertThat(info.getNumPending()).isZero();
			});
			assertThat(context.getBean(Reactive.Listener.class).handled).containsExactly("fine");
		});
	}

	@Test
	void aResultIsSentToTheSubjectOfSendToOnceEvenWhenTheSourceIsRedelivered() {
		this.contextRunner.withUserConfiguration(Forwarding.class)
			.withPropertyValues("nats.jetstream.streams.ENRICHED.subjects=enriched.>", "test.target=enriched.orders")
			.run((context) -> {
				publish("orders.forward", "a");
				publish("orders.forward", "nothing");
				publish("orders.forward", "twice");
				await().atMost(Duration.ofSeconds(10))
					.until(() -> streamExists("ENRICHED") && streamCount("ENRICHED") == 2);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> context.getBean(Forwarding.Listener.class).calls.stream()
						.filter("twice"::equals)
						.count() == 2);
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					ConsumerInfo info = consumer("ORDERS", "forwarder");
					assertThat(info.getNumAckPending()).isZero();
					assertThat(info.getNumPending()).isZero();
				});
				assertThat(streamCount("ENRICHED")).as("the redelivered source's reply was stored once").isEqualTo(2);
				MessageInfo first = this.jsm.getMessage("ENRICHED", 1);
				assertThat(new String(first.getData(), StandardCharsets.UTF_8)).isEqualTo("A");
				assertThat(first.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo("ORDERS:forwarder:1");
				assertThat(this.jsm.getMessage("ENRICHED", 2).getHeaders().getFirst("Nats-Msg-Id"))
					.isEqualTo("ORDERS:forwarder:3");
			});
	}

	@Test
	void aReplyThatCannotBeStoredIsAFailureOfTheSource() {
		this.contextRunner.withUserConfiguration(FailingForwarding.class).run((context) -> {
			publish("orders.forward", "lost?");
			await().atMost(Duration.ofSeconds(15)).until(() -> streamExists("DLQ") && streamCount("DLQ") == 1);
			MessageInfo dead = this.jsm.getLastMessage("DLQ", "dlq.ORDERS.to-nowhere");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Error")).contains("no stream captures this subject");
			assertThat(dead.getHeaders().getFirst("X-DLQ-Exception-Class"))
				.isEqualTo(NoStreamForSubjectException.class.getName());
			assertThat(new String(dead.getData(), StandardCharsets.UTF_8)).isEqualTo("lost?");
		});
	}

	@Test
	void sendToOnAMethodThatReturnsNothingFailsStartup() {
		this.contextRunner.withUserConfiguration(VoidForwarding.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("@SendTo on a method that returns nothing to send"));
	}

	@Test
	void anInterceptorSkipsMessagesOfOtherTenantsAndSeesEveryOutcome() {
		this.contextRunner.withUserConfiguration(Tenants.class).run((context) -> {
			publishWithTenant("acme", "for acme");
			publishWithTenant("globex", "not for us");
			publishWithTenant("acme", "fail");
			Tenants.TenantCheck check = context.getBean(Tenants.TenantCheck.class);
			await().atMost(Duration.ofSeconds(15)).until(() -> check.outcomes.size() == 3);
			assertThat(context.getBean(Tenants.Listener.class).handled).containsExactly("for acme", "fail");
			assertThat(check.outcomes).containsExactlyInAnyOrder("for acme=ack", "not for us=skipped",
					"fail=dead_letter");
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				ConsumerInfo info = consumer("ORDERS", "tenants");
				assertThat(info.getNumAckPending()).isZero();
				assertThat(info.getNumPending()).isZero();
			});
		});
	}

	private void publishWithTenant(String tenant, String text) throws Exception {
		Headers headers = new Headers().add("X-Tenant", tenant);
		this.raw.jetStream()
			.publish(NatsMessage.builder()
				.subject("orders.tenants")
				.headers(headers)
				.data(text.getBytes(StandardCharsets.UTF_8))
				.build());
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Later.Listener.class)
	static class Later {

		static class Listener {

			final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

			@JetStreamListener(consumer = "later", stream = "ORDERS", subjects = "orders.later",
					maxDeliver = "${test.max-deliver:2}")
			CompletableFuture<Void> onMessage(String text, MessageMetadata metadata) {
				CompletableFuture<Void> result = new CompletableFuture<>();
				this.pending.put(text + "-" + metadata.deliveredCount(), result);
				return result;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Reactive.Listener.class)
	static class Reactive {

		static class Listener {

			final Queue<String> handled = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "mono", stream = "ORDERS", subjects = "orders.mono", maxDeliver = "2")
			Mono<Void> onMessage(String text) {
				if (text.equals("broken")) {
					return Mono.delay(Duration.ofMillis(50)).then(Mono.error(new IllegalStateException("mono failed")));
				}
				return Mono.delay(Duration.ofMillis(50)).doOnNext((tick) -> this.handled.add(text)).then();
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Forwarding.Listener.class)
	static class Forwarding {

		static class Listener {

			final Queue<String> calls = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "forwarder", stream = "ORDERS", subjects = "orders.forward",
					ackMode = "manual", maxDeliver = "2")
			@SendTo("${test.target}")
			@Nullable String onMessage(String text, Acknowledgment acknowledgment, MessageMetadata metadata) {
				this.calls.add(text);
				if (text.equals("twice") && metadata.deliveredCount() == 1) {
					// its reply is stored, then it comes back: the second reply is a
					// duplicate
					acknowledgment.nak();
				}
				else {
					acknowledgment.ack();
				}
				return text.equals("nothing") ? null : text.toUpperCase();
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(FailingForwarding.Listener.class)
	static class FailingForwarding {

		static class Listener {

			@JetStreamListener(consumer = "to-nowhere", stream = "ORDERS", subjects = "orders.forward",
					maxDeliver = "2")
			@SendTo("nowhere.orders")
			String onMessage(String text) {
				return text;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(VoidForwarding.Listener.class)
	static class VoidForwarding {

		static class Listener {

			@JetStreamListener(consumer = "void-forwarder", stream = "ORDERS", subjects = "orders.void")
			@SendTo("enriched.orders")
			void onMessage(String text) {
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(Tenants.Listener.class)
	static class Tenants {

		@Bean
		TenantCheck tenantCheck() {
			return new TenantCheck();
		}

		static class TenantCheck implements JetStreamListenerInterceptor {

			final Queue<String> outcomes = new ConcurrentLinkedQueue<>();

			@Override
			public boolean intercept(Message message) {
				return "acme".equals(message.getHeaders().getFirst("X-Tenant"));
			}

			@Override
			public void afterOutcome(Message message, String outcome, @Nullable Throwable failure) {
				this.outcomes.add(new String(message.getData(), StandardCharsets.UTF_8) + "=" + outcome);
			}

		}

		static class Listener {

			final Queue<String> handled = new ConcurrentLinkedQueue<>();

			@JetStreamListener(consumer = "tenants", stream = "ORDERS", subjects = "orders.tenants", maxDeliver = "1")
			void onMessage(String text) {
				this.handled.add(text);
				if (text.equals("fail")) {
					throw new IllegalStateException("failed for acme");
				}
			}

		}

	}

}
