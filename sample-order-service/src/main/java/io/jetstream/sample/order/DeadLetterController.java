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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.jetstream.spring.core.JetStreamReadException;
import io.jetstream.spring.listener.DeadLetters;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dead-letters} lists the dead letters with their payloads as text;
 * {@code POST /dead-letters/{sequence}/replay} redrives one to the consumer it failed in.
 * Both are the starter's {@link DeadLetters} (the {@code deadletters} actuator endpoint
 * offers the same, without payloads).
 */
@RestController
public class DeadLetterController {

	private final DeadLetters deadLetters;

	public DeadLetterController(DeadLetters deadLetters) {
		this.deadLetters = deadLetters;
	}

	@GetMapping("/dead-letters")
	public List<Map<String, Object>> list(@RequestParam(required = false) @Nullable String consumer) {
		return this.deadLetters.list(DeadLetters.Query.all().withConsumer(consumer))
			.deadLetters()
			.stream()
			.map(this::describe)
			.toList();
	}

	@PostMapping("/dead-letters/{sequence}/replay")
	public ResponseEntity<Object> replay(@PathVariable long sequence) {
		try {
			return ResponseEntity.ok(this.deadLetters.redrive(sequence, false));
		}
		catch (JetStreamReadException ex) {
			return (ex.getKind() == JetStreamReadException.Kind.MESSAGE_NOT_FOUND) ? ResponseEntity.notFound().build()
					: ResponseEntity.badRequest().body(Map.of("error", String.valueOf(ex.getMessage())));
		}
		catch (IllegalArgumentException ex) {
			// a message on the dead-letter subjects without the starter's headers
			return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(ex.getMessage())));
		}
	}

	private Map<String, Object> describe(DeadLetters.DeadLetter deadLetter) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("sequence", deadLetter.sequence());
		described.put("reason", deadLetter.reason());
		described.put("error", deadLetter.error());
		described.put("consumer", deadLetter.consumer());
		described.put("originalSubject", deadLetter.originalSubject());
		described.put("originalSequence", deadLetter.originalSequence());
		described.put("deliveryCount", deadLetter.deliveryCount());
		described.put("redriveCount", deadLetter.redriveCount());
		described.put("payload", payload(deadLetter));
		return described;
	}

	private String payload(DeadLetters.DeadLetter deadLetter) {
		try {
			return this.deadLetters.read(deadLetter.sequence(), String.class).payload();
		}
		catch (JetStreamReadException ex) {
			return "(" + deadLetter.size() + " bytes, not text)";
		}
	}

}
