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

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.util.ReflectionUtils;

import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The prepared payload readers convert exactly as the argument resolvers do: the same
 * values, the same failures, and the messages they cannot read (another content type, an
 * empty payload) are left to the resolvers.
 */
class PayloadReaderTests {

	private final JetStreamMessageHandlerMethodFactory factory = new JetStreamMessageHandlerMethodFactory();

	private final Listener listener = new Listener();

	PayloadReaderTests() {
		this.factory.setMessageConverter(new DefaultJetStreamMessageConverter(JsonMapper.builder().build()));
		this.factory.setCustomArgumentResolvers(List.of(new JetStreamArgumentResolver()));
		this.factory.afterPropertiesSet();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "null", textBlock = """
			onOrder  | {"id":"o-1","quantity":2}         | null
			onOrder  | {"id":"Bücher-日本","quantity":1} | null
			onOrder  | {"id":"o-1","quantity":           | null
			onOrder  | not json at all                   | null
			onOrder  | {"id":"o-1","quantity":2}         | application/json
			onOrder  | {"id":"o-1","quantity":2}         | application/json;charset=UTF-8
			onOrder  | {"id":"o-1","quantity":2}         | application/vnd.orders+json
			onOrder  | {"id":"o-1","quantity":2}         | text/plain
			onOrder  | {"id":"o-1","quantity":2}         | not a content type
			onOrders | [{"id":"o-1","quantity":2}]       | null
			onOrders | [{"id":"o-1","quantity":"two"}]   | null
			onMap    | {"id":"o-1","nested":{"a":1}}     | null
			onText   | plain text, with ü                | null
			onText   | plain text                        | text/plain;charset=ISO-8859-1
			""")
	void convertsAsTheResolversDo(String methodName, String payload, String contentType) throws Exception {
		Method method = method(methodName);
		assertThat(this.factory.payloadReader(method)).isNotNull();
		Message message = message(payload.getBytes(StandardCharsets.UTF_8), contentType);
		assertThat(outcome(method, message, true)).isEqualTo(outcome(method, message, false));
	}

	@Test
	void invalidUtf8TextFailsTheSameWay() throws Exception {
		Method method = method("onText");
		Message message = message(new byte[] { 'a', (byte) 0xC3, (byte) 0x28 }, null);
		Outcome prepared = outcome(method, message, true);
		assertThat(prepared.failure()).contains("Payload is not valid UTF-8 text");
		assertThat(prepared).isEqualTo(outcome(method, message, false));
	}

	@Test
	void anEmptyPayloadIsLeftToTheResolvers() throws Exception {
		Method method = method("onOrder");
		Message message = message(new byte[0], null);
		Outcome prepared = outcome(method, message, true);
		assertThat(prepared.failure()).isNotNull();
		assertThat(prepared).isEqualTo(outcome(method, message, false));
	}

	@Test
	void methodsTheResolversTreatDifferentlyGetNoReader() {
		assertThat(this.factory.payloadReader(method("onAnnotated"))).isNull();
		assertThat(this.factory.payloadReader(method("onObject"))).isNull();
		assertThat(this.factory.payloadReader(method("onTwo"))).isNull();
		assertThat(this.factory.payloadReader(method("onSpringMessage"))).isNull();
		assertThat(this.factory.payloadReader(method("onMetadata"))).isNull();
	}

	private Outcome outcome(Method method, Message message, boolean prepared) {
		MessagingMessageListenerAdapter adapter = new MessagingMessageListenerAdapter(
				this.factory.createInvocableHandlerMethod(this.listener, method), "ORDERS", "worker");
		if (prepared) {
			adapter.setPayloadReader(this.factory.payloadReader(method));
		}
		this.listener.received.clear();
		try {
			adapter.onMessage(message, null);
			return new Outcome(this.listener.received.get(0), null);
		}
		catch (Exception ex) {
			String cause = (ex.getCause() != null) ? ex.getCause().getClass().getSimpleName() : "";
			return new Outcome(null, ex.getClass().getSimpleName() + " (" + cause + "): "
					+ Objects.requireNonNullElse(ex.getMessage(), "").replaceAll(", failedMessage=.*", ""));
		}
	}

	private static Method method(String name) {
		Method method = ReflectionUtils.findMethod(Listener.class, name, (Class<?>[]) null);
		assertThat(method).isNotNull();
		return method;
	}

	private static Message message(byte[] data, String contentType) {
		Headers headers = new Headers();
		if (contentType != null) {
			headers.add("Content-Type", contentType);
		}
		return NatsMessage.builder().subject("orders.created").headers(headers).data(data).build();
	}

	record Outcome(Object value, String failure) {
	}

	record Order(String id, int quantity) {
	}

	static class Listener {

		final List<Object> received = new ArrayList<>();

		public void onOrder(Order order) {
			this.received.add(order);
		}

		public void onOrders(List<Order> orders) {
			this.received.add(orders);
		}

		public void onMap(Map<String, Object> map) {
			this.received.add(map);
		}

		public void onText(String text) {
			this.received.add(text);
		}

		public void onAnnotated(@Payload Order order) {
			this.received.add(order);
		}

		public void onObject(Object payload) {
			this.received.add(payload);
		}

		public void onTwo(Order order, String other) {
		}

		public void onSpringMessage(org.springframework.messaging.Message<Order> message) {
		}

		public void onMetadata(io.jetstream.spring.listener.MessageMetadata metadata) {
		}

	}

}
