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

import java.time.Instant;

import io.nats.client.Message;
import io.nats.client.impl.NatsJetStreamMetaData;

/**
 * Where a delivered message comes from and how often it was delivered; a listener
 * parameter.
 *
 * @param stream the stream
 * @param consumer the consumer
 * @param subject the subject the message was published to
 * @param streamSequence the message's sequence in the stream
 * @param consumerSequence the delivery's sequence in the consumer
 * @param deliveredCount how often it has been delivered, this delivery included
 * @param pending messages left for the consumer after this one
 * @param timestamp when the message was stored
 * @since 0.1.0
 */
public record MessageMetadata(String stream, String consumer, String subject, long streamSequence,
		long consumerSequence, long deliveredCount, long pending, Instant timestamp) {

	/**
	 * Read the metadata of a JetStream message.
	 * @param message the message
	 * @return the metadata
	 */
	public static MessageMetadata of(Message message) {
		NatsJetStreamMetaData meta = message.metaData();
		return new MessageMetadata(meta.getStream(), meta.getConsumer(), message.getSubject(), meta.streamSequence(),
				meta.consumerSequence(), meta.deliveredCount(), meta.pendingCount(), meta.timestamp().toInstant());
	}

}
