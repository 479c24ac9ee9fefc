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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Removes credentials from URLs before they reach a log or an exception message.
 *
 * @since 0.1.0
 */
public final class NatsUrls {

	/**
	 * The user information ends at the last {@code @} before the host: a password may
	 * hold an unencoded {@code @}, {@code /} or comma, the host none of them; it never
	 * reaches into the next URL of a list.
	 */
	private static final Pattern USER_INFO = Pattern.compile("(://)(?:(?!://)\\S)*?@(?=[^@\\s/,]*(?:[\\s/,]|$))");

	private NatsUrls() {
	}

	/**
	 * Replace the user information of every URL in a text (user and password, or a token)
	 * with {@code ***}.
	 * @param text a URL, a list of them, or a message that may contain some
	 * @return the text without credentials
	 */
	public static String redact(String text) {
		return USER_INFO.matcher(text).replaceAll("$1***@");
	}

	/**
	 * Redact URLs and join them with commas, for a message.
	 * @param urls the URLs
	 * @return the URLs without credentials
	 */
	public static String redact(Collection<String> urls) {
		return urls.stream().map(NatsUrls::redact).collect(Collectors.joining(", "));
	}

}
