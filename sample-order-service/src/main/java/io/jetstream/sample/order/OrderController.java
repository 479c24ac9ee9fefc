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

import java.util.Map;

import io.jetstream.spring.core.JetStreamTemplate;
import io.nats.client.api.PublishAck;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /orders} publishes an order (message id = order id, so a retried POST is
 * stored once); {@code GET /orders/{id}} reads what the listener stored; {@code POST
 * /products/{name}} adds a product to the catalog.
 */
@RestController
public class OrderController {

	private final JetStreamTemplate template;

	private final JdbcClient jdbc;

	private final Catalog catalog;

	public OrderController(JetStreamTemplate template, JdbcClient jdbc, Catalog catalog) {
		this.template = template;
		this.jdbc = jdbc;
		this.catalog = catalog;
	}

	@PostMapping("/orders")
	public ResponseEntity<Map<String, Object>> create(@Valid @RequestBody Order order) {
		PublishAck ack = this.template.newMessage(order).subject("orders.created").messageId(order.id()).send();
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(Map.of("id", order.id(), "stream", ack.getStream(), "sequence", ack.getSeqno(), "duplicate",
					ack.isDuplicate()));
	}

	@GetMapping("/orders/{id}")
	public ResponseEntity<Map<String, Object>> find(@PathVariable String id) {
		return this.jdbc.sql("SELECT id, product, quantity, stream_sequence, stored_at FROM orders WHERE id = ?")
			.param(id)
			.query((rs, row) -> Map.<String, Object>of("id", rs.getString("id"), "product", rs.getString("product"),
					"quantity", rs.getInt("quantity"), "streamSequence", rs.getLong("stream_sequence"), "storedAt",
					rs.getTimestamp("stored_at").toInstant().toString()))
			.optional()
			.map(ResponseEntity::ok)
			.orElse(ResponseEntity.notFound().build());
	}

	@PostMapping("/products/{name}")
	public Map<String, Object> addProduct(@PathVariable String name) {
		this.catalog.add(name);
		return Map.of("products", this.catalog.products());
	}

}
