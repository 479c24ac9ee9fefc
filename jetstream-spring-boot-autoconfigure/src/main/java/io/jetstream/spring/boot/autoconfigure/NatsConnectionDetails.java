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

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.io.Resource;

/**
 * Details required to establish a connection to NATS: where the servers are and how to
 * authenticate. By default they come from the {@code nats.*} properties; a
 * {@code @ServiceConnection} on a container, or the dev server, supplies its own and
 * wins.
 *
 * @since 0.1.0
 */
public interface NatsConnectionDetails extends ConnectionDetails {

	/**
	 * Server URLs, such as {@code nats://localhost:4222}.
	 * @return the server URLs, never empty
	 */
	List<String> getServers();

	/**
	 * User name for user/password authentication.
	 * @return the user name or {@code null}
	 */
	default @Nullable String getUsername() {
		return null;
	}

	/**
	 * Password for user/password authentication.
	 * @return the password or {@code null}
	 */
	default @Nullable String getPassword() {
		return null;
	}

	/**
	 * Token for token authentication.
	 * @return the token or {@code null}
	 */
	default @Nullable String getToken() {
		return null;
	}

	/**
	 * Credentials file (user JWT and NKey seed) for decentralized authentication.
	 * @return the credentials file or {@code null}
	 */
	default @Nullable Resource getCredentials() {
		return null;
	}

	/**
	 * NKey seed for NKey authentication.
	 * @return the seed or {@code null}
	 */
	default @Nullable String getNkey() {
		return null;
	}

	/**
	 * SSL bundle for TLS.
	 * @return the bundle or {@code null} for a plain connection
	 */
	default @Nullable SslBundle getSslBundle() {
		return null;
	}

}
