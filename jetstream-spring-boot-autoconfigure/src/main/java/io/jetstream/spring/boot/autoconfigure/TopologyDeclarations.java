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

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import io.nats.client.api.CompressionOption;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.jetstream.spring.config.ConsumerDeclaration;
import io.jetstream.spring.config.StreamDeclaration;
import io.jetstream.spring.config.TopologyDeclarationException;

/**
 * Maps {@code nats.jetstream.streams.*} and {@code nats.jetstream.consumers.*} to
 * declarations (the declarer merges them with declaration beans), refusing bad values
 * before the server is touched, naming the property path.
 */
final class TopologyDeclarations {

	private static final String STREAMS = "nats.jetstream.streams.";

	private static final String CONSUMERS = "nats.jetstream.consumers.";

	private TopologyDeclarations() {
	}

	static List<StreamDeclaration> streams(JetStreamProperties properties) {
		List<StreamDeclaration> streams = new ArrayList<>();
		properties.getStreams().forEach((name, stream) -> streams.add(converted(() -> stream(name, stream))));
		return streams;
	}

	static List<ConsumerDeclaration> consumers(JetStreamProperties properties) {
		List<ConsumerDeclaration> consumers = new ArrayList<>();
		properties.getConsumers().forEach((name, consumer) -> consumers.add(converted(() -> consumer(name, consumer))));
		return consumers;
	}

	private static StreamDeclaration stream(String name, JetStreamProperties.Stream stream) {
		StreamDeclaration.Builder builder = StreamDeclaration.builder(name).origin(STREAMS + name);
		set(stream.getSubjects(), builder::subjects);
		set(stream.getDescription(), builder::description);
		set(stream.getStorage(), (storage) -> builder
			.storage((storage == JetStreamProperties.Storage.FILE) ? StorageType.File : StorageType.Memory));
		set(stream.getRetention(), (retention) -> builder.retention(switch (retention) {
			case LIMITS -> RetentionPolicy.Limits;
			case WORK_QUEUE -> RetentionPolicy.WorkQueue;
			case INTEREST -> RetentionPolicy.Interest;
		}));
		set(stream.getMaxAge(), builder::maxAge);
		set(stream.getMaxBytes(), builder::maxBytes);
		set(stream.getMaxMsgs(), builder::maxMsgs);
		set(stream.getMaxMsgsPerSubject(), builder::maxMsgsPerSubject);
		set(stream.getMaxMsgSize(), builder::maxMsgSize);
		set(stream.getReplicas(), builder::replicas);
		set(stream.getDiscard(), (discard) -> builder
			.discard((discard == JetStreamProperties.Discard.OLD) ? DiscardPolicy.Old : DiscardPolicy.New));
		set(stream.getDuplicateWindow(), builder::duplicateWindow);
		set(stream.getDenyDelete(), builder::denyDelete);
		set(stream.getDenyPurge(), builder::denyPurge);
		set(stream.getMirror(), (mirror) -> builder.mirror(upstream(STREAMS + name + ".mirror", mirror)));
		List<JetStreamProperties.StreamSource> sources = stream.getSources();
		if (sources != null) {
			List<StreamDeclaration.Upstream> upstreams = new ArrayList<>();
			for (int i = 0; i < sources.size(); i++) {
				upstreams.add(upstream(STREAMS + name + ".sources[" + i + "]", sources.get(i)));
			}
			builder.sources(upstreams);
		}
		set(stream.getCompression(), (compression) -> builder.compression(
				(compression == JetStreamProperties.Compression.S2) ? CompressionOption.S2 : CompressionOption.None));
		set(stream.getMetadata(), builder::metadata);
		set(stream.getFirstSequence(), builder::firstSequence);
		set(stream.getAllowDirect(), builder::allowDirect);
		set(stream.getMirrorDirect(), builder::mirrorDirect);
		set(stream.getDiscardNewPerSubject(), builder::discardNewPerSubject);
		set(stream.getMaxConsumers(), builder::maxConsumers);
		set(stream.getAllowMsgTtl(), builder::allowMsgTtl);
		set(stream.getSubjectDeleteMarkerTtl(), builder::subjectDeleteMarkerTtl);
		set(stream.getAllowAtomic(), builder::allowAtomic);
		set(stream.getPlacement(), (placement) -> builder.placement(placement.getCluster(), placement.getTags()));
		set(stream.getRepublish(), (republish) -> builder.republish(republish.getSource(),
				destination(STREAMS + name + ".republish.destination", republish), republish.isHeadersOnly()));
		set(stream.getSubjectTransform(), (transform) -> builder.subjectTransform(transform.getSource(),
				destination(STREAMS + name + ".subject-transform.destination", transform)));
		return builder.build();
	}

	private static ConsumerDeclaration consumer(String name, JetStreamProperties.Consumer consumer) {
		String stream = consumer.getStream();
		if (stream == null || stream.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(CONSUMERS + name + ".stream", stream,
					"must name the stream the consumer reads");
		}
		ConsumerDeclaration.Builder builder = ConsumerDeclaration.builder(name, stream).origin(CONSUMERS + name);
		set(consumer.getDescription(), builder::description);
		set(consumer.getFilterSubjects(), builder::filterSubjects);
		set(consumer.getDeliverPolicy(), (policy) -> builder.deliverPolicy(switch (policy) {
			case ALL -> DeliverPolicy.All;
			case NEW -> DeliverPolicy.New;
			case LAST -> DeliverPolicy.Last;
			case LAST_PER_SUBJECT -> DeliverPolicy.LastPerSubject;
			case BY_START_SEQUENCE -> DeliverPolicy.ByStartSequence;
			case BY_START_TIME -> DeliverPolicy.ByStartTime;
		}));
		set(consumer.getStartSequence(), builder::startSequence);
		set(consumer.getStartTime(), builder::startTime);
		set(consumer.getAckWait(), builder::ackWait);
		set(consumer.getMaxDeliver(), builder::maxDeliver);
		set(consumer.getBackoff(), builder::backoff);
		set(consumer.getMaxAckPending(), builder::maxAckPending);
		set(consumer.getMetadata(), builder::metadata);
		set(consumer.getReplicas(), builder::replicas);
		set(consumer.getMemStorage(), builder::memStorage);
		set(consumer.getInactiveThreshold(), builder::inactiveThreshold);
		set(consumer.getHeadersOnly(), builder::headersOnly);
		set(consumer.getReplayPolicy(), (replay) -> builder.replayPolicy(
				(replay == JetStreamProperties.Replay.ORIGINAL) ? ReplayPolicy.Original : ReplayPolicy.Instant));
		set(consumer.getSampleFrequency(), builder::sampleFrequency);
		set(consumer.getMaxWaiting(), builder::maxWaiting);
		set(consumer.getMaxBatch(), builder::maxBatch);
		set(consumer.getMaxExpires(), builder::maxExpires);
		set(consumer.getMaxBytes(), builder::maxBytes);
		set(consumer.getPauseUntil(), builder::pauseUntil);
		if (consumer.getPriorityPolicy() != null || !consumer.getPriorityGroups().isEmpty()) {
			builder.priorityGroups(switch (Objects.requireNonNullElse(consumer.getPriorityPolicy(),
					JetStreamProperties.Priority.NONE)) {
				case NONE -> PriorityPolicy.None;
				case OVERFLOW -> PriorityPolicy.Overflow;
				case PINNED_CLIENT -> PriorityPolicy.PinnedClient;
			}, consumer.getPriorityGroups());
		}
		set(consumer.getPriorityTimeout(), builder::priorityTimeout);
		return builder.build();
	}

	private static <T> void set(@Nullable T value, Consumer<T> setter) {
		if (value != null) {
			setter.accept(value);
		}
	}

	private static String destination(String path, JetStreamProperties.SubjectMapping mapping) {
		String destination = mapping.getDestination();
		if (destination == null || destination.isBlank()) {
			throw new InvalidConfigurationPropertyValueException(path, destination,
					"must name the destination subject");
		}
		return destination;
	}

	private static StreamDeclaration.Upstream upstream(String path, JetStreamProperties.StreamSource source) {
		if (source.getName() == null || source.getName().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(path + ".name", source.getName(),
					"must name a stream");
		}
		List<StreamDeclaration.SubjectTransform> transforms = new ArrayList<>();
		List<JetStreamProperties.SubjectMapping> mappings = source.getSubjectTransforms();
		for (int i = 0; i < mappings.size(); i++) {
			JetStreamProperties.SubjectMapping mapping = mappings.get(i);
			transforms.add(new StreamDeclaration.SubjectTransform(mapping.getSource(),
					destination(path + ".subject-transforms[" + i + "].destination", mapping)));
		}
		return new StreamDeclaration.Upstream(source.getName(), source.getFilterSubject(), transforms);
	}

	private static <T> T converted(java.util.function.Supplier<T> declaration) {
		try {
			return declaration.get();
		}
		catch (TopologyDeclarationException ex) {
			throw new InvalidConfigurationPropertyValueException(ex.getPropertyPath(), ex.getValue(), ex.getReason());
		}
	}

}
