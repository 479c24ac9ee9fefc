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

import java.time.Duration;
import java.util.List;

import io.nats.client.Message;

/**
 * Decides what happens to a message whose listener threw. A bean of this type replaces
 * {@link DefaultJetStreamErrorHandler} for every listener.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JetStreamErrorHandler {

	/**
	 * Decide about a failed message.
	 * @param message the message
	 * @param metadata its metadata (delivery count among them)
	 * @param failure what the listener threw (or what failed before it was called, such
	 * as a conversion)
	 * @param consumer the consumer's limits that matter for the decision
	 * @return the decision
	 */
	ListenerErrorDecision handle(Message message, MessageMetadata metadata, Throwable failure, ConsumerLimits consumer);

	/**
	 * The consumer settings that bound retries.
	 *
	 * @param maxDeliver maximum deliveries, or -1 for unlimited
	 * @param backoff the consumer's backoff delays by delivery, possibly empty
	 * @param ackWait the consumer's ack wait
	 */
	record ConsumerLimits(long maxDeliver, List<Duration> backoff, Duration ackWait) {

		/**
		 * Whether a delivery is the last the server makes: after it, a message that is
		 * not settled is never delivered again. The one definition of "last delivery",
		 * for the error handler's decision and the container's dead-letter retries.
		 * @param deliveredCount the delivery count of the message
		 * @return {@code true} for the last allowed delivery
		 */
		public boolean isLastDelivery(long deliveredCount) {
			return this.maxDeliver > 0 && deliveredCount >= this.maxDeliver;
		}

		/**
		 * The ack-wait of one delivery: with a backoff list, the server waits the delay
		 * of the delivery's index (the last for later ones) before it redelivers, else
		 * the ack-wait. The shorter of that delay and the previous one is returned, so
		 * that a server counting deliveries from the other end is not outrun either.
		 * @param deliveredCount the delivery count of the message
		 * @return how long the server waits for word on this delivery, at most
		 */
		public Duration ackWaitOf(long deliveredCount) {
			if (this.backoff.isEmpty()) {
				return this.ackWait;
			}
			int last = this.backoff.size() - 1;
			int index = (int) Math.max(0, Math.min(last, deliveredCount - 1));
			Duration delay = this.backoff.get(index);
			Duration previous = this.backoff.get(Math.max(0, index - 1));
			return (previous.compareTo(delay) < 0) ? previous : delay;
		}

	}

}
