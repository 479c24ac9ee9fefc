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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.JetStreamPublishException;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.DeadLetterReason;
import io.jetstream.spring.support.HeaderValues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@link DeadLetterPublishingRecoverer} publishes, and when it settles the original,
 * with a recording {@link JetStreamOperations} (delivery itself is tested against a real
 * server in {@code DeadLetterEdgeCaseTests}).
 */
class DeadLetterPublishingRecovererTests {

	private final MessageMetadata metadata = new MessageMetadata("ORDERS", "worker", "orders.created", 42, 3, 3, 0,
			Instant.now());

	private final Message original = NatsMessage.builder()
		.subject("orders.created")
		.headers(new Headers().put("Content-Type", "application/json")
			.put("X-Tags", List.of("a", "b"))
			.put("Nats-Msg-Id", "o-1"))
		.data("{\"id\":\"o-1\"}", StandardCharsets.UTF_8)
		.build();

	@Test
	void aDeadLetterCarriesTheOriginalAndWhyAndTheOriginalIsTerminatedAfterwards() {
		Recording operations = new Recording((message) -> null);
		DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(operations, "dlq");
		recoverer.setHeadersFunction((message, failure) -> Map.of("X-Tenant", "Zürich"));
		Settling acknowledgment = new Settling();
		recoverer.recover(this.original, this.metadata, DeadLetterReason.NON_RETRYABLE,
				new IllegalStateException("wrapped", new NonRetryableException("unknown product: Bücher")),
				acknowledgment);
		assertThat(operations.published).singleElement().satisfies((published) -> {
			assertThat(published.message().getSubject()).isEqualTo("dlq.ORDERS.worker");
			assertThat(published.messageId()).isEqualTo("ORDERS:worker:42");
			Headers headers = published.message().getHeaders();
			assertThat(headers.get("X-Tags")).containsExactly("a", "b");
			assertThat(headers.getFirst("Content-Type")).isEqualTo("application/json");
			assertThat(headers.getFirst("Nats-Msg-Id")).as("steers the server: not copied").isNull();
			assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_MESSAGE_ID)).isEqualTo("o-1");
			assertThat(headers.getFirst(DeadLetterHeaders.REASON)).isEqualTo("non_retryable");
			assertThat(HeaderValues.decode(headers.getFirst(DeadLetterHeaders.ERROR)))
				.isEqualTo("unknown product: Bücher");
			assertThat(headers.getFirst(DeadLetterHeaders.EXCEPTION_CLASS))
				.isEqualTo(NonRetryableException.class.getName());
			assertThat(headers.getFirst(DeadLetterHeaders.ORIGINAL_SEQUENCE)).isEqualTo("42");
			assertThat(headers.getFirst(DeadLetterHeaders.DELIVERY_COUNT)).isEqualTo("3");
			assertThat(HeaderValues.decode(headers.getFirst("X-Tenant"))).isEqualTo("Zürich");
			assertThat(published.message().getData()).isEqualTo(this.original.getData());
		});
		assertThat(acknowledgment.terminated).isEqualTo("non_retryable");
	}

	@Test
	void whenTheDeadLetterIsNotStoredTheOriginalIsLeftAsItWas() {
		Recording operations = new Recording((message) -> new JetStreamPublishException(message.getSubject(), null,
				"no acknowledgement", new java.io.IOException("Timeout")));
		Settling acknowledgment = new Settling();
		assertThatExceptionOfType(JetStreamPublishException.class)
			.isThrownBy(() -> new DeadLetterPublishingRecoverer(operations, "dlq").recover(this.original, this.metadata,
					DeadLetterReason.MAX_DELIVERIES_EXCEEDED, new IllegalStateException("x"), acknowledgment));
		assertThat(operations.published).as("a transient failure is not reduced").hasSize(1);
		assertThat(acknowledgment.terminated).isNull();
	}

	@Test
	void aDeadLetterTooLargeForTheStreamIsStoredWithoutHeadersThenWithoutPayload() {
		Recording operations = new Recording((message) -> (message.getData().length > 0) ? tooLarge(message) : null);
		Settling acknowledgment = new Settling();
		new DeadLetterPublishingRecoverer(operations, "dlq").recover(this.original, this.metadata,
				DeadLetterReason.CONVERSION_FAILED, new IllegalStateException("x"), acknowledgment);
		assertThat(operations.published).hasSize(3);
		assertThat(operations.published.get(1).message().getHeaders().getFirst("X-Tags")).isNull();
		Headers last = operations.published.get(2).message().getHeaders();
		assertThat(last.getFirst(DeadLetterHeaders.PAYLOAD_OMITTED)).isEqualTo("12 bytes");
		assertThat(last.getFirst(DeadLetterHeaders.REDUCED)).startsWith("original headers and payload dropped");
		assertThat(acknowledgment.terminated).isEqualTo("conversion_failed");
	}

	@Test
	void aListenerWithItsOwnSubjectGetsACopyThatPublishesThere() {
		Recording operations = new Recording((message) -> null);
		new DeadLetterPublishingRecoverer(operations, "dlq").withDestination("errors.orders")
			.recover(this.original, this.metadata, DeadLetterReason.NON_RETRYABLE, new IllegalStateException("x"),
					new Settling());
		assertThat(operations.published.get(0).message().getSubject()).isEqualTo("errors.orders");
	}

	/**
	 * The server's answer to a message over the stream's max-msg-size, as jnats reads it.
	 */
	private static JetStreamPublishException tooLarge(Message message) {
		String answer = "{\"error\":{\"code\":400,\"err_code\":10054,\"description\":\"message size exceeds maximum allowed\"}}";
		try {
			new PublishAck(NatsMessage.builder().subject("ack").data(answer, StandardCharsets.UTF_8).build());
			throw new IllegalStateException("not an error");
		}
		catch (JetStreamApiException | java.io.IOException ex) {
			return new JetStreamPublishException(message.getSubject(), null, "too large", ex);
		}
	}

	private record Published(Message message, @Nullable String messageId) {
	}

	/**
	 * Records what is published; fails a publish with what the function returns.
	 */
	private static final class Recording implements JetStreamOperations {

		private final List<Published> published = new ArrayList<>();

		private final Function<Message, @Nullable RuntimeException> failure;

		Recording(Function<Message, @Nullable RuntimeException> failure) {
			this.failure = failure;
		}

		@Override
		public PublishAck publish(Message message, @Nullable String messageId) {
			this.published.add(new Published(message, messageId));
			RuntimeException ex = this.failure.apply(message);
			if (ex != null) {
				throw ex;
			}
			try {
				return new PublishAck(NatsMessage.builder()
					.subject("ack")
					.data("{\"stream\":\"DLQ\",\"seq\":1}", StandardCharsets.UTF_8)
					.build());
			}
			catch (java.io.IOException | JetStreamApiException unexpected) {
				throw new IllegalStateException(unexpected);
			}
		}

		@Override
		public PublishAck publish(String subject, Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public CompletableFuture<PublishAck> publishAsync(String subject, Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public SendMessageBuilder newMessage(Object payload) {
			throw new UnsupportedOperationException();
		}

		@Override
		public BatchBuilder newBatch() {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> T request(String subject, Object payload, Class<T> replyType, Duration timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		public <T> CompletableFuture<T> requestAsync(String subject, Object payload, Class<T> replyType,
				Duration timeout) {
			throw new UnsupportedOperationException();
		}

	}

	/**
	 * Remembers how the original was settled.
	 */
	private static final class Settling implements Acknowledgment {

		private @Nullable String terminated;

		@Override
		public void ack() {
		}

		@Override
		public void nak() {
		}

		@Override
		public void nakWithDelay(Duration delay) {
		}

		@Override
		public void term(String reason) {
			this.terminated = reason;
		}

		@Override
		public void inProgress() {
		}

		@Override
		public boolean isSettled() {
			return this.terminated != null;
		}

	}

}
