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

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * NATS subjects read from the wire, checked before the application acts on them.
 *
 * @since 0.1.0
 */
public final class Subjects {

	private Subjects() {
	}

	/**
	 * Whether a literal subject matches a pattern ({@code *} one token, {@code >} one or
	 * more at the end).
	 * @param subject the literal subject
	 * @param pattern the pattern, such as a stream's subject
	 * @return {@code true} if it matches
	 */
	public static boolean matches(String subject, String pattern) {
		String[] tokens = subject.split("\\.", -1);
		String[] patterns = pattern.split("\\.", -1);
		for (int i = 0; i < patterns.length; i++) {
			if (patterns[i].equals(">")) {
				return tokens.length > i;
			}
			if (i >= tokens.length || (!patterns[i].equals("*") && !patterns[i].equals(tokens[i]))) {
				return false;
			}
		}
		return tokens.length == patterns.length;
	}

	/**
	 * Whether a literal subject matches any of the patterns.
	 * @param subject the literal subject
	 * @param patterns the patterns, {@code null} for none
	 * @return {@code true} if one matches
	 */
	public static boolean matchesAny(String subject, @Nullable Collection<String> patterns) {
		return patterns != null && patterns.stream().anyMatch((pattern) -> matches(subject, pattern));
	}

	/**
	 * Why an application message may not be published to a subject taken from the wire,
	 * or {@code null} if it may: a literal subject of non-empty tokens without white
	 * space, outside the server's and clients' own name spaces ({@code $JS.},
	 * {@code $SYS.}, {@code $KV.}, {@code $O.} and anything else beginning with
	 * {@code $}, {@code _INBOX.}).
	 * @param subject the subject
	 * @return the reason, or {@code null}
	 */
	public static @Nullable String whyNotForMessages(@Nullable String subject) {
		if (subject == null || subject.isEmpty()) {
			return "no subject";
		}
		for (int i = 0; i < subject.length(); i++) {
			char c = subject.charAt(i);
			if (c <= ' ' || c == 127) {
				return "'" + subject + "' holds white space or a control character";
			}
		}
		for (String token : subject.split("\\.", -1)) {
			if (token.isEmpty()) {
				return "'" + subject + "' has an empty token";
			}
			if (token.equals("*") || token.equals(">")) {
				return "'" + subject + "' is a wildcard, not a subject";
			}
		}
		if (subject.startsWith("$")) {
			return "'" + subject + "' is in the server's name space ($JS., $SYS., $KV., $O., ...)";
		}
		if (subject.startsWith("_INBOX.")) {
			return "'" + subject + "' is a reply inbox";
		}
		return null;
	}

}
