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

package io.jetstream.spring.boot.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.observation.JetStreamStatsPoller;
import io.jetstream.spring.support.NatsUrls;
import io.jetstream.spring.support.PermissionViolations;

/**
 * The {@code nats} health indicator: DOWN while disconnected, when JetStream does not
 * answer, or when a listener is stalled — running and not paused, messages pending on the
 * server, yet nothing received for longer than the stall timeout, or a worker holding a
 * message whose dead letter cannot be stored. A stalled consumer must not hide behind UP.
 * Details: the server (without credentials), its version, JetStream, and each listener's
 * state.
 *
 * @since 0.1.0
 */
public class NatsHealthIndicator extends AbstractHealthIndicator {

	/**
	 * A violation counts until no pull was refused for this long: pulls repeat every few
	 * seconds while the permission is missing.
	 */
	private static final Duration VIOLATION_WINDOW = Duration.ofMinutes(1);

	private final Connection connection;

	private final @Nullable JetStreamManagement management;

	private final @Nullable JetStreamListenerRegistry registry;

	private final @Nullable JetStreamStatsPoller poller;

	private final Duration stallTimeout;

	private @Nullable PermissionViolations permissionViolations;

	/**
	 * Create an indicator.
	 * @param connection the connection
	 * @param management the JetStream management context, or {@code null}
	 * @param registry the listener registry, or {@code null}
	 * @param poller the statistics poller (pending counts), or {@code null}
	 * @param stallTimeout how long a listener may receive nothing while messages are
	 * pending
	 */
	public NatsHealthIndicator(Connection connection, @Nullable JetStreamManagement management,
			@Nullable JetStreamListenerRegistry registry, @Nullable JetStreamStatsPoller poller,
			Duration stallTimeout) {
		super("NATS health check failed");
		this.connection = connection;
		this.management = management;
		this.registry = registry;
		this.poller = poller;
		this.stallTimeout = stallTimeout;
	}

	/**
	 * Report listeners whose pull requests the server refused (permission violations);
	 * such a listener is down.
	 * @param permissionViolations the violations recorded on the connection
	 */
	public void setPermissionViolations(@Nullable PermissionViolations permissionViolations) {
		this.permissionViolations = permissionViolations;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Connection.Status status = this.connection.getStatus();
		builder.withDetail("status", status.name());
		boolean up = status == Connection.Status.CONNECTED;
		if (up) {
			String url = this.connection.getConnectedUrl();
			builder.withDetail("server", (url != null) ? NatsUrls.redact(url) : "?");
			if (this.connection.getServerInfo() != null) {
				builder.withDetail("version", this.connection.getServerInfo().getVersion());
			}
			if (this.management != null) {
				try {
					this.management.getAccountStatistics();
					builder.withDetail("jetstream", "available");
				}
				catch (Exception ex) {
					builder.withDetail("jetstream", "unavailable: " + ex.getMessage());
					up = false;
				}
			}
		}
		if (this.registry != null) {
			Map<String, Object> listeners = new LinkedHashMap<>();
			for (MessageListenerContainer container : this.registry.getListeners()) {
				Map<String, Object> details = listenerDetails(container);
				if (Boolean.TRUE.equals(details.get("stalled")) || details.containsKey("refused")) {
					up = false;
				}
				listeners.put(container.getId(), details);
			}
			if (!listeners.isEmpty()) {
				builder.withDetail("listeners", listeners);
			}
		}
		if (this.permissionViolations != null) {
			List<String> violations = this.permissionViolations.recent(VIOLATION_WINDOW)
				.stream()
				.map(PermissionViolations.Violation::toString)
				.toList();
			if (!violations.isEmpty()) {
				builder.withDetail("permissionViolations", violations);
			}
		}
		if (up) {
			builder.up();
		}
		else {
			builder.down();
		}
	}

	private Map<String, Object> listenerDetails(MessageListenerContainer container) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("stream", container.getStream());
		details.put("consumer", container.getConsumer());
		String state = !container.isRunning() ? "stopped" : container.isPaused() ? "paused" : "running";
		details.put("state", state);
		Duration idle = container.getTimeSinceLastActivity();
		details.put("lastActivitySecondsAgo", idle.toSeconds());
		ConsumerInfo info = (this.poller != null)
				? this.poller.getConsumerInfo(container.getStream(), container.getConsumer()) : null;
		long pending = (info != null) ? info.getNumPending() : 0;
		details.put("pending", pending);
		// pulled ahead but not handled counts as waiting too: behind a stuck handler
		long waiting = pending
				+ ((info != null) ? Math.max(0, info.getNumAckPending() - container.getInFlightCount()) : 0);
		List<String> blocked = container.getBlockedWorkers();
		boolean stalled = !blocked.isEmpty()
				|| (state.equals("running") && waiting > 0 && idle.compareTo(this.stallTimeout) > 0);
		details.put("stalled", stalled);
		if (!blocked.isEmpty()) {
			details.put("blocked", blocked);
		}
		PermissionViolations.Violation refused = (this.permissionViolations != null) ? this.permissionViolations
			.find(PermissionViolations.pullSubject(container.getStream(), container.getConsumer()), VIOLATION_WINDOW)
				: null;
		if (refused != null) {
			details.put("refused", refused + " (the server refuses this user's pull requests)");
		}
		return details;
	}

}
