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

import org.springframework.util.Assert;

import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.JetStreamErrorHandler;

/**
 * The settings of a {@link JetStreamListenerEndpoint}, with setters; subclasses say which
 * listener the container calls. As Spring for Apache Kafka's
 * {@code AbstractKafkaListenerEndpoint}.
 *
 * @since 0.1.0
 */
public abstract class AbstractJetStreamListenerEndpoint implements JetStreamListenerEndpoint {

	private final String id;

	private final String consumer;

	private List<String> subjects = List.of();

	private List<Duration> backoff = List.of();

	private boolean batchListener;

	private @Nullable String stream;

	private @Nullable Integer concurrency;

	private @Nullable Boolean autoStartup;

	private @Nullable AckMode ackMode;

	private @Nullable String deadLetter;

	private @Nullable Integer batchSize;

	private @Nullable Duration ackWait;

	private @Nullable Long maxDeliver;

	private @Nullable DeliverPolicy deliverPolicy;

	private @Nullable JetStreamErrorHandler errorHandler;

	private @Nullable String priorityGroup;

	private @Nullable Long minPending;

	private @Nullable Long minAckPending;

	/**
	 * Create an endpoint.
	 * @param id the listener id, unique in the application
	 * @param consumer the durable consumer
	 */
	protected AbstractJetStreamListenerEndpoint(String id, String consumer) {
		Assert.hasText(id, "id must not be empty");
		Assert.hasText(consumer, "consumer must not be empty");
		this.id = id;
		this.consumer = consumer;
	}

	@Override
	public String getId() {
		return this.id;
	}

	@Override
	public String getConsumer() {
		return this.consumer;
	}

	@Override
	public List<String> getSubjects() {
		return this.subjects;
	}

	/**
	 * Set the filter subjects of a consumer created for the listener.
	 * @param subjects the subjects, empty for none
	 */
	public void setSubjects(List<String> subjects) {
		this.subjects = List.copyOf(subjects);
	}

	@Override
	public List<Duration> getBackoff() {
		return this.backoff;
	}

	/**
	 * Set the redelivery delays of a consumer created for the listener.
	 * @param backoff the delays, empty for none
	 */
	public void setBackoff(List<Duration> backoff) {
		this.backoff = List.copyOf(backoff);
	}

	@Override
	public boolean isBatchListener() {
		return this.batchListener;
	}

	/**
	 * Set whether the listener takes batches.
	 * @param batchListener whether it is a batch listener
	 */
	public void setBatchListener(boolean batchListener) {
		this.batchListener = batchListener;
	}

	@Override
	public @Nullable String getStream() {
		return this.stream;
	}

	/**
	 * Set the stream.
	 * @param stream the stream, or {@code null} to take it from the consumer's
	 * declaration
	 */
	public void setStream(@Nullable String stream) {
		this.stream = stream;
	}

	@Override
	public @Nullable Integer getConcurrency() {
		return this.concurrency;
	}

	/**
	 * Set the number of workers.
	 * @param concurrency the number of workers, or {@code null} for the factory's
	 */
	public void setConcurrency(@Nullable Integer concurrency) {
		this.concurrency = concurrency;
	}

	@Override
	public @Nullable Boolean getAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Set whether it starts with the application.
	 * @param autoStartup whether it starts with the application, or {@code null} for the
	 * factory's setting
	 */
	public void setAutoStartup(@Nullable Boolean autoStartup) {
		this.autoStartup = autoStartup;
	}

	@Override
	public @Nullable AckMode getAckMode() {
		return this.ackMode;
	}

	/**
	 * Set the ack mode.
	 * @param ackMode the ack mode, or {@code null} for the factory's
	 */
	public void setAckMode(@Nullable AckMode ackMode) {
		this.ackMode = ackMode;
	}

	@Override
	public @Nullable String getDeadLetter() {
		return this.deadLetter;
	}

	/**
	 * Set the dead-letter subject.
	 * @param deadLetter the dead-letter subject, {@code none} for none, or {@code null}
	 * for the factory's recoverer as it is
	 */
	public void setDeadLetter(@Nullable String deadLetter) {
		this.deadLetter = deadLetter;
	}

	@Override
	public @Nullable Integer getBatchSize() {
		return this.batchSize;
	}

	/**
	 * Set the messages pulled ahead per worker.
	 * @param batchSize the messages pulled ahead per worker, or {@code null} for the
	 * factory's
	 */
	public void setBatchSize(@Nullable Integer batchSize) {
		this.batchSize = batchSize;
	}

	@Override
	public @Nullable Duration getAckWait() {
		return this.ackWait;
	}

	/**
	 * Set the ack wait of a consumer created for it.
	 * @param ackWait the ack wait of a consumer created for it, or {@code null}
	 */
	public void setAckWait(@Nullable Duration ackWait) {
		this.ackWait = ackWait;
	}

	@Override
	public @Nullable Long getMaxDeliver() {
		return this.maxDeliver;
	}

	/**
	 * Set the maximum deliveries of a consumer created for it.
	 * @param maxDeliver the maximum deliveries of a consumer created for it, or
	 * {@code null}
	 */
	public void setMaxDeliver(@Nullable Long maxDeliver) {
		this.maxDeliver = maxDeliver;
	}

	@Override
	public @Nullable DeliverPolicy getDeliverPolicy() {
		return this.deliverPolicy;
	}

	/**
	 * Set the deliver policy of a consumer created for it.
	 * @param deliverPolicy the deliver policy of a consumer created for it, or
	 * {@code null}
	 */
	public void setDeliverPolicy(@Nullable DeliverPolicy deliverPolicy) {
		this.deliverPolicy = deliverPolicy;
	}

	@Override
	public @Nullable JetStreamErrorHandler getErrorHandler() {
		return this.errorHandler;
	}

	/**
	 * Set its own error handler.
	 * @param errorHandler its own error handler, or {@code null} for the factory's
	 */
	public void setErrorHandler(@Nullable JetStreamErrorHandler errorHandler) {
		this.errorHandler = errorHandler;
	}

	@Override
	public @Nullable String getPriorityGroup() {
		return this.priorityGroup;
	}

	/**
	 * Set the priority group it pulls in.
	 * @param priorityGroup the priority group it pulls in, or {@code null} for the
	 * consumer's first
	 */
	public void setPriorityGroup(@Nullable String priorityGroup) {
		this.priorityGroup = priorityGroup;
	}

	@Override
	public @Nullable Long getMinPending() {
		return this.minPending;
	}

	/**
	 * Set the backlog its pulls wait for (overflow).
	 * @param minPending the backlog its pulls wait for (overflow), or {@code null}
	 */
	public void setMinPending(@Nullable Long minPending) {
		this.minPending = minPending;
	}

	@Override
	public @Nullable Long getMinAckPending() {
		return this.minAckPending;
	}

	/**
	 * Set the unacknowledged messages its pulls wait for (overflow).
	 * @param minAckPending the unacknowledged messages its pulls wait for (overflow), or
	 * {@code null}
	 */
	public void setMinAckPending(@Nullable Long minAckPending) {
		this.minAckPending = minAckPending;
	}

}
