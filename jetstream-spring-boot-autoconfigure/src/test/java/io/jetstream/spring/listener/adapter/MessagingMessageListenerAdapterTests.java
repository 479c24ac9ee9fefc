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

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.Message;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.util.ReflectionUtils;

import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * How {@link MessagingMessageListenerAdapter} invokes listener methods, without a server:
 * the direct path for a lone {@code byte[]} or NATS {@code Message} parameter, and the
 * resolvers' path for everything else.
 */
class MessagingMessageListenerAdapterTests {

	private final Listener listener = new Listener();

	private final DefaultMessageHandlerMethodFactory factory = new JetStreamMessageHandlerMethodFactory();

	MessagingMessageListenerAdapterTests() {
		this.factory.setMessageConverter(
				new DefaultJetStreamMessageConverter((org.springframework.messaging.converter.MessageConverter) null));
		this.factory.setCustomArgumentResolvers(List.of(new JetStreamArgumentResolver()));
		this.factory.afterPropertiesSet();
	}

	@Test
	void aLoneBytesOrMessageParameterGetsThePayloadOrTheMessage() throws Exception {
		Message message = message("payload");
		adapter("onBytes").onMessage(message, null);
		adapter("onMessage").onMessage(message, null);
		adapter("onText").onMessage(message, null);
		assertThat(this.listener.received).hasSize(3);
		assertThat((byte[]) this.listener.received.get(0)).asString(StandardCharsets.UTF_8).isEqualTo("payload");
		assertThat(this.listener.received.get(1)).isSameAs(message);
		assertThat(this.listener.received.get(2)).isEqualTo("payload");
	}

	@Test
	void whatTheMethodThrowsIsThrownAsItIs() {
		assertThatException().isThrownBy(() -> adapter("failChecked").onMessage(message("x"), null))
			.isExactlyInstanceOf(IOException.class)
			.withMessage("checked x");
		assertThatException().isThrownBy(() -> adapter("failUnchecked").onMessage(message("x"), null))
			.isExactlyInstanceOf(IllegalStateException.class);
	}

	@Test
	void anEmptyPayloadStillFailsAsAMissingPayload() {
		assertThatException().isThrownBy(() -> adapter("onBytes").onMessage(message(""), null))
			.isInstanceOfAny(MethodArgumentNotValidException.class, MethodArgumentResolutionException.class);
		assertThat(this.listener.received).isEmpty();
	}

	private MessagingMessageListenerAdapter adapter(String methodName) {
		Method method = ReflectionUtils.findMethod(Listener.class, methodName, (Class<?>[]) null);
		assertThat(method).isNotNull();
		return new MessagingMessageListenerAdapter(this.factory.createInvocableHandlerMethod(this.listener, method),
				"ORDERS", "worker");
	}

	private static Message message(String data) {
		return NatsMessage.builder().subject("orders.created").data(data, StandardCharsets.UTF_8).build();
	}

	static class Listener {

		final List<Object> received = new ArrayList<>();

		public void onBytes(byte[] data) {
			this.received.add(data);
		}

		public void onMessage(Message message) {
			this.received.add(message);
		}

		public void onText(String text) {
			this.received.add(text);
		}

		public void failChecked(byte[] data) throws IOException {
			throw new IOException("checked " + new String(data, StandardCharsets.UTF_8));
		}

		public void failUnchecked(byte[] data) {
			throw new IllegalStateException("unchecked");
		}

	}

}
