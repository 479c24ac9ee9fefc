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
import java.time.Instant;
import java.util.List;

import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.backoff.FixedBackOff;

import io.jetstream.spring.support.DeadLetterReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules of {@link DefaultJetStreamErrorHandler}, without a server.
 */
class DefaultJetStreamErrorHandlerTests {

	private static final JetStreamErrorHandler.ConsumerLimits FIVE_DELIVERIES = new JetStreamErrorHandler.ConsumerLimits(
			5, List.of(), Duration.ofSeconds(30));

	private final DefaultJetStreamErrorHandler handler = new DefaultJetStreamErrorHandler();

	private final Message message = NatsMessage.builder()
		.subject("orders.created")
		.data("{}", StandardCharsets.UTF_8)
		.build();

	@Test
	void anOrdinaryFailureIsRetriedWithTheBackOffDelayOfItsDelivery() {
		assertThat(decide(new IllegalStateException("down"), 1).getRetryDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(decide(new IllegalStateException("down"), 3).getRetryDelay()).isEqualTo(Duration.ofSeconds(4));
		assertThat(decide(new IllegalStateException("down"), 4).getRetryDelay()).isEqualTo(Duration.ofSeconds(8));
	}

	@Test
	void theConsumersBackoffListWinsOverTheHandlersBackOff() {
		JetStreamErrorHandler.ConsumerLimits limits = new JetStreamErrorHandler.ConsumerLimits(5,
				List.of(Duration.ofMillis(100), Duration.ofMillis(700)), Duration.ofSeconds(30));
		assertThat(this.handler.handle(this.message, metadata(1), new IllegalStateException(), limits).getRetryDelay())
			.isEqualTo(Duration.ofMillis(100));
		assertThat(this.handler.handle(this.message, metadata(4), new IllegalStateException(), limits).getRetryDelay())
			.as("the last delay repeats")
			.isEqualTo(Duration.ofMillis(700));
	}

	@Test
	void theLastAllowedDeliveryIsDeadLettered() {
		assertThat(decide(new IllegalStateException("down"), 5).getDeadLetterReason())
			.isEqualTo(DeadLetterReason.MAX_DELIVERIES_EXCEEDED);
		JetStreamErrorHandler.ConsumerLimits unlimited = new JetStreamErrorHandler.ConsumerLimits(-1, List.of(),
				Duration.ofSeconds(30));
		assertThat(unlimited.isLastDelivery(1_000)).isFalse();
		assertThat(FIVE_DELIVERIES.isLastDelivery(4)).isFalse();
		assertThat(FIVE_DELIVERIES.isLastDelivery(5)).isTrue();
	}

	@Test
	void nonRetryableAnywhereInTheCauseChainIsDeadLetteredAtOnce() {
		RuntimeException failure = new IllegalStateException("outer",
				new IllegalArgumentException("middle", new NonRetryableException("unknown product")));
		assertThat(decide(failure, 1).getDeadLetterReason()).isEqualTo(DeadLetterReason.NON_RETRYABLE);
	}

	@Test
	void conversionAndValidationFailuresAreDeadLetteredAtOnce() {
		assertThat(decide(new MessageConversionException("bad JSON"), 1).getDeadLetterReason())
			.isEqualTo(DeadLetterReason.CONVERSION_FAILED);
		MethodParameter parameter = new MethodParameter(getClass().getDeclaredMethods()[0], -1);
		MethodArgumentNotValidException invalid = new MethodArgumentNotValidException(
				MessageBuilder.withPayload("x").build(), parameter);
		assertThat(decide(invalid, 1).getDeadLetterReason()).isEqualTo(DeadLetterReason.VALIDATION_FAILED);
		Message empty = NatsMessage.builder().subject("orders.created").build();
		assertThat(this.handler.handle(empty, metadata(1), invalid, FIVE_DELIVERIES).getDeadLetterReason())
			.as("an empty payload had nothing to validate")
			.isEqualTo(DeadLetterReason.CONVERSION_FAILED);
	}

	@Test
	void exceptionsClassifiedNotRetryableAreDeadLetteredAtOnceAndRetryableOnesAreRetried() {
		this.handler.addNotRetryableExceptions(UnsupportedOperationException.class);
		this.handler.addRetryableExceptions(MessageConversionException.class);
		assertThat(decide(new IllegalStateException("wrapper", new UnsupportedOperationException()), 1)
			.getDeadLetterReason()).isEqualTo(DeadLetterReason.NON_RETRYABLE);
		assertThat(decide(new MessageConversionException("schema registry down"), 1).getRetryDelay())
			.isEqualTo(Duration.ofSeconds(1));
		assertThat(decide(new MessageConversionException("schema registry down"), 5).getDeadLetterReason())
			.as("retried until max-deliver")
			.isEqualTo(DeadLetterReason.MAX_DELIVERIES_EXCEEDED);
		assertThat(this.handler.removeClassification(UnsupportedOperationException.class)).isFalse();
		assertThat(decide(new UnsupportedOperationException(), 1).getRetryDelay()).isNotNull();
	}

	@Test
	void aBackOffThatStopsKeepsItsLastDelay() {
		DefaultJetStreamErrorHandler fixed = new DefaultJetStreamErrorHandler(new FixedBackOff(250, 2));
		assertThat(
				fixed.handle(this.message, metadata(4), new IllegalStateException(), FIVE_DELIVERIES).getRetryDelay())
			.isEqualTo(Duration.ofMillis(250));
	}

	private ListenerErrorDecision decide(Throwable failure, long delivery) {
		return this.handler.handle(this.message, metadata(delivery), failure, FIVE_DELIVERIES);
	}

	private static MessageMetadata metadata(long delivery) {
		return new MessageMetadata("ORDERS", "worker", "orders.created", 7, delivery, delivery, 0, Instant.now());
	}

}
