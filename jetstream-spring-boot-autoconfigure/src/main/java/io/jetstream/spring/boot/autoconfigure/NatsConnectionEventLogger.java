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

import java.util.concurrent.atomic.AtomicBoolean;

import io.nats.client.Connection;
import io.nats.client.Consumer;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamSubscription;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.support.NatsUrls;
import io.jetstream.spring.support.PermissionViolations;

/**
 * Logs what happens to the NATS connection through the application's logging system, once
 * per event: it replaces the client's default {@link ErrorListener}, which writes to
 * {@code java.util.logging}, and it does not repeat the same failure for every reconnect
 * attempt of one outage.
 */
class NatsConnectionEventLogger implements ConnectionListener, ErrorListener {

	private static final LogAccessor logger = new LogAccessor(NatsConnectionEventLogger.class);

	private final AtomicBoolean outage = new AtomicBoolean();

	private final PermissionViolations permissionViolations;

	private volatile @Nullable Exception lastException;

	NatsConnectionEventLogger(PermissionViolations permissionViolations) {
		this.permissionViolations = permissionViolations;
	}

	@Override
	public void connectionEvent(Connection connection, Events type) {
		connectionEvent(connection, type, null, null);
	}

	@Override
	public void connectionEvent(Connection connection, Events type, @Nullable Long time, @Nullable String uriDetails) {
		String server = NatsUrls.redact((uriDetails != null) ? uriDetails : String.valueOf(connectedUrl(connection)));
		switch (type) {
			case CONNECTED -> {
				this.outage.set(false);
				logger.info(() -> "Connected to NATS at " + server + serverVersion(connection));
			}
			case RECONNECTED -> {
				this.outage.set(false);
				logger.info(() -> "Reconnected to NATS at " + server);
			}
			case DISCONNECTED -> {
				if (this.outage.compareAndSet(false, true)) {
					logger.warn(() -> "Disconnected from NATS at " + server + "; reconnecting");
				}
			}
			case CLOSED -> logger.info("NATS connection closed");
			case LAME_DUCK -> logger.warn(() -> "NATS server " + server
					+ " entered lame duck mode and will shut down; the client moves to another server");
			default -> logger.debug(() -> "NATS connection event: " + type.getEvent() + " " + server);
		}
	}

	@Override
	public void errorOccurred(Connection connection, String error) {
		PermissionViolations.Violation violation = this.permissionViolations.record(error);
		if (violation == null) {
			logger.error(() -> "NATS server reported an error: " + NatsUrls.redact(error));
		}
		else if (violation.count() == 1) {
			logger.error(() -> "NATS server refused: " + error + explain(violation.subject())
					+ ". Grant the user this permission in the server's authorization configuration. Repeats are "
					+ "logged at DEBUG; the nats health check shows the violations.");
		}
		else {
			logger.debug(() -> "NATS server refused again: " + error);
		}
	}

	private static String explain(String subject) {
		if (subject.startsWith(PermissionViolations.PULL_SUBJECT_PREFIX)) {
			String[] streamAndConsumer = subject.substring(PermissionViolations.PULL_SUBJECT_PREFIX.length())
				.split("\\.", 2);
			if (streamAndConsumer.length == 2) {
				return " (this user may not pull from consumer " + streamAndConsumer[1] + " of stream "
						+ streamAndConsumer[0] + ")";
			}
		}
		return "";
	}

	@Override
	public void exceptionOccurred(@Nullable Connection connection, Exception ex) {
		this.lastException = ex;
		if (this.outage.get()) {
			// One outage produces one failure per reconnect attempt; the first was
			// logged.
			logger.debug(ex, () -> "NATS reconnect attempt failed: " + NatsUrls.redact(String.valueOf(ex)));
			return;
		}
		logger.warn(() -> "NATS connection error: " + NatsUrls.redact(String.valueOf(ex)));
	}

	/**
	 * Return the last failure the client reported, which says why a connection attempt
	 * failed (a TLS handshake, a refused connection) when the client's own exception only
	 * says that it did.
	 * @return the last failure, or {@code null}
	 */
	@Nullable Exception getLastException() {
		return this.lastException;
	}

	@Override
	public void slowConsumerDetected(Connection connection, Consumer consumer) {
		logger.warn(() -> "NATS slow consumer: " + consumer.getDroppedCount()
				+ " messages dropped so far because the handler does not keep up with the subscription");
	}

	@Override
	public void heartbeatAlarm(Connection connection, JetStreamSubscription subscription, long lastStreamSequence,
			long lastConsumerSequence) {
		logger.warn(() -> "JetStream heartbeat missed on " + subscription.getSubject()
				+ "; the consumer will be re-established");
	}

	@Override
	public void pullStatusError(Connection connection, JetStreamSubscription subscription, Status status) {
		logger.warn(() -> "JetStream pull error on " + subscription.getSubject() + ": " + status.getMessageWithCode());
	}

	@Override
	public void socketWriteTimeout(Connection connection) {
		logger.warn("NATS socket write timed out; the connection will be re-established");
	}

	private static @Nullable String connectedUrl(@Nullable Connection connection) {
		return (connection != null) ? connection.getConnectedUrl() : null;
	}

	private static String serverVersion(@Nullable Connection connection) {
		if (connection == null || connection.getServerInfo() == null) {
			return "";
		}
		return " (nats-server " + connection.getServerInfo().getVersion() + ", JetStream "
				+ (connection.getServerInfo().isJetStreamAvailable() ? "on" : "off") + ")";
	}

}
