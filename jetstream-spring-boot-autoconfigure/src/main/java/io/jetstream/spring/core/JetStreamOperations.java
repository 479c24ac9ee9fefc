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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import org.jspecify.annotations.Nullable;

/**
 * Publishing to JetStream. Every method returns (or completes) only after the server
 * stored the message, and fails with a {@link JetStreamPublishException} that says why
 * when it did not. Payloads: {@code byte[]} as is, {@code String} as UTF-8, other objects
 * through the message converter (JSON by default).
 *
 * @see JetStreamTemplate
 * @since 0.1.0
 */
public interface JetStreamOperations {

	/**
	 * Publish a payload and wait for the server to store it.
	 * @param subject the subject, captured by a stream
	 * @param payload the payload
	 * @return the server's acknowledgement (stream, sequence, duplicate flag)
	 * @throws JetStreamPublishException if the message was not stored
	 */
	PublishAck publish(String subject, Object payload);

	/**
	 * Publish a NATS message as it is — its subject, headers and data, without conversion
	 * or a default {@code Content-Type} — and wait for the server to store it. For
	 * forwarding and copying messages (dead letters, for example), as Spring for Apache
	 * Kafka's {@code send(ProducerRecord)}.
	 * @param message the message; its headers are copied, not changed
	 * @param messageId the message id ({@code Nats-Msg-Id}), or {@code null}
	 * @return the server's acknowledgement
	 * @throws JetStreamPublishException if the message was not stored
	 */
	PublishAck publish(Message message, @Nullable String messageId);

	/**
	 * Publish a payload without waiting; the number of publishes in flight is bounded,
	 * and this method blocks while the bound is reached.
	 * @param subject the subject, captured by a stream
	 * @param payload the payload
	 * @return a future completed with the server's acknowledgement, or exceptionally with
	 * a {@link JetStreamPublishException}
	 */
	CompletableFuture<PublishAck> publishAsync(String subject, Object payload);

	/**
	 * Start a message with headers, a message id or expectations:
	 *
	 * <pre class="code">
	 * PublishAck ack = template.newMessage(order)
	 *     .subject("orders.created")
	 *     .header("X-Correlation-ID", correlationId)
	 *     .messageId(order.id())
	 *     .expectedLastSubjectSequence(7)
	 *     .send();
	 * </pre>
	 * @param payload the payload
	 * @return a builder of the message
	 */
	SendMessageBuilder newMessage(Object payload);

	/**
	 * Send a core NATS request and wait for its reply, converted as listeners convert
	 * payloads (a {@code @NatsListener} method answers with its return value).
	 * @param <T> the reply type
	 * @param subject the subject
	 * @param payload the request, converted as {@link #publish(String, Object)} converts
	 * @param replyType the reply type ({@code byte[]}, {@code String}, or any type the
	 * converter reads)
	 * @param timeout how long to wait for the reply
	 * @return the reply
	 * @throws NatsRequestException on timeout, with nobody subscribed ("no responders"),
	 * on an error reply, or when request or reply cannot be converted
	 */
	<T> T request(String subject, Object payload, Class<T> replyType, Duration timeout);

	/**
	 * Send a core NATS request without waiting for its reply.
	 * @param <T> the reply type
	 * @param subject the subject
	 * @param payload the request
	 * @param replyType the reply type
	 * @param timeout how long to wait for the reply
	 * @return a future of the reply, failed with a {@link NatsRequestException}
	 */
	<T> CompletableFuture<T> requestAsync(String subject, Object payload, Class<T> replyType, Duration timeout);

	/**
	 * Start an atomic batch (nats-server 2.12+, a stream with {@code allow-atomic}): the
	 * server stores every message of it or none.
	 *
	 * <pre class="code">
	 * PublishAck ack = template.newBatch()
	 *     .add("orders.created", order)
	 *     .add("stock.reserved", reservation, Map.of("Nats-Msg-Id", reservation.id()))
	 *     .send();
	 * </pre>
	 * @return a builder of the batch
	 */
	BatchBuilder newBatch();

	/**
	 * Publish payloads to one subject as one atomic batch (nats-server 2.12+, a stream
	 * with {@code allow-atomic}): every one stored, or none.
	 * @param subject the subject
	 * @param payloads the payloads, converted as {@link #publish(String, Object)}
	 * converts them
	 * @return the server's acknowledgement of the batch: the sequence of its last
	 * message, the batch id and size
	 * @throws JetStreamPublishException if the batch was not stored (nothing of it was)
	 */
	default PublishAck sendBatch(String subject, List<?> payloads) {
		BatchBuilder batch = newBatch();
		payloads.forEach((payload) -> batch.add(subject, payload));
		return batch.send();
	}

	/**
	 * Builder of one message to publish.
	 */
	interface SendMessageBuilder {

		/**
		 * Set the subject (required).
		 * @param subject the subject, captured by a stream
		 * @return this builder
		 */
		SendMessageBuilder subject(String subject);

		/**
		 * Add a header value; a name added twice has both values. Values must be valid
		 * NATS header values (ASCII, no line breaks): see
		 * {@link io.jetstream.spring.support.HeaderValues}.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		SendMessageBuilder header(String name, String value);

		/**
		 * Add header values.
		 * @param headers the headers
		 * @return this builder
		 */
		SendMessageBuilder headers(Map<String, String> headers);

		/**
		 * Set the message id ({@code Nats-Msg-Id}): the server stores a message with the
		 * same id once within the stream's duplicate window.
		 * @param messageId the message id
		 * @return this builder
		 */
		SendMessageBuilder messageId(String messageId);

		/**
		 * Expect the subject to be captured by this stream.
		 * @param stream the stream name
		 * @return this builder
		 */
		SendMessageBuilder expectedStream(String stream);

		/**
		 * Expect the stream's last sequence to be this one.
		 * @param sequence the expected last sequence
		 * @return this builder
		 */
		SendMessageBuilder expectedLastSequence(long sequence);

		/**
		 * Expect the last sequence of this subject to be this one (0 for "no message
		 * yet").
		 * @param sequence the expected last subject sequence
		 * @return this builder
		 */
		SendMessageBuilder expectedLastSubjectSequence(long sequence);

		/**
		 * Expect the id of the stream's last message to be this one.
		 * @param messageId the expected last message id
		 * @return this builder
		 */
		SendMessageBuilder expectedLastMessageId(String messageId);

		/**
		 * Wait at most this long for the server's acknowledgement of one attempt.
		 * @param timeout the timeout
		 * @return this builder
		 */
		SendMessageBuilder timeout(Duration timeout);

		/**
		 * Let the server remove the message after this time to live (whole seconds, at
		 * least one), whatever the stream's max-age. Needs nats-server 2.11 and a stream
		 * with {@code allow-msg-ttl}; refused otherwise, naming both.
		 * @param ttl the time to live
		 * @return this builder
		 * @throws IllegalArgumentException if it is shorter than a second
		 */
		SendMessageBuilder ttl(Duration ttl);

		/**
		 * Publish and wait for the server to store the message.
		 * @return the server's acknowledgement
		 * @throws JetStreamPublishException if the message was not stored
		 */
		PublishAck send();

		/**
		 * Publish without waiting, within the bound of publishes in flight.
		 * @return a future of the server's acknowledgement
		 */
		CompletableFuture<PublishAck> sendAsync();

	}

	/**
	 * The messages of one atomic batch; {@link #send()} publishes them, the server stores
	 * them when the last arrives, all of them or none. All must go to subjects of the
	 * same stream; at most 1000 by the server's default limit.
	 */
	interface BatchBuilder {

		/**
		 * Add a message.
		 * @param subject the subject
		 * @param payload the payload
		 * @return this builder
		 */
		BatchBuilder add(String subject, Object payload);

		/**
		 * Add a message with headers (a {@code Nats-Msg-Id} among them is deduplicated as
		 * for single messages: a batch with a message id the stream has seen is refused
		 * whole).
		 * @param subject the subject
		 * @param payload the payload
		 * @param headers the headers
		 * @return this builder
		 */
		BatchBuilder add(String subject, Object payload, Map<String, String> headers);

		/**
		 * Wait at most this long for each answer of the server.
		 * @param timeout the timeout
		 * @return this builder
		 */
		BatchBuilder timeout(Duration timeout);

		/**
		 * Publish the batch and wait for the server to store it.
		 * @return the server's acknowledgement: the sequence of the last message, the
		 * batch id and size
		 * @throws JetStreamPublishException if the batch was not stored; nothing of it
		 * was
		 */
		PublishAck send();

	}

}
