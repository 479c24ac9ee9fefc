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
import java.util.List;
import java.util.Map;

import io.nats.client.api.PublishAck;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The messages of one atomic batch, collected for {@link JetStreamTemplate}.
 */
final class AtomicBatch implements JetStreamOperations.BatchBuilder {

	private final JetStreamTemplate template;

	final List<Entry> entries = new ArrayList<>();

	@Nullable Duration timeout;

	AtomicBatch(JetStreamTemplate template) {
		this.template = template;
	}

	@Override
	public JetStreamOperations.BatchBuilder add(String subject, Object payload) {
		return add(subject, payload, Map.of());
	}

	@Override
	public JetStreamOperations.BatchBuilder add(String subject, Object payload, Map<String, String> headers) {
		Assert.hasText(subject, "A subject is required");
		Assert.notNull(payload, "Payload must not be null");
		this.entries.add(new Entry(subject, payload, Map.copyOf(headers)));
		return this;
	}

	@Override
	public JetStreamOperations.BatchBuilder timeout(Duration timeout) {
		this.timeout = timeout;
		return this;
	}

	@Override
	public PublishAck send() {
		return this.template.send(this);
	}

	/**
	 * One message of the batch.
	 *
	 * @param subject the subject
	 * @param payload the payload
	 * @param headers headers of the caller's
	 */
	record Entry(String subject, Object payload, Map<String, String> headers) {
	}

}
