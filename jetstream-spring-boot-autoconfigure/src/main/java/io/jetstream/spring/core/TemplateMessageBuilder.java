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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The {@link JetStreamOperations.SendMessageBuilder} of {@link JetStreamTemplate}:
 * collects what {@link JetStreamTemplate#newMessage(Object)} is told and hands it back to
 * the template to publish.
 */
final class TemplateMessageBuilder implements JetStreamOperations.SendMessageBuilder {

	private final JetStreamTemplate template;

	final Object payload;

	@Nullable String subject;

	final Map<String, List<String>> headers = new LinkedHashMap<>();

	@Nullable String messageId;

	@Nullable String expectedStream;

	@Nullable Long expectedLastSequence;

	@Nullable Long expectedLastSubjectSequence;

	@Nullable String expectedLastMessageId;

	@Nullable Duration timeout;

	@Nullable Duration ttl;

	TemplateMessageBuilder(JetStreamTemplate template, Object payload) {
		this.template = template;
		Assert.notNull(payload, "Payload must not be null");
		this.payload = payload;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder subject(String subject) {
		this.subject = subject;
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder header(String name, String value) {
		this.headers.computeIfAbsent(name, (key) -> new ArrayList<>(1)).add(value);
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder headers(Map<String, String> headers) {
		headers.forEach(this::header);
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder messageId(String messageId) {
		this.messageId = messageId;
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder expectedStream(String stream) {
		this.expectedStream = stream;
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder expectedLastSequence(long sequence) {
		this.expectedLastSequence = sequence;
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder expectedLastSubjectSequence(long sequence) {
		this.expectedLastSubjectSequence = sequence;
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder expectedLastMessageId(String messageId) {
		this.expectedLastMessageId = messageId;
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	@Override
	public JetStreamOperations.SendMessageBuilder ttl(Duration ttl) {
		Assert.isTrue(ttl.compareTo(Duration.ofSeconds(1)) >= 0, () -> "ttl must be at least 1s, not " + ttl);
		this.ttl = ttl;
		return this;
	}

	/**
	 * Whether any expectation (or a time to live) was set on this builder.
	 */
	boolean hasExpectations() {
		return this.expectedStream != null || this.expectedLastSequence != null
				|| this.expectedLastSubjectSequence != null || this.expectedLastMessageId != null || this.ttl != null;
	}

	/**
	 * Write the expectations set on this builder into publish options.
	 * @param options the options to write into
	 */
	void applyExpectations(PublishOptions.Builder options) {
		if (this.expectedStream != null) {
			options.expectedStream(this.expectedStream);
		}
		if (this.expectedLastSequence != null) {
			options.expectedLastSequence(this.expectedLastSequence);
		}
		if (this.expectedLastSubjectSequence != null) {
			options.expectedLastSubjectSequence(this.expectedLastSubjectSequence);
		}
		if (this.expectedLastMessageId != null) {
			options.expectedLastMsgId(this.expectedLastMessageId);
		}
		if (this.ttl != null) {
			options.messageTtlSeconds((int) Math.min(Integer.MAX_VALUE, this.ttl.toSeconds()));
		}
	}

	@Override
	public PublishAck send() {
		return this.template.send(this);
	}

	@Override
	public CompletableFuture<PublishAck> sendAsync() {
		return this.template.sendAsync(this);
	}

}
