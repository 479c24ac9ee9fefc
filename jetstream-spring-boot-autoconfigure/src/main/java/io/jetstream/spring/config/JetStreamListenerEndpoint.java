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
package io.jetstream.spring.config;

import java.time.Duration;
import java.util.List;

import io.nats.client.api.DeliverPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.listener.JetStreamErrorHandler;

/**
 * What a {@link JetStreamListenerContainerFactory} turns into a container: a listener and
 * its settings, as Spring for Apache Kafka's {@code KafkaListenerEndpoint}. Settings left
 * out are {@code null} (or empty) and take the factory's. The consumer settings
 * ({@link #getSubjects() subjects} to {@link #getDeliverPolicy() deliver policy})
 * describe a consumer created for the listener, and must agree with the consumer's
 * declaration where there is one.
 * <p>
 * {@link MethodJetStreamListenerEndpoint} is a {@code @JetStreamListener} method,
 * {@link SimpleJetStreamListenerEndpoint} a listener object of your own.
 *
 * @since 0.1.0
 * @see AbstractJetStreamListenerEndpoint
 */
public interface JetStreamListenerEndpoint {

	/**
	 * Return the listener id, unique in the application.
	 * @return the id
	 */
	String getId();

	/**
	 * Return the stream.
	 * @return the stream, or {@code null} to take it from the consumer's declaration
	 */
	@Nullable String getStream();

	/**
	 * Return the durable consumer.
	 * @return its name
	 */
	String getConsumer();

	/**
	 * Return the number of workers.
	 * @return the number, or {@code null} for the factory's
	 */
	@Nullable Integer getConcurrency();

	/**
	 * Return whether the listener starts with the application.
	 * @return whether it does, or {@code null} for the factory's setting
	 */
	@Nullable Boolean getAutoStartup();

	/**
	 * Return the ack mode.
	 * @return the mode, or {@code null} for the factory's
	 */
	@Nullable AckMode getAckMode();

	/**
	 * Return the dead-letter subject.
	 * @return the subject, {@value JetStreamListenerContainerFactory#NO_DEAD_LETTER} for
	 * none, or {@code null} for the factory's recoverer as it is
	 */
	@Nullable String getDeadLetter();

	/**
	 * Return the messages pulled ahead per worker (a batch listener's largest batch).
	 * @return the number, or {@code null} for the factory's
	 */
	@Nullable Integer getBatchSize();

	/**
	 * Return the filter subjects of a consumer created for the listener.
	 * @return the subjects, empty for none
	 */
	List<String> getSubjects();

	/**
	 * Return the ack wait of a consumer created for the listener.
	 * @return the ack wait, or {@code null} for the server's default
	 */
	@Nullable Duration getAckWait();

	/**
	 * Return the maximum deliveries of a consumer created for the listener.
	 * @return the maximum, or {@code null} for the server's default
	 */
	@Nullable Long getMaxDeliver();

	/**
	 * Return the redelivery delays of a consumer created for the listener.
	 * @return the delays, empty for none
	 */
	List<Duration> getBackoff();

	/**
	 * Return the deliver policy of a consumer created for the listener.
	 * @return the policy, or {@code null} for the server's default
	 */
	@Nullable DeliverPolicy getDeliverPolicy();

	/**
	 * Return the listener's own error handler.
	 * @return the handler, or {@code null} for the factory's
	 */
	@Nullable JetStreamErrorHandler getErrorHandler();

	/**
	 * Return the priority group the listener pulls in.
	 * @return the group, or {@code null} for the consumer's first
	 */
	@Nullable String getPriorityGroup();

	/**
	 * Return the backlog the listener's pulls wait for (priority policy overflow).
	 * @return the count, or {@code null} for none
	 */
	@Nullable Long getMinPending();

	/**
	 * Return the unacknowledged messages the listener's pulls wait for (priority policy
	 * overflow).
	 * @return the count, or {@code null} for none
	 */
	@Nullable Long getMinAckPending();

	/**
	 * Return whether the listener takes batches.
	 * @return whether it is a batch listener
	 */
	boolean isBatchListener();

	/**
	 * Describe the endpoint for messages (startup failures, logs).
	 * @return such as {@code @JetStreamListener(id = "orders") on OrderHandler.onOrder}
	 */
	String describe();

	/**
	 * Set the listener the container calls (a message listener, or a batch listener) on
	 * the container's properties, whose settings are resolved by then.
	 * @param properties the container's properties
	 * @param handlerMethodFactory the factory's handler method factory, for endpoints
	 * that invoke methods
	 * @param replyTemplate the factory's template for replies, or {@code null} if it has
	 * none
	 * @throws JetStreamTopologyException if the listener cannot work with these settings
	 */
	void setupListener(JetStreamContainerProperties properties, MessageHandlerMethodFactory handlerMethodFactory,
			@Nullable JetStreamOperations replyTemplate);

}
