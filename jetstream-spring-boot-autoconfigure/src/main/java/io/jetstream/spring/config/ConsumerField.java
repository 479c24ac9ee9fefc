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
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.ReplayPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The consumer settings a declaration can set; see {@link TopologySetting}.
 *
 * @since 0.1.0
 */
public enum ConsumerField implements TopologySetting<ConsumerConfiguration, ConsumerConfiguration.Builder> {

	/** Description. */
	DESCRIPTION("description", true, ConsumerConfiguration::getDescription, (b, v) -> b.description((String) v)),

	/**
	 * Subjects of the stream this consumer receives; more than one needs nats-server
	 * 2.10.
	 */
	FILTER_SUBJECTS("filter-subjects", true, ConsumerConfiguration::getFilterSubjects,
			(b, v) -> b.filterSubjects(StreamField.strings(v))) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return (StreamField.strings(value).size() > 1) ? StreamField.V2_10 : null;
		}

	},

	/** Where in the stream a new consumer starts. */
	DELIVER_POLICY("deliver-policy", false, ConsumerConfiguration::getDeliverPolicy,
			(b, v) -> b.deliverPolicy((DeliverPolicy) v)),

	/** Start sequence for {@code by-start-sequence}. */
	START_SEQUENCE("start-sequence", false, ConsumerConfiguration::getStartSequence,
			(b, v) -> b.startSequence((Long) v)),

	/** Start time for {@code by-start-time}. */
	START_TIME("start-time", false, (c) -> (c.getStartTime() != null) ? c.getStartTime().toInstant() : null,
			(b, v) -> b.startTime(((Instant) v).atZone(ZoneOffset.UTC))),

	/** Time the server waits for an acknowledgement before redelivering. */
	ACK_WAIT("ack-wait", true, ConsumerConfiguration::getAckWait, (b, v) -> b.ackWait((Duration) v)),

	/** Maximum deliveries of one message. */
	MAX_DELIVER("max-deliver", true, ConsumerConfiguration::getMaxDeliver, (b, v) -> b.maxDeliver((Long) v)),

	/** Redelivery delays after an acknowledgement timeout, by delivery. */
	BACKOFF("backoff", true, ConsumerConfiguration::getBackoff,
			(b, v) -> b.backoff(durations(v).toArray(Duration[]::new))) {

		@Override
		public boolean isOrdered() {
			return true;
		}

	},

	/** Maximum messages delivered and not yet acknowledged. */
	MAX_ACK_PENDING("max-ack-pending", true, ConsumerConfiguration::getMaxAckPending,
			(b, v) -> b.maxAckPending((Long) v)),

	/** Metadata; needs nats-server 2.10. */
	METADATA("metadata", true, ConsumerConfiguration::getMetadata, (b, v) -> b.metadata(StreamField.stringMap(v))) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return StreamField.V2_10;
		}

	},

	/** Replicas of the consumer's state (0: as many as the stream). */
	REPLICAS("replicas", true, ConsumerConfiguration::getNumReplicas, (b, v) -> b.numReplicas((Integer) v)),

	/** Whether the consumer's state is kept in memory only. */
	MEM_STORAGE("mem-storage", false, ConsumerConfiguration::isMemStorage, (b, v) -> b.memStorage((Boolean) v)),

	/** How long the consumer may go without a client before the server removes it. */
	INACTIVE_THRESHOLD("inactive-threshold", true, ConsumerConfiguration::getInactiveThreshold,
			(b, v) -> b.inactiveThreshold((Duration) v)),

	/** Whether messages are delivered with headers only (and their size), no payload. */
	HEADERS_ONLY("headers-only", true, ConsumerConfiguration::isHeadersOnly, (b, v) -> b.headersOnly((Boolean) v)),

	/** Whether messages are delivered as fast as possible or at their original pace. */
	REPLAY_POLICY("replay-policy", false, ConsumerConfiguration::getReplayPolicy,
			(b, v) -> b.replayPolicy((ReplayPolicy) v)),

	/** Percentage of acknowledgements sampled as advisories, such as {@code 100%}. */
	SAMPLE_FREQUENCY("sample-frequency", true, ConsumerConfiguration::getSampleFrequency,
			(b, v) -> b.sampleFrequency((String) v)),

	/** Most pull requests waiting on the server at once. */
	MAX_WAITING("max-waiting", false, ConsumerConfiguration::getMaxPullWaiting, (b, v) -> b.maxPullWaiting((Long) v)),

	/** Largest batch one pull request may ask for. */
	MAX_BATCH("max-batch", true, ConsumerConfiguration::getMaxBatch, (b, v) -> b.maxBatch((Long) v)),

	/** Longest expiry a pull request may ask for. */
	MAX_EXPIRES("max-expires", true, ConsumerConfiguration::getMaxExpires, (b, v) -> b.maxExpires((Duration) v)),

	/** Most bytes one pull request may ask for. */
	MAX_BYTES("max-bytes", true, ConsumerConfiguration::getMaxBytes, (b, v) -> b.maxBytes((Long) v)),

	/**
	 * Until when the server delivers nothing to the consumer; needs nats-server 2.11.
	 */
	PAUSE_UNTIL("pause-until", true,
			(c) -> (c.getPauseUntil() != null) ? c.getPauseUntil().toInstant().truncatedTo(ChronoUnit.SECONDS) : null,
			(b, v) -> b.pauseUntil(((Instant) v).atZone(ZoneOffset.UTC))) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return StreamField.V2_11;
		}

	},

	/**
	 * Priority groups the consumer's clients pull in; needs nats-server 2.11 and a
	 * {@link #PRIORITY_POLICY}.
	 */
	PRIORITY_GROUPS("priority-groups", true, ConsumerConfiguration::getPriorityGroups,
			(b, v) -> b.priorityGroups(StreamField.strings(v))) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return StreamField.V2_11;
		}

	},

	/**
	 * How the server chooses among the pulls of a priority group: {@code overflow} or
	 * {@code pinned-client}; needs nats-server 2.11.
	 */
	PRIORITY_POLICY("priority-policy", true, ConsumerConfiguration::getPriorityPolicy,
			(b, v) -> b.priorityPolicy((PriorityPolicy) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return (value != PriorityPolicy.None) ? StreamField.V2_11 : null;
		}

	},

	/**
	 * How long a pinned client may go without pulling before the server pins another;
	 * needs nats-server 2.11.
	 */
	PRIORITY_TIMEOUT("priority-timeout", true, ConsumerConfiguration::getPriorityTimeout,
			(b, v) -> b.priorityTimeout((Duration) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return StreamField.V2_11;
		}

	};

	private final Definition<ConsumerConfiguration, ConsumerConfiguration.Builder> definition;

	ConsumerField(String propertyName, boolean updatable, Function<ConsumerConfiguration, @Nullable Object> reader,
			BiConsumer<ConsumerConfiguration.Builder, Object> writer) {
		this.definition = new Definition<>(propertyName, updatable, reader, writer);
	}

	@Override
	public Definition<ConsumerConfiguration, ConsumerConfiguration.Builder> definition() {
		return this.definition;
	}

	@SuppressWarnings("unchecked")
	static List<Duration> durations(Object value) {
		return (List<Duration>) value;
	}

}
