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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Message;
import io.nats.client.Subscription;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.messaging.handler.annotation.Header;

import io.jetstream.spring.annotation.NatsListener;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.NatsRequestException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Core NATS request-reply (issue 20, part 5): {@code @NatsListener} methods answer
 * requests with their return value, in queue groups, with error replies for failures; the
 * template's {@code request} converts the reply and tells a timeout from "no responders"
 * from an error reply.
 */
class NatsListenerTests extends AbstractListenerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(3);

	@Test
	void aRequestIsAnsweredWithTheConvertedReturnValue() {
		this.contextRunner.withUserConfiguration(Pricing.class).run((context) -> {
			JetStreamOperations template = context.getBean(JetStreamOperations.class);
			Quote quote = template.request("prices.quote", new QuoteRequest("sku-1", 3), Quote.class, TIMEOUT);
			assertThat(quote).isEqualTo(new Quote("sku-1", 3, 30));
			assertThat(template.requestAsync("prices.echo", "hello", String.class, TIMEOUT).get())
				.isEqualTo("HELLO from test");
			assertThat(template.request("prices.later", "x", String.class, TIMEOUT)).isEqualTo("later: x");
		});
	}

	@Test
	void aReplyGoesOnlyToAnInboxOrAnAllowedSubject() {
		this.contextRunner.withUserConfiguration(Pricing.class)
			.withPropertyValues("nats.jetstream.listener.reply-subjects=replies.>")
			.run((context) -> {
				Subscription injected = this.raw.subscribe("orders.injected");
				Subscription allowed = this.raw.subscribe("replies.one");
				this.raw.flush(TIMEOUT);
				// a requester names a subject the ORDERS stream captures as its reply
				// subject: the application would publish there with its own rights
				this.raw.publish("prices.echo", "orders.injected", "order".getBytes(StandardCharsets.UTF_8));
				this.raw.publish("prices.echo", "replies.one", "fine".getBytes(StandardCharsets.UTF_8));
				Message reply = allowed.nextMessage(TIMEOUT);
				assertThat(reply).isNotNull();
				assertThat(new String(reply.getData(), StandardCharsets.UTF_8)).isEqualTo("FINE from test");
				// the echo listener handles requests in order, and replies from one
				// connection arrive in order: a reply to the first would be here already
				assertThat(injected.getPendingMessageCount()).isZero();
				assertThat(streamCount("ORDERS")).isZero();
				JetStreamOperations template = context.getBean(JetStreamOperations.class);
				assertThat(template.request("prices.echo", "inbox", String.class, TIMEOUT))
					.isEqualTo("INBOX from test");
			});
	}

	@Test
	void aQueueGroupSharesTheRequestsAmongInstancesEachAnsweredOnce() {
		this.contextRunner.withUserConfiguration(Pricing.class)
			.run((first) -> this.contextRunner.withUserConfiguration(Pricing.class).run((second) -> {
				JetStreamOperations template = first.getBean(JetStreamOperations.class);
				for (int i = 0; i < 40; i++) {
					assertThat(template.request("prices.quote", new QuoteRequest("sku-" + i, 1), Quote.class, TIMEOUT)
						.sku()).isEqualTo("sku-" + i);
				}
				int handledByFirst = handled(first).size();
				int handledBySecond = handled(second).size();
				assertThat(handledByFirst + handledBySecond).isEqualTo(40);
				assertThat(handledByFirst).isPositive();
				assertThat(handledBySecond).isPositive();
			}));
	}

	@Test
	void failuresAnswerWithAnErrorReplyThatTheTemplateRaises() {
		this.contextRunner.withUserConfiguration(Pricing.class).run((context) -> {
			JetStreamOperations template = context.getBean(JetStreamOperations.class);
			assertThatExceptionOfType(NatsRequestException.class)
				.isThrownBy(
						() -> template.request("prices.quote", new QuoteRequest("unknown", 1), Quote.class, TIMEOUT))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(NatsRequestException.Reason.ERROR_REPLY))
				.withMessageContaining("500")
				.withMessageContaining("no price for unknown");
			assertThatExceptionOfType(NatsRequestException.class)
				.isThrownBy(() -> template.request("prices.quote", "{not json", Quote.class, TIMEOUT))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(NatsRequestException.Reason.ERROR_REPLY))
				.withMessageContaining("400");
			// the raw reply carries the headers of the NATS services framework
			Message reply = this.raw.request("prices.quote", "{not json".getBytes(StandardCharsets.UTF_8), TIMEOUT);
			assertThat(reply.getHeaders().getFirst("Nats-Service-Error-Code")).isEqualTo("400");
			assertThat(reply.getHeaders().getFirst("Nats-Service-Error")).isNotBlank();
		});
	}

	@Test
	void noRespondersAndATimeoutAreToldApart() {
		this.contextRunner.withUserConfiguration(Pricing.class).run((context) -> {
			JetStreamOperations template = context.getBean(JetStreamOperations.class);
			long start = System.nanoTime();
			assertThatExceptionOfType(NatsRequestException.class)
				.isThrownBy(() -> template.request("nobody.listens", "x", String.class, TIMEOUT))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(NatsRequestException.Reason.NO_RESPONDERS));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
			assertThatExceptionOfType(NatsRequestException.class)
				.isThrownBy(() -> template.request("prices.silent", "x", String.class, Duration.ofMillis(500)))
				.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(NatsRequestException.Reason.TIMEOUT));
		});
	}

	@Test
	void aRequestWithoutReplyFailsAtTheTimeoutTheCallerGave() {
		// jnats fails an expired request only in its cleanup task, every 5 s by default:
		// a 500 ms request failed after 2.7 s and 4.9 s before the template held the
		// timeout itself
		Duration timeout = Duration.ofMillis(500);
		Duration bound = timeout.plusMillis(700);
		this.contextRunner.withUserConfiguration(Pricing.class).run((context) -> {
			JetStreamOperations template = context.getBean(JetStreamOperations.class);
			for (int i = 0; i < 3; i++) {
				long start = System.nanoTime();
				assertThatExceptionOfType(NatsRequestException.class)
					.isThrownBy(() -> template.request("prices.silent", "x", String.class, timeout))
					.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(NatsRequestException.Reason.TIMEOUT));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("request #%d", i)
					.isGreaterThanOrEqualTo(timeout)
					.isLessThan(bound);
				start = System.nanoTime();
				CompletableFuture<String> reply = template.requestAsync("prices.silent", "x", String.class, timeout);
				assertThatExceptionOfType(ExecutionException.class).isThrownBy(reply::get)
					.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOfSatisfying(NatsRequestException.class,
							(failure) -> assertThat(failure.getReason())
								.isEqualTo(NatsRequestException.Reason.TIMEOUT)));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("requestAsync #%d", i)
					.isGreaterThanOrEqualTo(timeout)
					.isLessThan(bound);
			}
			// a request after the timed-out ones is answered as before
			assertThat(template.request("prices.echo", "after", String.class, TIMEOUT)).isEqualTo("AFTER from test");
		});
	}

	@Test
	void eachMessageIsObservedAsNatsProcessAndEachRequestAsNatsRequest() {
		this.contextRunner.withUserConfiguration(Pricing.class, Observed.class)
			.withPropertyValues("nats.jetstream.template.observation-enabled=true")
			.run((context) -> {
				JetStreamOperations template = context.getBean(JetStreamOperations.class);
				template.request("prices.quote", new QuoteRequest("sku-1", 1), Quote.class, TIMEOUT);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(
							meters.get("nats.process").tag("nats.listener", "prices.quote#pricing").timer().count())
						.isOne());
				assertThat(meters.get("nats.request").timer().count()).isOne();
			});
	}

	@Test
	void aMetadataParameterFailsStartup() {
		this.contextRunner.withUserConfiguration(WrongParameter.class)
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("has a MessageMetadata parameter, which only JetStream messages have"));
	}

	private static Queue<String> handled(AssertableApplicationContext context) {
		return context.getBean(Pricing.Handler.class).handled;
	}

	record QuoteRequest(String sku, int quantity) {
	}

	record Quote(String sku, int quantity, double total) {
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Pricing.Handler.class)
	static class Pricing {

		static class Handler {

			final Queue<String> handled = new ConcurrentLinkedQueue<>();

			@NatsListener(subject = "prices.quote", queue = "pricing")
			Quote quote(QuoteRequest request) {
				this.handled.add(request.sku());
				if (request.sku().equals("unknown")) {
					throw new IllegalArgumentException("no price for unknown");
				}
				return new Quote(request.sku(), request.quantity(), request.quantity() * 10.0);
			}

			@NatsListener(subject = "prices.echo")
			String echo(String text, @Header(name = "X-From", required = false) @Nullable String from) {
				return text.toUpperCase() + " from " + ((from != null) ? from : "test");
			}

			@NatsListener(subject = "prices.later")
			CompletableFuture<String> later(String text) {
				return CompletableFuture.supplyAsync(() -> "later: " + text);
			}

			@NatsListener(subject = "prices.silent")
			@Nullable String silent(String text) {
				return null;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Observed {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ObservationRegistry observationRegistry(MeterRegistry meterRegistry) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meterRegistry));
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(WrongParameter.Handler.class)
	static class WrongParameter {

		static class Handler {

			@NatsListener(subject = "wrong.parameter")
			void handle(String text, MessageMetadata metadata) {
			}

		}

	}

}
