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
package io.jetstream.spring.boot.autoconfigure;

import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

import io.jetstream.spring.support.NatsUrls;

/**
 * Hides NATS secrets in the {@code env} and {@code configprops} endpoints also when they
 * are set to show values: {@code nats.password}, {@code nats.token}, {@code nats.nkey}
 * and {@code nats.jetstream.listener.dead-letter.redrive-key} entirely, and the user
 * information of URLs in {@code nats.servers} ({@code nats://user:secret@host} becomes
 * {@code nats://***@host}) — in every property source, so also the environment variables
 * that bind to them ({@code NATS_PASSWORD}, {@code NATS_SERVERS}, ...). Spring Boot only
 * hides everything or nothing by default, and does not know these keys.
 */
class NatsSanitizingFunction implements SanitizingFunction {

	/** Keys in their relaxed form: lower case, letters and digits only. */
	private static final Set<String> SECRET_KEYS = Set.of("natspassword", "natstoken", "natsnkey",
			"natsjetstreamlistenerdeadletterredrivekey");

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = relaxed(data.getLowerCaseKey());
		if (SECRET_KEYS.contains(key)) {
			return data.withSanitizedValue();
		}
		if (key.startsWith("natsservers")) {
			Object value = data.getValue();
			if (value instanceof String text) {
				return data.withValue(NatsUrls.redact(text));
			}
			if (value instanceof Collection<?> urls) {
				return data.withValue(urls.stream().map((url) -> NatsUrls.redact(String.valueOf(url))).toList());
			}
		}
		return data;
	}

	@Override
	public Predicate<SanitizableData> filter() {
		return (data) -> relaxed(data.getLowerCaseKey()).startsWith("nats");
	}

	/**
	 * {@code nats.servers[0]}, {@code NATS_SERVERS_0_} and
	 * {@code nats.jetstream.listener.
	 * dead-letter.redrive-key} as the binder relaxes them.
	 */
	private static String relaxed(String key) {
		StringBuilder relaxed = new StringBuilder(key.length());
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
				relaxed.append(c);
			}
		}
		return relaxed.toString();
	}

}
