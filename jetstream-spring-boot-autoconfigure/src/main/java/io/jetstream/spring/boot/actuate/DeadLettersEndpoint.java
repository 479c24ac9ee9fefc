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
package io.jetstream.spring.boot.actuate;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.jetstream.spring.core.JetStreamReadException;
import io.jetstream.spring.listener.DeadLetters;

/**
 * The {@code deadletters} actuator endpoint: dead letters counted per consumer and
 * reason, a page of them (filtered by stream, consumer and reason; headers, never
 * payloads), one by its sequence; redrive one ({@code POST
 * /actuator/deadletters/{sequence}}) or a selection ({@code POST /actuator/deadletters},
 * rate-limited, with a dry run) to the consumer it failed in; delete one. What was not
 * found answers 400 (an unknown consumer, a missing dead-letter stream) or 404 (an
 * unknown sequence on read, or one below 1). It shows no connection details, and masks
 * the values of headers that say who a publisher is ({@code Authorization},
 * {@code Cookie}, names containing {@code token}, {@code secret}, {@code password}, ...;
 * {@code nats.jetstream.listener.dead-letter.sensitive-headers}).
 *
 * @since 0.1.0
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

	private static final String MASK = "******";

	private final DeadLetters deadLetters;

	private final List<String> sensitiveHeaders;

	private final double redriveRate;

	/**
	 * Create the endpoint.
	 * @param deadLetters the dead letters
	 * @param redriveRate most redrives per second of a selection
	 */
	public DeadLettersEndpoint(DeadLetters deadLetters, double redriveRate) {
		this(deadLetters, redriveRate, DeadLetters.DEFAULT_SENSITIVE_HEADERS);
	}

	/**
	 * Create the endpoint.
	 * @param deadLetters the dead letters
	 * @param redriveRate most redrives per second of a selection
	 * @param sensitiveHeaders header names whose values are shown as {@code ******}: a
	 * name matches when it equals one of them or contains it, ignoring case
	 */
	public DeadLettersEndpoint(DeadLetters deadLetters, double redriveRate, Collection<String> sensitiveHeaders) {
		this.deadLetters = deadLetters;
		this.redriveRate = redriveRate;
		this.sensitiveHeaders = sensitiveHeaders.stream()
			.map((name) -> name.trim().toLowerCase(Locale.ROOT))
			.filter((name) -> !name.isEmpty())
			.toList();
	}

	/**
	 * Count the dead letters per consumer and list a page of them.
	 * @param stream only those of this original stream
	 * @param consumer only those of this consumer
	 * @param reason only those of this reason
	 * @param from the first dead-letter sequence to look at
	 * @param limit at most this many (default 100)
	 * @return the counts and the page
	 */
	@ReadOperation
	public DeadLettersDescriptor deadLetters(@Nullable String stream, @Nullable String consumer,
			@Nullable String reason, @Nullable Long from, @Nullable Integer limit) {
		DeadLetters.Query query = query(stream, consumer, reason, from, limit);
		return call(() -> {
			DeadLetters.Page page = this.deadLetters.list(query);
			return new DeadLettersDescriptor(this.deadLetters.getStream(), this.deadLetters.getMaxRedrives(),
					this.deadLetters.summary(), page.deadLetters().stream().map(this::describe).toList(), page.next());
		});
	}

	/**
	 * Describe one dead letter.
	 * @param sequence its sequence in the dead-letter stream
	 * @return the dead letter, or {@code null} (404) if there is none
	 */
	@ReadOperation
	public @Nullable DeadLetterDescriptor deadLetter(@Selector long sequence) {
		if (sequence < 1) {
			return null;
		}
		try {
			return describe(this.deadLetters.get(sequence));
		}
		catch (JetStreamReadException ex) {
			if (ex.getKind() == JetStreamReadException.Kind.MESSAGE_NOT_FOUND) {
				return null;
			}
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getKind().name());
		}
	}

	/**
	 * Redrive one dead letter to the consumer it failed in.
	 * @param sequence its sequence in the dead-letter stream
	 * @param dryRun {@code true} to only say what would happen
	 * @return what happened
	 */
	@WriteOperation
	public DeadLetters.RedriveResult redrive(@Selector long sequence, @Nullable Boolean dryRun) {
		requirePositive(sequence);
		return call(() -> this.deadLetters.redrive(sequence, Boolean.TRUE.equals(dryRun)));
	}

	/**
	 * Redrive a selection of dead letters, at most the configured rate per second.
	 * @param stream only those of this original stream
	 * @param consumer only those of this consumer
	 * @param reason only those of this reason
	 * @param limit at most this many (default 100)
	 * @param dryRun {@code true} to only say what would happen
	 * @return one result per dead letter selected
	 */
	@WriteOperation
	public List<DeadLetters.RedriveResult> redriveSelection(@Nullable String stream, @Nullable String consumer,
			@Nullable String reason, @Nullable Integer limit, @Nullable Boolean dryRun) {
		DeadLetters.Query query = query(stream, consumer, reason, null, limit);
		return call(() -> this.deadLetters.redrive(query, this.redriveRate, Boolean.TRUE.equals(dryRun)));
	}

	/**
	 * Delete one dead letter.
	 * @param sequence its sequence in the dead-letter stream
	 * @return whether there was one to delete
	 */
	@DeleteOperation
	public boolean delete(@Selector long sequence) {
		requirePositive(sequence);
		return call(() -> this.deadLetters.delete(sequence));
	}

	private static void requirePositive(long sequence) {
		if (sequence < 1) {
			throw new InvalidEndpointRequestException("a dead letter's sequence is at least 1, not " + sequence,
					"Invalid sequence");
		}
	}

	private DeadLetterDescriptor describe(DeadLetters.DeadLetter deadLetter) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		deadLetter.headers().forEach((name, values) -> headers.put(name, isSensitive(name) ? List.of(MASK) : values));
		return DeadLetterDescriptor.of(deadLetter, headers);
	}

	private boolean isSensitive(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return this.sensitiveHeaders.stream().anyMatch(lower::contains);
	}

	private static DeadLetters.Query query(@Nullable String stream, @Nullable String consumer, @Nullable String reason,
			@Nullable Long from, @Nullable Integer limit) {
		if (limit != null && limit < 1) {
			throw new InvalidEndpointRequestException("limit must be at least 1, not " + limit, "Invalid limit");
		}
		return DeadLetters.Query.all()
			.withStream(stream)
			.withConsumer(consumer)
			.withReason(reason)
			.withFrom((from != null) ? from : 1)
			.withLimit((limit != null) ? limit : DeadLetters.Query.DEFAULT_LIMIT);
	}

	/**
	 * What was not found, or is not a dead letter, is the request's fault: 400 with the
	 * message naming it.
	 */
	private static <T> T call(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (JetStreamReadException ex) {
			if (ex.getKind() == JetStreamReadException.Kind.UNAVAILABLE
					|| ex.getKind() == JetStreamReadException.Kind.CONVERSION_FAILED) {
				throw ex;
			}
			throw new InvalidEndpointRequestException(ex.getMessage(), ex.getKind().name());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidEndpointRequestException(ex.getMessage(), "Not a dead letter");
		}
	}

	/**
	 * What the endpoint reads.
	 *
	 * @param stream the dead-letter stream
	 * @param maxRedrives how often a message may be redriven before it is parked
	 * @param consumers counts per consumer and reason
	 * @param deadLetters a page of dead letters
	 * @param next where the next page starts, {@code 0} if none
	 */
	public record DeadLettersDescriptor(String stream, int maxRedrives, List<DeadLetters.ConsumerSummary> consumers,
			List<DeadLetterDescriptor> deadLetters, long next) {
	}

	/**
	 * One dead letter without its payload.
	 *
	 * @param sequence its sequence in the dead-letter stream
	 * @param timestamp when it was stored
	 * @param reason why
	 * @param error the failure's message, decoded
	 * @param exceptionClass the failure's class
	 * @param stream the original stream
	 * @param consumer the consumer that gave up
	 * @param originalSubject the subject of the original
	 * @param originalSequence the sequence of the original
	 * @param deliveryCount deliveries of the original
	 * @param redriveCount redrives before
	 * @param size the payload's size in bytes
	 * @param headers every header
	 */
	public record DeadLetterDescriptor(long sequence, Instant timestamp, @Nullable String reason,
			@Nullable String error, @Nullable String exceptionClass, @Nullable String stream, @Nullable String consumer,
			@Nullable String originalSubject, long originalSequence, long deliveryCount, int redriveCount, int size,
			Map<String, List<String>> headers) {

		static DeadLetterDescriptor of(DeadLetters.DeadLetter deadLetter, Map<String, List<String>> headers) {
			return new DeadLetterDescriptor(deadLetter.sequence(), deadLetter.timestamp(), deadLetter.reason(),
					deadLetter.error(), deadLetter.exceptionClass(), deadLetter.originalStream(), deadLetter.consumer(),
					deadLetter.originalSubject(), deadLetter.originalSequence(), deadLetter.deliveryCount(),
					deadLetter.redriveCount(), deadLetter.size(), headers);
		}

	}

}
