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

package io.jetstream.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method to be called for each message of a durable pull consumer, with explicit
 * acknowledgement:
 *
 * <pre class="code">
 * &#64;JetStreamListener(stream = "ORDERS", consumer = "order-processor", concurrency = "4")
 * void onOrder(Order order, &#64;Header("X-Correlation-ID") String correlationId, MessageMetadata meta) { ... }
 * </pre>
 *
 * The consumer is the one declared in {@code nats.jetstream.consumers} (or as a
 * {@code ConsumerDeclaration} bean), or is created from this annotation's consumer
 * attributes ({@link #subjects()}, {@link #ackWait()}, {@link #maxDeliver()},
 * {@link #backoff()}, {@link #deliverPolicy()}) when it is not declared; setting an
 * attribute that contradicts the declaration fails startup.
 * <p>
 * Parameters: the payload (converted from JSON, or {@code String}, {@code byte[]}),
 * {@code @Header}, {@code @Headers}, {@code io.nats.client.Message},
 * {@code MessageMetadata}, and {@code Acknowledgment} with {@code ackMode = "manual"};
 * {@code @Valid} payloads are validated. Every attribute accepts {@code ${...}}
 * placeholders and {@code #{...}} expressions.
 * <p>
 * Outcome in auto ack mode: the method returns → ack; it throws → nak with a delay (from
 * the consumer's backoff, else the listener back-off), or a dead letter when the delivery
 * was the last allowed one, the payload cannot be converted or validated, or the
 * exception is a {@code NonRetryableException}.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(JetStreamListeners.class)
public @interface JetStreamListener {

	/**
	 * The listener id, for the registry and the actuator endpoint. Defaults to the
	 * consumer name.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The stream. May be left out when the consumer is declared (its declaration names
	 * the stream).
	 * @return the stream name
	 */
	String stream() default "";

	/**
	 * The durable consumer name.
	 * @return the consumer name
	 */
	String consumer();

	/**
	 * The bean name of the {@code JetStreamListenerContainerFactory} that creates this
	 * listener's container; empty for the default one
	 * ({@code jetStreamListenerContainerFactory}).
	 * @return the container factory bean name
	 */
	String containerFactory() default "";

	/**
	 * The bean name of the {@code JetStreamErrorHandler} that decides about this
	 * listener's failed messages; empty for the container factory's.
	 * @return the error handler bean name
	 */
	String errorHandler() default "";

	/**
	 * Filter subjects for a consumer created from this annotation.
	 * @return the subjects
	 */
	String[] subjects() default {};

	/**
	 * Workers sharing the durable consumer; defaults to
	 * {@code nats.jetstream.listener.concurrency} (1).
	 * @return the number of workers
	 */
	String concurrency() default "";

	/**
	 * Whether the listener starts with the application ({@code true} by default).
	 * @return "true" or "false"
	 */
	String autoStartup() default "";

	/**
	 * {@code auto} (default) or {@code manual} (the method settles each message through
	 * an {@code Acknowledgment} parameter).
	 * @return the ack mode
	 */
	String ackMode() default "";

	/**
	 * Dead-letter subject; empty for the default {@code <prefix>.<stream>.<consumer>},
	 * {@code none} to terminate failed messages without a dead letter.
	 * @return the dead-letter subject
	 */
	String deadLetter() default "";

	/**
	 * Ack wait for a consumer created from this annotation, such as {@code 30s}.
	 * @return the ack wait
	 */
	String ackWait() default "";

	/**
	 * Maximum deliveries for a consumer created from this annotation.
	 * @return the maximum deliveries
	 */
	String maxDeliver() default "";

	/**
	 * Redelivery delays for a consumer created from this annotation, such as
	 * {@code {"1s", "5s", "30s"}}.
	 * @return the delays
	 */
	String[] backoff() default {};

	/**
	 * Deliver policy for a consumer created from this annotation, such as {@code all} or
	 * {@code new}.
	 * @return the deliver policy
	 */
	String deliverPolicy() default "";

	/**
	 * Messages pulled ahead per worker, at most; defaults to
	 * {@code nats.jetstream.listener.batch-size}.
	 * @return the batch size
	 */
	String batchSize() default "";

	/**
	 * The priority group of the consumer this listener pulls in (nats-server 2.11+);
	 * empty for the consumer's first, if it has priority groups.
	 * @return the group
	 */
	String priorityGroup() default "";

	/**
	 * For a consumer with priority policy {@code overflow}: pull only while at least this
	 * many messages wait undelivered, such as {@code 1000}; empty to pull always.
	 * @return the backlog
	 */
	String minPending() default "";

	/**
	 * For a consumer with priority policy {@code overflow}: pull only while at least this
	 * many messages are delivered and not yet acknowledged; empty to pull always.
	 * @return the number of messages
	 */
	String minAckPending() default "";

	/**
	 * {@code true} for a batch listener: the method takes one {@code List} (of payloads,
	 * of Spring {@code Message}s, or of {@code io.nats.client.Message}) and receives what
	 * its worker took in a row, up to {@link #batchSize()} messages within
	 * {@code nats.jetstream.listener.batch-wait} of the first. Returning acknowledges
	 * them all; see {@code BatchListenerFailedException} for a failure of one.
	 * @return "true" or "false"
	 */
	String batch() default "";

}
