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
import java.time.Instant;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.listener.MessageMetadata;
import io.jetstream.spring.support.DeadLetterHeaders;
import io.jetstream.spring.support.HeaderValues;
import io.nats.client.Message;
import io.nats.client.impl.Headers;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Records every dead letter of the {@code DLQ} stream in the database, once each (keyed
 * by its sequence in the dead-letter stream).
 */
@Component
public class DeadLetterRecorder {

	private final JdbcClient jdbc;

	public DeadLetterRecorder(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Anyone who may publish to the dead-letter subjects can store a message there: one
	 * without the starter's headers, or with values that do not parse, is recorded as it
	 * is (reason {@code unknown}, sequences {@code -1}) instead of failing, which with
	 * {@code deadLetter = "none"} would redeliver it for ever.
	 */
	@JetStreamListener(stream = "DLQ", consumer = "dead-letter-recorder", deadLetter = "none")
	public void onDeadLetter(Message message, MessageMetadata metadata) {
		Headers headers = (message.getHeaders() != null) ? message.getHeaders() : new Headers();
		String reason = header(headers, DeadLetterHeaders.REASON);
		try {
			this.jdbc.sql("""
					INSERT INTO dead_letters (dlq_sequence, reason, error, exception_class, original_subject,
					  original_stream, original_sequence, consumer, delivery_count, content_type, payload, received_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(metadata.streamSequence(), reason.isEmpty() ? "unknown" : reason,
						header(headers, DeadLetterHeaders.ERROR), header(headers, DeadLetterHeaders.EXCEPTION_CLASS),
						header(headers, DeadLetterHeaders.ORIGINAL_SUBJECT),
						header(headers, DeadLetterHeaders.ORIGINAL_STREAM),
						number(header(headers, DeadLetterHeaders.ORIGINAL_SEQUENCE)),
						header(headers, DeadLetterHeaders.CONSUMER),
						(int) number(header(headers, DeadLetterHeaders.DELIVERY_COUNT)),
						header(headers, "Content-Type"),
						new String((message.getData() != null) ? message.getData() : new byte[0],
								StandardCharsets.UTF_8),
						Instant.now())
				.update();
		}
		catch (DuplicateKeyException ex) {
			// recorded on an earlier delivery
		}
	}

	private static long number(String value) {
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * Header values are ASCII; text that was not (an error message naming "Bücher") comes
	 * as an RFC 2047 encoded word, decoded here for display.
	 */
	private static String header(Headers headers, String name) {
		String value = HeaderValues.decode(headers.getFirst(name));
		return (value != null) ? value : "";
	}

}
