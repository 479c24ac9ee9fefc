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

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import io.nats.client.api.DeliverPolicy;
import org.jspecify.annotations.Nullable;

import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.JetStreamErrorHandler;

/**
 * One listener method with its resolved {@code @JetStreamListener} attributes; what the
 * container factory turns into a container. Attributes left out are {@code null} (or
 * empty) and take the defaults.
 *
 * @param id the listener id
 * @param stream the stream, or {@code null} to take it from the consumer's declaration
 * @param consumer the durable consumer name
 * @param bean the bean
 * @param method the method to invoke on the bean
 * @param concurrency the number of workers
 * @param autoStartup whether it starts with the application
 * @param ackMode the ack mode
 * @param deadLetter the dead-letter subject, {@code none}, or {@code null} for the
 * default
 * @param batchSize the pull batch size
 * @param subjects filter subjects for a consumer created from the annotation
 * @param ackWait ack wait for a created consumer
 * @param maxDeliver maximum deliveries for a created consumer
 * @param backoff redelivery delays for a created consumer
 * @param deliverPolicy deliver policy for a created consumer
 * @param errorHandler the listener's own error handler, or {@code null} for the factory's
 * @param priorityGroup the priority group it pulls in, or {@code null} for the consumer's
 * first
 * @param minPending the backlog its pulls wait for (overflow), or {@code null}
 * @param minAckPending the unacknowledged messages its pulls wait for (overflow), or
 * {@code null}
 * @param sendTo the subject its results are published to ({@code @SendTo}), or
 * {@code null}
 * @param batch whether it is a batch listener, or {@code null} for not
 * @since 0.1.0
 */
public record JetStreamListenerEndpoint(String id, @Nullable String stream, String consumer, Object bean, Method method,
		@Nullable Integer concurrency, @Nullable Boolean autoStartup, @Nullable AckMode ackMode,
		@Nullable String deadLetter, @Nullable Integer batchSize, List<String> subjects, @Nullable Duration ackWait,
		@Nullable Long maxDeliver, List<Duration> backoff, @Nullable DeliverPolicy deliverPolicy,
		@Nullable JetStreamErrorHandler errorHandler, @Nullable String priorityGroup, @Nullable Long minPending,
		@Nullable Long minAckPending, @Nullable String sendTo, @Nullable Boolean batch) {

	/**
	 * Describe the annotated method for messages.
	 * @return such as {@code @JetStreamListener(id = "orders") on OrderHandler.onOrder}
	 */
	public String describe() {
		return "@JetStreamListener(id = \"" + this.id + "\") on " + this.method.getDeclaringClass().getSimpleName()
				+ "." + this.method.getName();
	}

}
