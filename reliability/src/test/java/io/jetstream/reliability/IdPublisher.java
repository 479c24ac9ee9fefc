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
package io.jetstream.reliability;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.jetstream.spring.core.JetStreamOperations;
import org.jspecify.annotations.Nullable;

/**
 * Publishes ids through the template, each with itself as message id, on a thread of its
 * own while a scenario breaks things; records each stored id in the ledger, the first
 * failure, and the longest single publish (how long retries bridged an outage).
 */
final class IdPublisher extends Thread {

	private final JetStreamOperations template;

	private final Ledger ledger;

	private final int messages;

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	private final AtomicLong longest = new AtomicLong();

	IdPublisher(JetStreamOperations template, Ledger ledger, int messages) {
		super("publisher");
		this.template = template;
		this.ledger = ledger;
		this.messages = messages;
	}

	@Override
	public void run() {
		try {
			for (int i = 0; i < this.messages; i++) {
				String id = Scenarios.id(i);
				long start = System.nanoTime();
				this.template.newMessage(id).subject("orders.created").messageId(id).send();
				this.longest.accumulateAndGet(System.nanoTime() - start, Math::max);
				this.ledger.published(id);
			}
		}
		catch (Throwable ex) {
			this.failure.set(ex);
		}
	}

	@Nullable Throwable failure() {
		return this.failure.get();
	}

	Duration longestPublish() {
		return Duration.ofNanos(this.longest.get());
	}

}
