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
package io.jetstream.spring.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The permission violations the NATS server reported on this application's connection, by
 * subject. The server answers a publish or subscription the user may not make with an
 * asynchronous error and nothing else: a pull request then looks like a quiet consumer
 * and a publish like a slow server. Recording the violations lets the health check name a
 * listener that may not pull, and the template fail a publish at once instead of retrying
 * it.
 *
 * @since 0.1.0
 */
public class PermissionViolations {

	private static final Pattern VIOLATION = Pattern
		.compile("Permissions Violation for (Publish|Subscription) to \"?([^\"\\s]+)\"?", Pattern.CASE_INSENSITIVE);

	private static final int MAX_SUBJECTS = 256;

	/**
	 * What a pull request of a consumer is published to, followed by
	 * {@code <stream>.<consumer>}.
	 */
	public static final String PULL_SUBJECT_PREFIX = "$JS.API.CONSUMER.MSG.NEXT.";

	private final Map<String, Violation> bySubject = new ConcurrentHashMap<>();

	private final Clock clock;

	/**
	 * Create an empty record.
	 */
	public PermissionViolations() {
		this(Clock.systemUTC());
	}

	PermissionViolations(Clock clock) {
		this.clock = clock;
	}

	/**
	 * Record a server error if it is a permission violation.
	 * @param serverError the error text the server sent ({@code -ERR ...})
	 * @return the violation, or {@code null} if the error is of another kind
	 */
	public @Nullable Violation record(String serverError) {
		Matcher matcher = VIOLATION.matcher(serverError);
		if (!matcher.find()) {
			return null;
		}
		String operation = matcher.group(1).toLowerCase(Locale.ROOT);
		String subject = matcher.group(2);
		if (this.bySubject.size() >= MAX_SUBJECTS && !this.bySubject.containsKey(subject)) {
			this.bySubject.values()
				.stream()
				.min(Comparator.comparing(Violation::lastSeen))
				.ifPresent((oldest) -> this.bySubject.remove(oldest.subject()));
		}
		return this.bySubject.merge(subject, new Violation(operation, subject, this.clock.instant(), 1),
				(previous, latest) -> new Violation(operation, subject, latest.lastSeen(), previous.count() + 1));
	}

	/**
	 * Return the violation on a subject seen within the given time, if any.
	 * @param subject the exact subject
	 * @param within how far back to look
	 * @return the violation, or {@code null}
	 */
	public @Nullable Violation find(String subject, Duration within) {
		Violation violation = this.bySubject.get(subject);
		return (violation != null && isRecent(violation, within)) ? violation : null;
	}

	/**
	 * Return the violations seen within the given time, most recent first.
	 * @param within how far back to look
	 * @return the violations
	 */
	public List<Violation> recent(Duration within) {
		return this.bySubject.values()
			.stream()
			.filter((violation) -> isRecent(violation, within))
			.sorted(Comparator.comparing(Violation::lastSeen).reversed())
			.toList();
	}

	/**
	 * Return the subject a consumer's pull requests are published to; a violation on it
	 * means the user may not pull from that consumer.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @return the pull subject
	 */
	public static String pullSubject(String stream, String consumer) {
		return PULL_SUBJECT_PREFIX + stream + "." + consumer;
	}

	private boolean isRecent(Violation violation, Duration within) {
		return !violation.lastSeen().isBefore(this.clock.instant().minus(within));
	}

	/**
	 * A subject the user may not publish to or subscribe to.
	 *
	 * @param operation {@code publish} or {@code subscription}
	 * @param subject the subject
	 * @param lastSeen when the server last reported it
	 * @param count how often the server reported it
	 */
	public record Violation(String operation, String subject, Instant lastSeen, long count) {

		@Override
		public String toString() {
			return "permission denied for " + this.operation + " to " + this.subject;
		}

	}

}
