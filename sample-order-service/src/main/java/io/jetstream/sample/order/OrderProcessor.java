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

package io.jetstream.sample.order;

import java.time.Instant;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.listener.MessageMetadata;
import io.jetstream.spring.listener.NonRetryableException;
import jakarta.validation.Valid;

import org.springframework.core.log.LogAccessor;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores each order once. Outcomes: an unknown product is not retryable (dead letter at
 * once); the {@code flaky-widget} inventory fails twice before it answers (retried with
 * the consumer's backoff); a payload that is not an order is dead-lettered by the starter
 * as {@code conversion_failed}.
 */
@Component
public class OrderProcessor {

	private static final LogAccessor logger = new LogAccessor(OrderProcessor.class);

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Catalog catalog;

	public OrderProcessor(JdbcClient jdbc, TransactionTemplate transactions, Catalog catalog) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.catalog = catalog;
	}

	@JetStreamListener(consumer = "order-processor")
	public void onOrder(@Valid Order order, MessageMetadata metadata) {
		if (!this.catalog.contains(order.product())) {
			throw new NonRetryableException("unknown product: " + order.product());
		}
		if (order.product().equals("flaky-widget") && metadata.deliveredCount() < 3) {
			throw new IllegalStateException(
					"inventory service unavailable (attempt " + metadata.deliveredCount() + ")");
		}
		this.transactions.executeWithoutResult((status) -> store(order, metadata));
	}

	/**
	 * The message key and the order are written together: a redelivery of the same
	 * message (same stream sequence) or another message with the same order id changes
	 * nothing.
	 */
	private void store(Order order, MessageMetadata metadata) {
		try {
			this.jdbc.sql("INSERT INTO processed_messages (message_key, processed_at) VALUES (?, ?)")
				.params(metadata.stream() + ":" + metadata.streamSequence(), Instant.now())
				.update();
			this.jdbc
				.sql("INSERT INTO orders (id, product, quantity, stream_sequence, stored_at) VALUES (?, ?, ?, ?, ?)")
				.params(order.id(), order.product(), order.quantity(), metadata.streamSequence(), Instant.now())
				.update();
			logger.info(() -> "Stored order " + order.id() + " from " + metadata.stream() + "#"
					+ metadata.streamSequence());
		}
		catch (DuplicateKeyException ex) {
			logger.info(() -> "Order " + order.id() + " (" + metadata.stream() + "#" + metadata.streamSequence()
					+ ") was applied before; nothing to do");
		}
	}

}
