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

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.jetstream.spring.JetStreamException;
import io.jetstream.spring.support.NatsUrls;

/**
 * Thrown when no connection to NATS could be made, or is not made yet. The message names
 * the servers tried (without credentials) and the reason.
 *
 * @since 0.1.0
 */
public class NatsConnectionException extends JetStreamException {

	private final List<String> servers;

	/**
	 * Create an exception for the given servers.
	 * @param message what failed
	 * @param servers the server URLs tried
	 * @param cause the underlying failure
	 */
	public NatsConnectionException(String message, List<String> servers, @Nullable Throwable cause) {
		super(message, cause);
		this.servers = servers.stream().map(NatsUrls::redact).toList();
	}

	/**
	 * Return the URLs that were tried, without credentials.
	 * @return the server URLs
	 */
	public List<String> getServers() {
		return this.servers;
	}

}
