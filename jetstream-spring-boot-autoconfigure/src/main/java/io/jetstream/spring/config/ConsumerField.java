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
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The consumer settings a declaration can set; see {@link TopologySetting}.
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
