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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for the NATS connection.
 * <p>
 * The properties validate themselves (Spring Boot applies a properties bean that is a
 * {@link Validator} when binding), so a bad value fails startup with the property path in
 * the message, with or without Bean Validation on the classpath.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("nats")
public class NatsProperties implements Validator {

	/**
	 * NATS server URLs, such as nats://localhost:4222 or tls://nats.example.com:4222.
	 */
	private List<String> servers = new ArrayList<>(List.of("nats://localhost:4222"));

	/**
	 * Client name shown by the server in its connection list. Defaults to
	 * spring.application.name.
	 */
	private @Nullable String connectionName;

	/**
	 * User name for user/password authentication.
	 */
	private @Nullable String username;

	/**
	 * Password for user/password authentication.
	 */
	private @Nullable String password;

	/**
	 * Token for token authentication.
	 */
	private @Nullable String token;

	/**
	 * Credentials file (.creds, a user JWT and its NKey seed) for decentralized JWT
	 * authentication.
	 */
	private @Nullable Resource credentials;

	/**
	 * NKey seed (starting with SU) for NKey authentication.
	 */
	private @Nullable String nkey;

	/**
	 * Timeout for establishing a connection to one server. Defaults to the NATS client's
	 * 2s.
	 */
	private @Nullable Duration connectionTimeout;

	/**
	 * Interval between client pings that detect a dead connection. Defaults to the NATS
	 * client's 2m.
	 */
	private @Nullable Duration pingInterval;

	/**
	 * Timeout for JetStream API requests and publish acknowledgements. Defaults to the
	 * connection timeout.
	 */
	private @Nullable Duration requestTimeout;

	/**
	 * Whether startup fails when no server can be reached. When false, the application
	 * starts and connects in the background, retrying with the reconnect settings.
	 */
	private boolean failFast = true;

	/**
	 * Maximum time to drain the connection (finish in-flight messages and publishes) on
	 * shutdown before it is closed.
	 */
	private Duration drainTimeout = Duration.ofSeconds(10);

	/**
	 * Interval of the liveness check: a ping answered within the connection timeout while
	 * the connection reports CONNECTED. Two unanswered in a row force a reconnect (the
	 * client's reader stopped, for example on a header value it cannot parse). 0 turns
	 * the check off.
	 */
	private Duration livenessCheckInterval = Duration.ofSeconds(5);

	private final Ssl ssl = new Ssl();

	private final Reconnect reconnect = new Reconnect();

	private final DevServer devServer = new DevServer();

	public List<String> getServers() {
		return this.servers;
	}

	public void setServers(List<String> servers) {
		this.servers = servers;
	}

	public @Nullable String getConnectionName() {
		return this.connectionName;
	}

	public void setConnectionName(@Nullable String connectionName) {
		this.connectionName = connectionName;
	}

	public @Nullable String getUsername() {
		return this.username;
	}

	public void setUsername(@Nullable String username) {
		this.username = username;
	}

	public @Nullable String getPassword() {
		return this.password;
	}

	public void setPassword(@Nullable String password) {
		this.password = password;
	}

	public @Nullable String getToken() {
		return this.token;
	}

	public void setToken(@Nullable String token) {
		this.token = token;
	}

	public @Nullable Resource getCredentials() {
		return this.credentials;
	}

	public void setCredentials(@Nullable Resource credentials) {
		this.credentials = credentials;
	}

	public @Nullable String getNkey() {
		return this.nkey;
	}

	public void setNkey(@Nullable String nkey) {
		this.nkey = nkey;
	}

	public @Nullable Duration getConnectionTimeout() {
		return this.connectionTimeout;
	}

	public void setConnectionTimeout(@Nullable Duration connectionTimeout) {
		this.connectionTimeout = connectionTimeout;
	}

	public @Nullable Duration getPingInterval() {
		return this.pingInterval;
	}

	public void setPingInterval(@Nullable Duration pingInterval) {
		this.pingInterval = pingInterval;
	}

	public @Nullable Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(@Nullable Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public boolean isFailFast() {
		return this.failFast;
	}

	public void setFailFast(boolean failFast) {
		this.failFast = failFast;
	}

	public Duration getDrainTimeout() {
		return this.drainTimeout;
	}

	public Duration getLivenessCheckInterval() {
		return this.livenessCheckInterval;
	}

	public void setLivenessCheckInterval(Duration livenessCheckInterval) {
		this.livenessCheckInterval = livenessCheckInterval;
	}

	public void setDrainTimeout(Duration drainTimeout) {
		this.drainTimeout = drainTimeout;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public DevServer getDevServer() {
		return this.devServer;
	}

	@Override
	public boolean supports(Class<?> type) {
		return NatsProperties.class.isAssignableFrom(type);
	}

	@Override
	public void validate(Object target, Errors errors) {
		NatsProperties properties = (NatsProperties) target;
		// errors are never attached to a field that may hold a secret (password, token, a
		// URL with credentials): Spring Boot prints a rejected field's value
		if (properties.servers.isEmpty() || properties.servers.stream().anyMatch((url) -> !StringUtils.hasText(url))) {
			errors.reject("nats.servers.empty", "nats.servers must list at least one server URL, none blank");
		}
		if (StringUtils.hasText(properties.password) && !StringUtils.hasText(properties.username)) {
			errors.rejectValue("username", "nats.password.without-username",
					"must be set when nats.password is set; set both for user/password authentication");
		}
		if (StringUtils.hasText(properties.token) && StringUtils.hasText(properties.username)) {
			errors.rejectValue("username", "nats.token.with-username",
					"must not be set together with nats.token; choose token or user/password authentication");
		}
		rejectNonPositive(errors, "connectionTimeout", properties.connectionTimeout);
		rejectNonPositive(errors, "pingInterval", properties.pingInterval);
		rejectNonPositive(errors, "requestTimeout", properties.requestTimeout);
		rejectNegative(errors, "drainTimeout", properties.drainTimeout);
		rejectNegative(errors, "livenessCheckInterval", properties.livenessCheckInterval);
		if (properties.reconnect.maxAttempts < -1) {
			errors.rejectValue("reconnect.maxAttempts", "nats.reconnect.max-attempts.invalid",
					"must be -1 (forever), 0 (never) or a positive number");
		}
		rejectNegative(errors, "reconnect.wait", properties.reconnect.wait);
		rejectNegative(errors, "reconnect.jitter", properties.reconnect.jitter);
		DataSize bufferSize = properties.reconnect.bufferSize;
		if (bufferSize != null && bufferSize.isNegative()) {
			errors.rejectValue("reconnect.bufferSize", "nats.negative", "must not be negative");
		}
		if (properties.devServer.port < 0 || properties.devServer.port > 65535) {
			errors.rejectValue("devServer.port", "nats.dev-server.port.invalid",
					"must be between 0 (a free port) and 65535");
		}
		rejectNonPositive(errors, "devServer.startupTimeout", properties.devServer.startupTimeout);
	}

	private static void rejectNegative(Errors errors, String field, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			errors.rejectValue(field, "nats.negative", "must not be negative");
		}
	}

	private static void rejectNonPositive(Errors errors, String field, @Nullable Duration value) {
		if (value != null && (value.isNegative() || value.isZero())) {
			errors.rejectValue(field, "nats.not-positive", "must be positive");
		}
	}

	/**
	 * TLS settings.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) that provides the trust material
		 * and, for mutual TLS, the client key. Setting it turns TLS on.
		 */
		private @Nullable String bundle;

		/**
		 * Whether the server's certificate must be issued for the host of the URL
		 * connected to (as browsers check). Turning it off accepts any certificate the
		 * trust material accepts, whoever it was issued for; logged at WARN.
		 */
		private boolean verifyHostname = true;

		public boolean isVerifyHostname() {
			return this.verifyHostname;
		}

		public void setVerifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
		}

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * What the client does when it loses its connection.
	 */
	public static class Reconnect {

		/**
		 * Maximum reconnect attempts per lost connection: -1 for forever, 0 to never
		 * reconnect.
		 */
		private int maxAttempts = -1;

		/**
		 * Time to wait between attempts to reconnect to the same server.
		 */
		private Duration wait = Duration.ofSeconds(2);

		/**
		 * Random time added to the wait so that many clients do not reconnect at once.
		 * Defaults to the NATS client's 100ms.
		 */
		private @Nullable Duration jitter;

		/**
		 * Size of the buffer that holds outgoing messages while reconnecting. Defaults to
		 * the NATS client's 8MB.
		 */
		private @Nullable DataSize bufferSize;

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getWait() {
			return this.wait;
		}

		public void setWait(Duration wait) {
			this.wait = wait;
		}

		public @Nullable Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Duration jitter) {
			this.jitter = jitter;
		}

		public @Nullable DataSize getBufferSize() {
			return this.bufferSize;
		}

		public void setBufferSize(@Nullable DataSize bufferSize) {
			this.bufferSize = bufferSize;
		}

	}

	/**
	 * A local nats-server started for the life of the application, for development.
	 */
	public static class DevServer {

		/**
		 * Whether to start a local nats-server with JetStream and connect to it instead
		 * of nats.servers.
		 */
		private boolean enabled;

		/**
		 * Path of the nats-server binary. Defaults to nats-server on the PATH.
		 */
		private @Nullable String executable;

		/**
		 * Client port on 127.0.0.1; 0 picks a free port.
		 */
		private int port;

		/**
		 * JetStream storage directory, kept across restarts. Defaults to a temporary
		 * directory deleted on shutdown.
		 */
		private @Nullable String storageDirectory;

		/**
		 * Maximum time to wait for the server to accept connections.
		 */
		private Duration startupTimeout = Duration.ofSeconds(10);

		/**
		 * Extra command-line arguments for nats-server.
		 */
		private List<String> args = new ArrayList<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable String getExecutable() {
			return this.executable;
		}

		public void setExecutable(@Nullable String executable) {
			this.executable = executable;
		}

		public int getPort() {
			return this.port;
		}

		public void setPort(int port) {
			this.port = port;
		}

		public @Nullable String getStorageDirectory() {
			return this.storageDirectory;
		}

		public void setStorageDirectory(@Nullable String storageDirectory) {
			this.storageDirectory = storageDirectory;
		}

		public Duration getStartupTimeout() {
			return this.startupTimeout;
		}

		public void setStartupTimeout(Duration startupTimeout) {
			this.startupTimeout = startupTimeout;
		}

		public List<String> getArgs() {
			return this.args;
		}

		public void setArgs(List<String> args) {
			this.args = args;
		}

	}

}
