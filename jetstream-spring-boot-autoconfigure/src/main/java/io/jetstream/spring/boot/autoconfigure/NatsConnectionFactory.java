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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.SSLContext;

import io.nats.client.AuthHandler;
import io.nats.client.AuthenticationException;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.io.Resource;
import org.springframework.core.log.LogAccessor;
import org.springframework.util.StringUtils;

import io.jetstream.spring.support.NatsUrls;
import io.jetstream.spring.support.PermissionViolations;

/**
 * Builds the client {@link Options} from the properties and connection details and
 * connects, failing fast or in the background as configured.
 */
final class NatsConnectionFactory {

	private static final LogAccessor logger = new LogAccessor(NatsConnectionFactory.class);

	private final NatsProperties properties;

	private final NatsConnectionDetails connectionDetails;

	private final @Nullable String applicationName;

	private final List<NatsConnectionCustomizer> customizers;

	private final PermissionViolations permissionViolations;

	NatsConnectionFactory(NatsProperties properties, NatsConnectionDetails connectionDetails,
			@Nullable String applicationName, List<NatsConnectionCustomizer> customizers,
			PermissionViolations permissionViolations) {
		this.properties = properties;
		this.connectionDetails = connectionDetails;
		this.applicationName = applicationName;
		this.customizers = customizers;
		this.permissionViolations = permissionViolations;
	}

	Options createOptions() {
		Options.Builder builder = new Options.Builder();
		PropertyMapper map = PropertyMapper.get();
		try {
			builder.servers(this.connectionDetails.getServers().toArray(String[]::new));
		}
		catch (RuntimeException ex) {
			// jnats' message, and its cause's, quote the URL as written: password
			// included
			throw new IllegalArgumentException(
					"Invalid nats.servers " + NatsUrls.redact(this.connectionDetails.getServers()) + ": "
							+ NatsUrls.redact(String.valueOf(ex.getMessage()))
							+ " (percent-encode reserved characters such as @ in a user name or password)");
		}
		map.from(this.properties.getConnectionName())
			.orFrom(() -> this.applicationName)
			.whenHasText()
			.to(builder::connectionName);
		configureAuthentication(builder);
		SslBundle sslBundle = this.connectionDetails.getSslBundle();
		SSLContext sslContext = (sslBundle != null) ? sslBundle.createSslContext() : defaultTlsContext();
		if (sslContext != null) {
			if (this.properties.getSsl().isVerifyHostname()) {
				sslContext = new HostnameVerifyingSslContext(sslContext);
				// jnats connects to a resolved IP address and hands that to the TLS
				// socket as its host: a certificate for the DNS name would not match
				builder.noResolveHostnames();
			}
			else {
				logger.warn("nats.ssl.verify-hostname is false: any certificate the trust material accepts is "
						+ "accepted, whatever host it was issued for");
			}
			builder.sslContext(sslContext);
		}
		map.from(this.properties.getConnectionTimeout()).to(builder::connectionTimeout);
		map.from(this.properties.getPingInterval()).to(builder::pingInterval);
		NatsProperties.Reconnect reconnect = this.properties.getReconnect();
		builder.maxReconnects(reconnect.getMaxAttempts());
		builder.reconnectWait(reconnect.getWait());
		map.from(reconnect.getJitter()).to(builder::reconnectJitter);
		map.from(reconnect.getBufferSize()).as((size) -> size.toBytes()).to(builder::reconnectBufferSize);
		NatsConnectionEventLogger eventLogger = new NatsConnectionEventLogger(this.permissionViolations);
		builder.connectionListener(eventLogger);
		builder.errorListener(eventLogger);
		this.customizers.forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

	/**
	 * For {@code tls://} URLs without a bundle, jnats uses the JVM's default context; it
	 * is set here so that the host name is verified too ({@code opentls://} trusts any
	 * certificate on purpose and is left to jnats).
	 */
	private @Nullable SSLContext defaultTlsContext() {
		boolean tls = this.connectionDetails.getServers()
			.stream()
			.anyMatch((server) -> server.regionMatches(true, 0, "tls://", 0, 6));
		if (!tls) {
			return null;
		}
		try {
			return SSLContext.getDefault();
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("No default TLS context for the tls:// servers", ex);
		}
	}

	private void configureAuthentication(Options.Builder builder) {
		NatsConnectionDetails details = this.connectionDetails;
		if (StringUtils.hasText(details.getUsername())) {
			String password = details.getPassword();
			builder.userInfo(details.getUsername().toCharArray(), (password != null) ? password.toCharArray() : null);
		}
		if (StringUtils.hasText(details.getToken())) {
			builder.token(details.getToken().toCharArray());
		}
		Resource credentials = details.getCredentials();
		if (credentials != null) {
			builder.authHandler(credentialsHandler(credentials));
		}
		else if (StringUtils.hasText(details.getNkey())) {
			builder.authHandler(Nats.staticCredentials(null, details.getNkey().trim().toCharArray()));
		}
	}

	private static AuthHandler credentialsHandler(Resource credentials) {
		try {
			if (credentials.isFile()) {
				// read on every (re)connect so that a rotated file is picked up
				return Nats.credentials(credentials.getFile().getAbsolutePath());
			}
			return Nats.staticCredentials(credentials.getContentAsByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read nats.credentials " + credentials, ex);
		}
	}

	/**
	 * The client puts server URLs, user info included, into its exception messages; the
	 * cause chain ends up in logs, so it gets a copy with the credentials masked.
	 */
	private static IOException withoutCredentials(IOException ex) {
		String message = String.valueOf(ex.getMessage());
		String redacted = NatsUrls.redact(message);
		if (redacted.equals(message)) {
			return ex;
		}
		IOException copy = (ex instanceof AuthenticationException) ? new AuthenticationException(redacted)
				: new IOException(redacted, ex.getCause());
		copy.setStackTrace(ex.getStackTrace());
		return copy;
	}

	/**
	 * The client's "Unable to connect" says nothing about why; the reason (a TLS
	 * handshake, a refused connection) went to the error listener. It becomes the cause.
	 */
	private static @Nullable Throwable lastFailure(Options options, IOException failure) {
		if (!(options.getErrorListener() instanceof NatsConnectionEventLogger eventLogger)) {
			return null;
		}
		Throwable last = eventLogger.getLastException();
		while (last instanceof ExecutionException && last.getCause() != null) {
			last = last.getCause();
		}
		if (last != null && failure.getCause() == null) {
			try {
				failure.initCause(last);
			}
			catch (IllegalStateException ex) {
				// the client set a cause after all; the message still names the reason
			}
		}
		return last;
	}

	private static String describe(Throwable failure) {
		return failure.getClass().getSimpleName() + ": " + failure.getMessage();
	}

	Connection connect() {
		Options options = createOptions();
		List<String> servers = this.connectionDetails.getServers();
		try {
			if (!this.properties.isFailFast()) {
				return BackgroundConnections.connect(options);
			}
			return Nats.connect(options);
		}
		catch (AuthenticationException ex) {
			throw new NatsConnectionException("Could not authenticate to NATS at " + NatsUrls.redact(servers) + ": "
					+ NatsUrls.redact(String.valueOf(ex.getMessage())), servers, withoutCredentials(ex));
		}
		catch (IOException ex) {
			IOException cause = withoutCredentials(ex);
			Throwable last = lastFailure(options, cause);
			throw new NatsConnectionException(
					"Could not connect to NATS at " + NatsUrls.redact(servers) + ": "
							+ NatsUrls.redact(String.valueOf(ex.getMessage()))
							+ ((last != null) ? " (last error: " + NatsUrls.redact(describe(last)) + ")" : ""),
					servers, cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new NatsConnectionException("Interrupted while connecting to NATS at " + NatsUrls.redact(servers),
					servers, ex);
		}
	}

}
