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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Message;
import io.nats.client.impl.Headers;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Names of the Spring Messaging headers a listener's message carries besides the NATS
 * headers, and the mapping of NATS headers to them. A NATS header with one value maps to
 * a {@code String}, one with several values to a {@code List<String>};
 * {@code Content-Type} also becomes {@link MessageHeaders#CONTENT_TYPE}, which the
 * message converter reads.
 *
 * @since 0.1.0
 */
public final class JetStreamHeaders {

	/** Prefix of the headers below. */
	public static final String PREFIX = "jetstream_";

	/** The NATS message ({@code io.nats.client.Message}). */
	public static final String RAW_MESSAGE = PREFIX + "rawMessage";

	/** The message's {@code MessageMetadata}. */
	public static final String METADATA = PREFIX + "metadata";

	/** The {@code Acknowledgment} handle. */
	public static final String ACKNOWLEDGMENT = PREFIX + "acknowledgment";

	/** The subject the message was published to. */
	public static final String SUBJECT = PREFIX + "subject";

	private JetStreamHeaders() {
	}

	/**
	 * Map the headers of a NATS message.
	 * @param message the NATS message
	 * @return the headers, to add further entries to
	 */
	public static Map<String, Object> fromNats(Message message) {
		Headers headers = message.getHeaders();
		Map<String, Object> mapped = new HashMap<>(((headers != null) ? headers.size() : 0) + 6);
		if (headers != null) {
			headers.forEach((name, values) -> {
				if (!values.isEmpty()) {
					mapped.put(name, (values.size() == 1) ? values.get(0) : List.copyOf(values));
				}
			});
			String contentType = headers.getFirst("Content-Type");
			if (contentType != null) {
				mapped.put(MessageHeaders.CONTENT_TYPE, contentType);
			}
		}
		mapped.put(SUBJECT, message.getSubject());
		return mapped;
	}

	/**
	 * The Spring message of a NATS message: its payload (empty if it has none), its
	 * headers mapped by {@link #fromNats(Message)}, and the NATS message itself under
	 * {@link #RAW_MESSAGE}.
	 * @param message the NATS message
	 * @return the Spring message
	 */
	public static org.springframework.messaging.Message<byte[]> toSpringMessage(Message message) {
		Map<String, Object> headers = fromNats(message);
		headers.put(RAW_MESSAGE, message);
		byte[] data = (message.getData() != null) ? message.getData() : new byte[0];
		return MessageBuilder.withPayload(data).copyHeaders(headers).build();
	}

}
