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

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.JetStreamContainerProperties;
import io.jetstream.spring.listener.adapter.BatchMessagingMessageListenerAdapter;
import io.jetstream.spring.listener.adapter.JetStreamMessageHandlerMethodFactory;
import io.jetstream.spring.listener.adapter.MessagingMessageListenerAdapter;

/**
 * A listener method of a bean ({@code @JetStreamListener}), which creates its own
 * adapter: a {@link MessagingMessageListenerAdapter}, or a
 * {@link BatchMessagingMessageListenerAdapter} for a batch listener. As Spring for Apache
 * Kafka's {@code MethodKafkaListenerEndpoint}.
 *
 * @since 0.1.0
 */
public class MethodJetStreamListenerEndpoint extends AbstractJetStreamListenerEndpoint {

	private final Object bean;

	private final Method method;

	private @Nullable String sendTo;

	/**
	 * Create an endpoint.
	 * @param id the listener id, unique in the application
	 * @param consumer the durable consumer
	 * @param bean the bean
	 * @param method the method to invoke on the bean
	 */
	public MethodJetStreamListenerEndpoint(String id, String consumer, Object bean, Method method) {
		super(id, consumer);
		this.bean = bean;
		this.method = method;
	}

	/**
	 * Return the bean.
	 * @return the bean
	 */
	public Object getBean() {
		return this.bean;
	}

	/**
	 * Return the method invoked on the bean.
	 * @return the method
	 */
	public Method getMethod() {
		return this.method;
	}

	/**
	 * Return the subject the method's results are published to.
	 * @return the subject ({@code @SendTo}), or {@code null} for none
	 */
	public @Nullable String getSendTo() {
		return this.sendTo;
	}

	/**
	 * Publish the method's results to this subject through the factory's template.
	 * @param sendTo the subject ({@code @SendTo}), or {@code null} for none
	 */
	public void setSendTo(@Nullable String sendTo) {
		this.sendTo = sendTo;
	}

	@Override
	public String describe() {
		return "@JetStreamListener(id = \"" + getId() + "\") on " + this.method.getDeclaringClass().getSimpleName()
				+ "." + this.method.getName();
	}

	@Override
	public void setupListener(JetStreamContainerProperties properties, MessageHandlerMethodFactory handlerMethodFactory,
			@Nullable JetStreamOperations replyTemplate) {
		if (isBatchListener()) {
			properties.setBatchMessageListener(batchAdapter(properties, handlerMethodFactory));
		}
		else {
			properties.setMessageListener(adapter(properties, handlerMethodFactory, replyTemplate));
		}
	}

	private MessagingMessageListenerAdapter adapter(JetStreamContainerProperties properties,
			MessageHandlerMethodFactory handlerMethodFactory, @Nullable JetStreamOperations replyTemplate) {
		InvocableHandlerMethod handlerMethod = handlerMethodFactory.createInvocableHandlerMethod(this.bean,
				this.method);
		MessagingMessageListenerAdapter adapter;
		try {
			adapter = new MessagingMessageListenerAdapter(handlerMethod, properties.getStream(),
					properties.getConsumer());
		}
		catch (IllegalStateException ex) {
			throw new JetStreamTopologyException(describe() + ": " + ex.getMessage(), null);
		}
		if (handlerMethodFactory instanceof JetStreamMessageHandlerMethodFactory factory) {
			adapter.setPayloadReader(factory.payloadReader(this.method));
		}
		if (this.sendTo != null) {
			if (replyTemplate == null) {
				throw new JetStreamTopologyException(describe() + " has @SendTo(\"" + this.sendTo
						+ "\"), but its container factory has no template to send with", null);
			}
			adapter.setReplyTo(replyTemplate, this.sendTo);
		}
		return adapter;
	}

	/**
	 * A batch listener's adapter, converting with the handler method factory's converter
	 * and validator; what a batch listener cannot do fails startup.
	 */
	private BatchMessagingMessageListenerAdapter batchAdapter(JetStreamContainerProperties properties,
			MessageHandlerMethodFactory handlerMethodFactory) {
		if (this.sendTo != null) {
			throw new JetStreamTopologyException(
					describe() + " is a batch listener with @SendTo, which batch listeners do not support", null);
		}
		if (properties.getAckMode() == AckMode.MANUAL) {
			throw new JetStreamTopologyException(describe()
					+ " is a batch listener in manual ack mode, which batch listeners do not support: they "
					+ "settle the batch by returning or throwing (BatchListenerFailedException for one message)", null);
		}
		if (!(handlerMethodFactory instanceof JetStreamMessageHandlerMethodFactory factory)
				|| !(factory.getMessageConverter() instanceof SmartMessageConverter converter)) {
			throw new JetStreamTopologyException(describe()
					+ " is a batch listener, which needs a JetStreamMessageHandlerMethodFactory with a converter",
					null);
		}
		try {
			return new BatchMessagingMessageListenerAdapter(this.bean, this.method, converter, factory.getValidator());
		}
		catch (IllegalStateException ex) {
			throw new JetStreamTopologyException(describe() + ": " + ex.getMessage(), null);
		}
	}

}
