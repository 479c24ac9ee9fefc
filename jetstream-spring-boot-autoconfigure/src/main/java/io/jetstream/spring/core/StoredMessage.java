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

package io.jetstream.spring.core;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message read back from a stream, its payload converted.
 *
 * @param <T> the payload type
 * @param stream the stream
 * @param subject the subject it was published to
 * @param sequence its sequence in the stream
 * @param timestamp when it was stored
 * @param headers its headers (a name may have several values)
 * @param payload the converted payload
 * @since 0.1.0
 */
public record StoredMessage<T>(String stream, String subject, long sequence, Instant timestamp,
		Map<String, List<String>> headers, T payload) {

	/**
	 * Return the first value of a header.
	 * @param name the header name
	 * @return the value, or {@code null}
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

}
