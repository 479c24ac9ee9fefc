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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.jetstream.spring.core.JetStreamTemplate;
import io.nats.client.api.PublishAck;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dead-letters} lists what the {@link DeadLetterRecorder} recorded;
 * {@code POST /dead-letters/{id}/replay} republishes the original payload to its original
 * subject.
 */
@RestController
public class DeadLetterController {

	private final JdbcClient jdbc;

	private final JetStreamTemplate template;

	public DeadLetterController(JdbcClient jdbc, JetStreamTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	@GetMapping("/dead-letters")
	public List<Map<String, Object>> list() {
		return this.jdbc.sql("""
				SELECT id, reason, error, original_subject, original_stream, original_sequence, consumer,
				  delivery_count, payload FROM dead_letters ORDER BY id""")
			.query((rs, row) -> Map.<String, Object>of("id", rs.getLong("id"), "reason", rs.getString("reason"),
					"error", rs.getString("error"), "originalSubject", rs.getString("original_subject"),
					"originalStream", rs.getString("original_stream"), "originalSequence",
					rs.getLong("original_sequence"), "consumer", rs.getString("consumer"), "deliveryCount",
					rs.getInt("delivery_count"), "payload", rs.getString("payload")))
			.list();
	}

	@PostMapping("/dead-letters/{id}/replay")
	public ResponseEntity<Map<String, Object>> replay(@PathVariable long id) {
		return this.jdbc.sql("SELECT original_subject, content_type, payload FROM dead_letters WHERE id = ?")
			.param(id)
			.query((rs, row) -> {
				String subject = rs.getString("original_subject");
				String contentType = rs.getString("content_type");
				byte[] payload = rs.getString("payload").getBytes(StandardCharsets.UTF_8);
				// a new message id: the original's is still in the duplicate window for 2
				// minutes
				PublishAck ack = this.template.newMessage(payload)
					.subject(subject)
					.messageId("replay-" + id + "-" + System.currentTimeMillis())
					.header("Content-Type", contentType.isEmpty() ? "application/json" : contentType)
					.send();
				return Map.<String, Object>of("replayed", id, "subject", subject, "sequence", ack.getSeqno());
			})
			.optional()
			.map(ResponseEntity::ok)
			.orElse(ResponseEntity.notFound().build());
	}

}
