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

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.JetStreamBatchMessageListener;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.listener.JetStreamMessageListener;

/**
 * A listener object of your own, for listeners registered in code rather than by
 * annotation; its container gets every guarantee an annotated method's gets. As Spring
 * for Apache Kafka's {@code SimpleKafkaListenerEndpoint}.
 *
 * @since 0.1.0
 */
public class SimpleJetStreamListenerEndpoint extends AbstractJetStreamListenerEndpoint {

	private final @Nullable JetStreamMessageListener messageListener;

	private final @Nullable JetStreamBatchMessageListener batchMessageListener;

	/**
	 * Create an endpoint that hands each message to a listener.
	 * @param id the listener id, unique in the application
	 * @param consumer the durable consumer
	 * @param messageListener the listener
	 */
	public SimpleJetStreamListenerEndpoint(String id, String consumer, JetStreamMessageListener messageListener) {
		super(id, consumer);
		Assert.notNull(messageListener, "messageListener must not be null");
		this.messageListener = messageListener;
		this.batchMessageListener = null;
	}

	/**
	 * Create an endpoint that hands batches to a batch listener.
	 * @param id the listener id, unique in the application
	 * @param consumer the durable consumer
	 * @param batchMessageListener the batch listener
	 */
	public SimpleJetStreamListenerEndpoint(String id, String consumer,
			JetStreamBatchMessageListener batchMessageListener) {
		super(id, consumer);
		Assert.notNull(batchMessageListener, "batchMessageListener must not be null");
		this.messageListener = null;
		this.batchMessageListener = batchMessageListener;
		setBatchListener(true);
	}

	@Override
	public void setBatchListener(boolean batchListener) {
		Assert.isTrue(batchListener == (this.batchMessageListener != null),
				"Whether the endpoint is a batch listener follows from its listener");
		super.setBatchListener(batchListener);
	}

	@Override
	public String describe() {
		return "listener '" + getId() + "'";
	}

	@Override
	public void setupListener(JetStreamContainerProperties properties, MessageHandlerMethodFactory handlerMethodFactory,
			@Nullable JetStreamOperations replyTemplate) {
		if (this.batchMessageListener != null) {
			properties.setBatchMessageListener(this.batchMessageListener);
		}
		else if (this.messageListener != null) {
			properties.setMessageListener(this.messageListener);
		}
	}

}
