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

import io.nats.client.api.CompressionOption;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
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
		PropertyMapper map = PropertyMapper.get();
		map.from(stream.getSubjects()).to(builder::subjects);
		map.from(stream.getDescription()).to(builder::description);
		map.from(stream.getStorage())
			.to((storage) -> builder
				.storage((storage == JetStreamProperties.Storage.FILE) ? StorageType.File : StorageType.Memory));
		map.from(stream.getRetention()).to((retention) -> builder.retention(switch (retention) {
			case LIMITS -> RetentionPolicy.Limits;
			case WORK_QUEUE -> RetentionPolicy.WorkQueue;
			case INTEREST -> RetentionPolicy.Interest;
		}));
		map.from(stream.getMaxAge()).to(builder::maxAge);
		map.from(stream.getMaxBytes()).to(builder::maxBytes);
		map.from(stream.getMaxMsgs()).to(builder::maxMsgs);
		map.from(stream.getMaxMsgsPerSubject()).to(builder::maxMsgsPerSubject);
		map.from(stream.getMaxMsgSize()).to(builder::maxMsgSize);
		map.from(stream.getReplicas()).to(builder::replicas);
		map.from(stream.getDiscard())
			.to((discard) -> builder
				.discard((discard == JetStreamProperties.Discard.OLD) ? DiscardPolicy.Old : DiscardPolicy.New));
		map.from(stream.getDuplicateWindow()).to(builder::duplicateWindow);
		map.from(stream.getDenyDelete()).to(builder::denyDelete);
		map.from(stream.getDenyPurge()).to(builder::denyPurge);
		map.from(stream.getMirror()).to((mirror) -> builder.mirror(upstream(STREAMS + name + ".mirror", mirror)));
		List<JetStreamProperties.StreamSource> sources = stream.getSources();
		if (sources != null) {
			List<StreamDeclaration.Upstream> upstreams = new ArrayList<>();
			for (int i = 0; i < sources.size(); i++) {
				upstreams.add(upstream(STREAMS + name + ".sources[" + i + "]", sources.get(i)));
			}
			builder.sources(upstreams);
		}
		map.from(stream.getCompression())
			.to((compression) -> builder.compression((compression == JetStreamProperties.Compression.S2)
					? CompressionOption.S2 : CompressionOption.None));
		map.from(stream.getMetadata()).to(builder::metadata);
		map.from(stream.getFirstSequence()).to(builder::firstSequence);
		map.from(stream.getAllowDirect()).to(builder::allowDirect);
		map.from(stream.getMirrorDirect()).to(builder::mirrorDirect);
		map.from(stream.getDiscardNewPerSubject()).to(builder::discardNewPerSubject);
		map.from(stream.getMaxConsumers()).to(builder::maxConsumers);
		map.from(stream.getAllowMsgTtl()).to(builder::allowMsgTtl);
		map.from(stream.getSubjectDeleteMarkerTtl()).to(builder::subjectDeleteMarkerTtl);
		map.from(stream.getAllowAtomic()).to(builder::allowAtomic);
		map.from(stream.getPlacement())
			.to((placement) -> builder.placement(placement.getCluster(), placement.getTags()));
		map.from(stream.getRepublish())
			.to((republish) -> builder.republish(republish.getSource(),
					destination(STREAMS + name + ".republish.destination", republish), republish.isHeadersOnly()));
		map.from(stream.getSubjectTransform())
			.to((transform) -> builder.subjectTransform(transform.getSource(),
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
		PropertyMapper map = PropertyMapper.get();
		map.from(consumer.getDescription()).to(builder::description);
		map.from(consumer.getFilterSubjects()).to(builder::filterSubjects);
		map.from(consumer.getDeliverPolicy()).to((policy) -> builder.deliverPolicy(switch (policy) {
			case ALL -> DeliverPolicy.All;
			case NEW -> DeliverPolicy.New;
			case LAST -> DeliverPolicy.Last;
			case LAST_PER_SUBJECT -> DeliverPolicy.LastPerSubject;
			case BY_START_SEQUENCE -> DeliverPolicy.ByStartSequence;
			case BY_START_TIME -> DeliverPolicy.ByStartTime;
		}));
		map.from(consumer.getStartSequence()).to(builder::startSequence);
		map.from(consumer.getStartTime()).to(builder::startTime);
		map.from(consumer.getAckWait()).to(builder::ackWait);
		map.from(consumer.getMaxDeliver()).to(builder::maxDeliver);
		map.from(consumer.getBackoff()).to(builder::backoff);
		map.from(consumer.getMaxAckPending()).to(builder::maxAckPending);
		map.from(consumer.getMetadata()).to(builder::metadata);
		map.from(consumer.getReplicas()).to(builder::replicas);
		map.from(consumer.getMemStorage()).to(builder::memStorage);
		map.from(consumer.getInactiveThreshold()).to(builder::inactiveThreshold);
		map.from(consumer.getHeadersOnly()).to(builder::headersOnly);
		map.from(consumer.getReplayPolicy())
			.to((replay) -> builder.replayPolicy(
					(replay == JetStreamProperties.Replay.ORIGINAL) ? ReplayPolicy.Original : ReplayPolicy.Instant));
		map.from(consumer.getSampleFrequency()).to(builder::sampleFrequency);
		map.from(consumer.getMaxWaiting()).to(builder::maxWaiting);
		map.from(consumer.getMaxBatch()).to(builder::maxBatch);
		map.from(consumer.getMaxExpires()).to(builder::maxExpires);
		map.from(consumer.getMaxBytes()).to(builder::maxBytes);
		map.from(consumer.getPauseUntil()).to(builder::pauseUntil);
		if (consumer.getPriorityPolicy() != null || !consumer.getPriorityGroups().isEmpty()) {
			builder.priorityGroups(switch (Objects.requireNonNullElse(consumer.getPriorityPolicy(),
					JetStreamProperties.Priority.NONE)) {
				case NONE -> PriorityPolicy.None;
				case OVERFLOW -> PriorityPolicy.Overflow;
				case PINNED_CLIENT -> PriorityPolicy.PinnedClient;
			}, consumer.getPriorityGroups());
		}
		map.from(consumer.getPriorityTimeout()).to(builder::priorityTimeout);
		return builder.build();
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
