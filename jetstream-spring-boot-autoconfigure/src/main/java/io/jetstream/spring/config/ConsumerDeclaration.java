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
package io.jetstream.spring.config;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.ReplayPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A durable pull consumer the application needs, with explicit acknowledgement: its
 * durable name, its stream and only the settings the user chose. Declare one as a bean to
 * add it to {@code nats.jetstream.consumers}:
 *
 * <pre class="code">
 * &#64;Bean
 * ConsumerDeclaration auditWriter() {
 *     return ConsumerDeclaration.builder("audit-writer", "AUDIT").maxDeliver(5).build();
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class ConsumerDeclaration {

	private static final Pattern PRIORITY_GROUP_NAME = Pattern.compile("[a-zA-Z0-9/_=-]{1,16}");

	private final String name;

	private final String stream;

	private final Map<ConsumerField, Object> settings;

	private final String origin;

	private ConsumerDeclaration(String name, String stream, Map<ConsumerField, Object> settings, String origin) {
		this.name = name;
		this.stream = stream;
		this.settings = settings.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(settings));
		this.origin = origin;
	}

	/**
	 * Start a declaration of a durable consumer on a stream.
	 * @param durableName the durable name
	 * @param stream the stream it consumes
	 * @return a builder
	 */
	public static Builder builder(String durableName, String stream) {
		return new Builder(durableName, stream);
	}

	/**
	 * Return the durable name.
	 * @return the durable name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the stream this consumer reads.
	 * @return the stream name
	 */
	public String getStream() {
		return this.stream;
	}

	/**
	 * Return the configured settings, in the client's types.
	 * @return the settings, by field
	 */
	public Map<ConsumerField, Object> getSettings() {
		return this.settings;
	}

	/**
	 * Return where this consumer was declared, such as
	 * {@code nats.jetstream.consumers.order-processor}.
	 * @return the origin
	 */
	public String getOrigin() {
		return this.origin;
	}

	/**
	 * Return a copy that names another origin in messages.
	 * @param origin the origin, such as {@code bean 'auditWriter'}
	 * @return the copy
	 */
	public ConsumerDeclaration withOrigin(String origin) {
		return new ConsumerDeclaration(this.name, this.stream, this.settings, origin);
	}

	/**
	 * Build the configuration for a new consumer, or for an update of the given one.
	 * @param existing the server's configuration, or {@code null} to create
	 * @return the configuration to send
	 */
	public ConsumerConfiguration toConfiguration(@Nullable ConsumerConfiguration existing) {
		ConsumerConfiguration.Builder builder = (existing != null) ? ConsumerConfiguration.builder(existing)
				: ConsumerConfiguration.builder().durable(this.name).ackPolicy(AckPolicy.Explicit);
		this.settings.forEach((field, value) -> field.write(builder, value));
		return builder.build();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof ConsumerDeclaration that && this.name.equals(that.name)
				&& this.stream.equals(that.stream) && this.settings.equals(that.settings));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.stream, this.settings);
	}

	@Override
	public String toString() {
		return "ConsumerDeclaration " + this.name + " on " + this.stream + " " + this.settings + " from " + this.origin;
	}

	/**
	 * Builder of a {@link ConsumerDeclaration}; {@link #build()} checks the settings,
	 * including the server's rules that tie backoff, max-deliver and ack-wait together.
	 */
	public static final class Builder {

		private final String name;

		private final String stream;

		private final Map<ConsumerField, Object> settings = new EnumMap<>(ConsumerField.class);

		private String origin;

		private Builder(String name, String stream) {
			this.name = name;
			this.stream = stream;
			this.origin = "consumer " + name;
		}

		/**
		 * Name where the declaration comes from, used in messages.
		 * @param origin such as {@code nats.jetstream.consumers.order-processor}
		 * @return this builder
		 */
		public Builder origin(String origin) {
			this.origin = origin;
			return this;
		}

		/**
		 * Description shown by the server.
		 * @param description the description
		 * @return this builder
		 */
		public Builder description(String description) {
			return set(ConsumerField.DESCRIPTION, description);
		}

		/**
		 * Subjects of the stream this consumer receives; several need nats-server 2.10.
		 * @param filterSubjects the subjects
		 * @return this builder
		 */
		public Builder filterSubjects(String... filterSubjects) {
			return filterSubjects(Arrays.asList(filterSubjects));
		}

		/**
		 * Subjects of the stream this consumer receives; several need nats-server 2.10.
		 * @param filterSubjects the subjects
		 * @return this builder
		 */
		public Builder filterSubjects(List<String> filterSubjects) {
			return set(ConsumerField.FILTER_SUBJECTS, List.copyOf(filterSubjects));
		}

		/**
		 * Where a new consumer starts; cannot change later.
		 * @param deliverPolicy the deliver policy
		 * @return this builder
		 */
		public Builder deliverPolicy(DeliverPolicy deliverPolicy) {
			return set(ConsumerField.DELIVER_POLICY, deliverPolicy);
		}

		/**
		 * First stream sequence, with {@link DeliverPolicy#ByStartSequence}.
		 * @param startSequence the start sequence
		 * @return this builder
		 */
		public Builder startSequence(long startSequence) {
			return set(ConsumerField.START_SEQUENCE, startSequence);
		}

		/**
		 * Start time, with {@link DeliverPolicy#ByStartTime}.
		 * @param startTime the start time
		 * @return this builder
		 */
		public Builder startTime(Instant startTime) {
			return set(ConsumerField.START_TIME, startTime);
		}

		/**
		 * Time the server waits for an acknowledgement before redelivering.
		 * @param ackWait the ack wait
		 * @return this builder
		 */
		public Builder ackWait(Duration ackWait) {
			return set(ConsumerField.ACK_WAIT, ackWait);
		}

		/**
		 * Maximum deliveries of one message; -1 for unlimited.
		 * @param maxDeliver the maximum
		 * @return this builder
		 */
		public Builder maxDeliver(long maxDeliver) {
			return set(ConsumerField.MAX_DELIVER, maxDeliver);
		}

		/**
		 * Redelivery delays after an acknowledgement timeout, by delivery.
		 * @param backoff the delays
		 * @return this builder
		 */
		public Builder backoff(Duration... backoff) {
			return backoff(Arrays.asList(backoff));
		}

		/**
		 * Redelivery delays after an acknowledgement timeout, by delivery.
		 * @param backoff the delays
		 * @return this builder
		 */
		public Builder backoff(List<Duration> backoff) {
			return set(ConsumerField.BACKOFF, List.copyOf(backoff));
		}

		/**
		 * Maximum messages delivered and not yet acknowledged; -1 for unlimited.
		 * @param maxAckPending the maximum
		 * @return this builder
		 */
		public Builder maxAckPending(long maxAckPending) {
			return set(ConsumerField.MAX_ACK_PENDING, maxAckPending);
		}

		/**
		 * Metadata (nats-server 2.10+).
		 * @param metadata the metadata
		 * @return this builder
		 */
		public Builder metadata(Map<String, String> metadata) {
			return set(ConsumerField.METADATA, Collections.unmodifiableMap(new LinkedHashMap<>(metadata)));
		}

		/**
		 * Replicas of the consumer's state ({@code 0}: as many as the stream).
		 * @param replicas the replicas
		 * @return this builder
		 */
		public Builder replicas(int replicas) {
			return set(ConsumerField.REPLICAS, replicas);
		}

		/**
		 * Whether the consumer's state is kept in memory only.
		 * @param memStorage whether it is
		 * @return this builder
		 */
		public Builder memStorage(boolean memStorage) {
			return set(ConsumerField.MEM_STORAGE, memStorage);
		}

		/**
		 * How long the consumer may go without a client before the server removes it.
		 * @param inactiveThreshold the time
		 * @return this builder
		 */
		public Builder inactiveThreshold(Duration inactiveThreshold) {
			return set(ConsumerField.INACTIVE_THRESHOLD, inactiveThreshold);
		}

		/**
		 * Whether messages come with headers only, no payload.
		 * @param headersOnly whether they do
		 * @return this builder
		 */
		public Builder headersOnly(boolean headersOnly) {
			return set(ConsumerField.HEADERS_ONLY, headersOnly);
		}

		/**
		 * Whether messages are delivered as fast as possible or at their original pace.
		 * @param replayPolicy the policy
		 * @return this builder
		 */
		public Builder replayPolicy(ReplayPolicy replayPolicy) {
			return set(ConsumerField.REPLAY_POLICY, replayPolicy);
		}

		/**
		 * Percentage of acknowledgements sampled as advisories.
		 * @param sampleFrequency such as {@code 100%}
		 * @return this builder
		 */
		public Builder sampleFrequency(String sampleFrequency) {
			return set(ConsumerField.SAMPLE_FREQUENCY, sampleFrequency);
		}

		/**
		 * Most pull requests waiting on the server at once.
		 * @param maxWaiting the limit
		 * @return this builder
		 */
		public Builder maxWaiting(long maxWaiting) {
			return set(ConsumerField.MAX_WAITING, maxWaiting);
		}

		/**
		 * Largest batch one pull may ask for.
		 * @param maxBatch the limit
		 * @return this builder
		 */
		public Builder maxBatch(long maxBatch) {
			return set(ConsumerField.MAX_BATCH, maxBatch);
		}

		/**
		 * Longest expiry one pull may ask for.
		 * @param maxExpires the limit
		 * @return this builder
		 */
		public Builder maxExpires(Duration maxExpires) {
			return set(ConsumerField.MAX_EXPIRES, maxExpires);
		}

		/**
		 * Most bytes one pull may ask for.
		 * @param maxBytes the limit
		 * @return this builder
		 */
		public Builder maxBytes(DataSize maxBytes) {
			return set(ConsumerField.MAX_BYTES, maxBytes.toBytes());
		}

		/**
		 * Until when the server delivers nothing to the consumer (nats-server 2.11+).
		 * @param pauseUntil the time
		 * @return this builder
		 */
		public Builder pauseUntil(Instant pauseUntil) {
			return set(ConsumerField.PAUSE_UNTIL, pauseUntil);
		}

		/**
		 * Priority groups the consumer's clients pull in, with the policy that chooses
		 * among their pulls (nats-server 2.11+): {@code overflow} serves a pull that asks
		 * for a minimum backlog only while the backlog reaches it; {@code pinned-client}
		 * serves one client until it stops pulling for the priority timeout.
		 * @param policy the policy
		 * @param groups the group names (1 to 16 of letters, digits, {@code /_=-})
		 * @return this builder
		 */
		public Builder priorityGroups(PriorityPolicy policy, List<String> groups) {
			set(ConsumerField.PRIORITY_POLICY, policy);
			return groups.isEmpty() ? this : set(ConsumerField.PRIORITY_GROUPS, List.copyOf(groups));
		}

		/**
		 * How long a pinned client may go without pulling before the server pins another
		 * (policy {@code pinned-client}; the server's default is 2 minutes).
		 * @param priorityTimeout the time, at least one second
		 * @return this builder
		 */
		public Builder priorityTimeout(Duration priorityTimeout) {
			return set(ConsumerField.PRIORITY_TIMEOUT, priorityTimeout);
		}

		private Builder set(ConsumerField field, Object value) {
			this.settings.put(field, value);
			return this;
		}

		/**
		 * Check the settings and build the declaration.
		 * @return the declaration
		 * @throws TopologyDeclarationException naming the offending setting
		 */
		public ConsumerDeclaration build() {
			StreamDeclaration.checkName("Consumer", this.name, this.origin);
			if (this.stream == null || this.stream.isBlank()) {
				throw new TopologyDeclarationException(this.origin + ".stream", null,
						"must name the stream to consume");
			}
			Object filters = this.settings.get(ConsumerField.FILTER_SUBJECTS);
			if (filters != null && StreamField.strings(filters).stream().anyMatch(String::isBlank)) {
				throw invalid(ConsumerField.FILTER_SUBJECTS, "must not contain a blank subject");
			}
			if (filters != null) {
				StreamDeclaration.checkSubjects(StreamField.strings(filters),
						(reason) -> invalid(ConsumerField.FILTER_SUBJECTS, reason));
			}
			checkStartPosition();
			Object ackWait = this.settings.get(ConsumerField.ACK_WAIT);
			if (ackWait != null && (((Duration) ackWait).isNegative() || ((Duration) ackWait).isZero())) {
				throw invalid(ConsumerField.ACK_WAIT, "must be positive");
			}
			Object maxDeliver = this.settings.get(ConsumerField.MAX_DELIVER);
			if (maxDeliver != null && (Long) maxDeliver != -1 && (Long) maxDeliver < 1) {
				throw invalid(ConsumerField.MAX_DELIVER, "must be at least 1, or -1 for unlimited");
			}
			Object maxAckPending = this.settings.get(ConsumerField.MAX_ACK_PENDING);
			if (maxAckPending != null && (Long) maxAckPending != -1 && (Long) maxAckPending < 1) {
				throw invalid(ConsumerField.MAX_ACK_PENDING, "must be at least 1, or -1 for unlimited");
			}
			checkBackoff(ackWait, maxDeliver);
			Object replicas = this.settings.get(ConsumerField.REPLICAS);
			if (replicas != null && ((Integer) replicas < 0 || (Integer) replicas > 5)) {
				throw invalid(ConsumerField.REPLICAS, "must be between 0 (as the stream) and 5");
			}
			for (ConsumerField positive : new ConsumerField[] { ConsumerField.MAX_WAITING, ConsumerField.MAX_BATCH,
					ConsumerField.MAX_BYTES }) {
				Object value = this.settings.get(positive);
				if (value != null && (Long) value < 1) {
					throw invalid(positive, "must be at least 1");
				}
			}
			for (ConsumerField duration : new ConsumerField[] { ConsumerField.INACTIVE_THRESHOLD,
					ConsumerField.MAX_EXPIRES }) {
				Object value = this.settings.get(duration);
				if (value != null && (((Duration) value).isNegative() || ((Duration) value).isZero())) {
					throw invalid(duration, "must be positive");
				}
			}
			checkPriority();
			Object sample = this.settings.get(ConsumerField.SAMPLE_FREQUENCY);
			if (sample != null && !((String) sample).matches("(100|[1-9]?[0-9])%?")) {
				throw invalid(ConsumerField.SAMPLE_FREQUENCY, "must be a percentage from 0 to 100, such as 25%");
			}
			return new ConsumerDeclaration(this.name, this.stream, this.settings, this.origin);
		}

		/**
		 * The server's rules for priority groups, checked here for a property path.
		 */
		private void checkPriority() {
			Object policy = this.settings.get(ConsumerField.PRIORITY_POLICY);
			Object groups = this.settings.get(ConsumerField.PRIORITY_GROUPS);
			boolean none = policy == null || policy == PriorityPolicy.None;
			if (none && groups != null && !StreamField.strings(groups).isEmpty()) {
				throw invalid(ConsumerField.PRIORITY_GROUPS, "need a priority-policy (overflow or pinned-client)");
			}
			if (!none && (groups == null || StreamField.strings(groups).isEmpty())) {
				throw invalid(ConsumerField.PRIORITY_POLICY, "needs at least one of priority-groups");
			}
			if (groups != null) {
				for (String group : StreamField.strings(groups)) {
					if (!PRIORITY_GROUP_NAME.matcher(group).matches()) {
						throw invalid(ConsumerField.PRIORITY_GROUPS,
								"'" + group + "' is not a group name: 1 to 16 letters, digits or any of / _ = -");
					}
				}
			}
			Object timeout = this.settings.get(ConsumerField.PRIORITY_TIMEOUT);
			if (timeout != null && policy != PriorityPolicy.PinnedClient) {
				throw invalid(ConsumerField.PRIORITY_TIMEOUT, "applies only with priority-policy pinned-client");
			}
			if (timeout != null && ((Duration) timeout).compareTo(Duration.ofSeconds(1)) < 0) {
				throw invalid(ConsumerField.PRIORITY_TIMEOUT, "must be at least 1s");
			}
		}

		private void checkStartPosition() {
			Object policy = this.settings.get(ConsumerField.DELIVER_POLICY);
			Object startSequence = this.settings.get(ConsumerField.START_SEQUENCE);
			Object startTime = this.settings.get(ConsumerField.START_TIME);
			if (policy == DeliverPolicy.ByStartSequence && (startSequence == null || (Long) startSequence < 1)) {
				throw invalid(ConsumerField.START_SEQUENCE,
						"must be set to 1 or more with deliver-policy by-start-sequence");
			}
			if (policy != DeliverPolicy.ByStartSequence && startSequence != null) {
				throw invalid(ConsumerField.START_SEQUENCE, "applies only with deliver-policy by-start-sequence");
			}
			if (policy == DeliverPolicy.ByStartTime && startTime == null) {
				throw invalid(ConsumerField.START_TIME, "must be set with deliver-policy by-start-time");
			}
			if (policy != DeliverPolicy.ByStartTime && startTime != null) {
				throw invalid(ConsumerField.START_TIME, "applies only with deliver-policy by-start-time");
			}
		}

		/**
		 * The server refuses backoff unless max-deliver exceeds the number of delays, and
		 * replaces ack-wait with the first delay; catching both here gives a message with
		 * the property path instead of a server error, and avoids a difference that an
		 * update could never remove.
		 */
		private void checkBackoff(@Nullable Object ackWait, @Nullable Object maxDeliver) {
			Object value = this.settings.get(ConsumerField.BACKOFF);
			if (value == null) {
				return;
			}
			List<Duration> backoff = ConsumerField.durations(value);
			if (backoff.isEmpty() || backoff.stream().anyMatch((d) -> d.isNegative() || d.isZero())) {
				throw invalid(ConsumerField.BACKOFF, "must list positive delays");
			}
			if (maxDeliver == null || (Long) maxDeliver == -1 || (Long) maxDeliver <= backoff.size()) {
				throw new TopologyDeclarationException(this.origin + ".max-deliver", maxDeliver,
						"must be greater than the number of backoff delays (" + backoff.size()
								+ "): the server refuses backoff otherwise");
			}
			if (ackWait != null && !ackWait.equals(backoff.get(0))) {
				throw invalid(ConsumerField.ACK_WAIT, "is replaced by the first backoff delay (" + backoff.get(0)
						+ ") on the server when backoff is set; remove it or make it equal");
			}
		}

		private TopologyDeclarationException invalid(ConsumerField field, String reason) {
			return new TopologyDeclarationException(this.origin + "." + field.getPropertyName(),
					this.settings.get(field), reason);
		}

	}

}
