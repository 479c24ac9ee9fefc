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
package io.jetstream.spring.observation;

import io.micrometer.observation.transport.ReceiverContext;
import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * The context of a listener's processing of one message: its headers carry the trace.
 *
 * @since 0.1.0
 */
public class JetStreamProcessContext extends ReceiverContext<Message> {

	private final String stream;

	private final String consumer;

	/**
	 * Create a context.
	 * @param message the delivered message
	 * @param stream the stream
	 * @param consumer the consumer
	 */
	public JetStreamProcessContext(Message message, String stream, String consumer) {
		super((carrier, key) -> header(carrier, key));
		setCarrier(message);
		this.stream = stream;
		this.consumer = consumer;
	}

	private static @Nullable String header(Message carrier, String key) {
		return (carrier.getHeaders() != null) ? carrier.getHeaders().getFirst(key) : null;
	}

	/**
	 * Return the stream.
	 * @return the stream
	 */
	public String getStream() {
		return this.stream;
	}

	/**
	 * Return the consumer.
	 * @return the consumer
	 */
	public String getConsumer() {
		return this.consumer;
	}

}
