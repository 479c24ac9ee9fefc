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
package io.jetstream.spring.core;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryPolicy;

import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How {@link JetStreamTemplate} translates what jnats throws into the exception the
 * caller gets, and which failures it retries: without a server, with a {@link JetStream}
 * that answers each publish with the next scripted outcome (what a real server does is
 * tested in {@code JetStreamTemplateTests}).
 */
class JetStreamTemplateErrorTranslationTests {

	private final Deque<Object> outcomes = new ArrayDeque<>();

	private int publishes;

	private final JetStreamTemplate template = new JetStreamTemplate(scripted(), null,
			new DefaultJetStreamMessageConverter((org.springframework.messaging.converter.MessageConverter) null));

	@Test
	void aFailedExpectationIsAPublishExpectationFailedException() {
		this.outcomes.add(apiError(10071, "wrong last sequence: 7"));
		assertThatExceptionOfType(PublishExpectationFailedException.class)
			.isThrownBy(() -> this.template.newMessage("x").subject("orders.1").expectedLastSequence(6).send())
			.withMessageContaining("orders.1")
			.withMessageContaining("wrong last sequence");
	}

	@Test
	void aMessageOverTheStreamsMaximumSaysSo() {
		this.outcomes.add(apiError(10054, "message size exceeds maximum allowed"));
		assertThatExceptionOfType(JetStreamPublishException.class)
			.isThrownBy(() -> this.template.publish("orders.1", new byte[10]))
			.withMessageContaining("larger than the stream's max-msg-size (10 bytes)");
		assertThat(this.publishes).as("not retried").isOne();
	}

	@Test
	void whatTheClientRefusesIsNotRetried() {
		this.template.setRetryPolicy(RetryPolicy.builder().maxRetries(3).delay(Duration.ofMillis(1)).build());
		this.outcomes.add(new IllegalArgumentException("Message payload size exceed server configuration"));
		assertThatExceptionOfType(JetStreamPublishException.class)
			.isThrownBy(() -> this.template.publish("orders.1", "x"))
			.withMessageContaining("the client refused it");
		assertThat(this.publishes).isOne();
	}

	@Test
	void aTimeoutIsRetriedWithTheRetryPolicyAndTheSameMessageId() {
		this.template.setRetryPolicy(RetryPolicy.builder().maxRetries(3).delay(Duration.ofMillis(1)).build());
		this.outcomes.add(new IOException("Timeout or no response waiting for NATS JetStream server"));
		this.outcomes.add(ack());
		assertThat(this.template.publish("orders.1", "x").getSeqno()).isEqualTo(1);
		assertThat(this.publishes).isEqualTo(2);
	}

	@Test
	void aTimeoutWithRetriesOffSaysNoAcknowledgement() {
		this.outcomes.add(new IOException("Timeout or no response waiting for NATS JetStream server"));
		assertThatExceptionOfType(JetStreamPublishException.class)
			.isThrownBy(() -> this.template.publish("orders.1", "x"))
			.withMessageContaining("no acknowledgement from the server")
			.withMessageContaining("retries are off");
	}

	@Test
	void noRespondersWithoutAStreamLookupIsNoStreamForSubject() {
		this.outcomes.add(new IOException("503 No Responders Available For Request"));
		assertThatExceptionOfType(NoStreamForSubjectException.class)
			.isThrownBy(() -> this.template.publish("nowhere.1", "x"))
			.withMessageContaining("no stream captures this subject");
	}

	private JetStream scripted() {
		return (JetStream) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { JetStream.class },
				(proxy, method, args) -> {
					if (!method.getName().equals("publish")) {
						throw new UnsupportedOperationException(method.getName());
					}
					this.publishes++;
					Object outcome = this.outcomes.poll();
					if (outcome instanceof Exception ex) {
						throw ex;
					}
					return outcome;
				});
	}

	private static PublishAck ack() {
		try {
			return new PublishAck(NatsMessage.builder()
				.subject("ack")
				.data("{\"stream\":\"ORDERS\",\"seq\":1}", StandardCharsets.UTF_8)
				.build());
		}
		catch (IOException | JetStreamApiException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A JetStream API error as jnats reads it from the server's answer.
	 */
	private static JetStreamApiException apiError(int code, String description) {
		String answer = "{\"error\":{\"code\":400,\"err_code\":" + code + ",\"description\":\"" + description + "\"}}";
		try {
			new PublishAck(NatsMessage.builder().subject("ack").data(answer, StandardCharsets.UTF_8).build());
			throw new IllegalStateException("not an error");
		}
		catch (JetStreamApiException ex) {
			return ex;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
