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
package io.jetstream.spring.listener.adapter;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

import io.jetstream.spring.listener.Acknowledgment;
import io.jetstream.spring.listener.MessageMetadata;

import io.jetstream.spring.support.JetStreamHeaders;

/**
 * Resolves the JetStream-specific listener parameters: the NATS
 * {@link io.nats.client.Message}, {@link MessageMetadata} and {@link Acknowledgment}.
 *
 * @since 0.1.0
 */
public class JetStreamArgumentResolver implements HandlerMethodArgumentResolver {

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		return type == io.nats.client.Message.class || type == MessageMetadata.class || type == Acknowledgment.class;
	}

	@Override
	public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) {
		Class<?> type = parameter.getParameterType();
		String header = (type == io.nats.client.Message.class) ? JetStreamHeaders.RAW_MESSAGE
				: (type == MessageMetadata.class) ? JetStreamHeaders.METADATA : JetStreamHeaders.ACKNOWLEDGMENT;
		Object value = message.getHeaders().get(header);
		if (value == null && type == Acknowledgment.class) {
			throw new IllegalStateException("An Acknowledgment parameter needs ackMode = \"manual\" on "
					+ parameter.getExecutable().toGenericString());
		}
		return value;
	}

}
