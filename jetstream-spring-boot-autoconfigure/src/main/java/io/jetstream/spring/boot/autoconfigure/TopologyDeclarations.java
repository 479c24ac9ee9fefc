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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.nats.client.api.CompressionOption;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import io.jetstream.spring.config.ConsumerDeclaration;
import io.jetstream.spring.config.JetStreamTopologyException;
import io.jetstream.spring.config.StreamDeclaration;
import io.jetstream.spring.config.TopologyDeclarationException;

/**
 * Turns {@code nats.jetstream.streams.*} and {@code nats.jetstream.consumers.*} into
 * declarations, merges them with declaration beans, and refuses bad values before the
 * server is touched, naming the property path.
 */
final class TopologyDeclarations {

	private static final String STREAMS = "nats.jetstream.streams.";

	private static final String CONSUMERS = "nats.jetstream.consumers.";

	private TopologyDeclarations() {
	}

	static List<StreamDeclaration> streams(JetStreamProperties properties, Map<String, StreamDeclaration> beans) {
		Map<String, StreamDeclaration> byName = new LinkedHashMap<>();
		properties.getStreams().forEach((name, stream) -> merge(byName, name, converted(() -> stream(name, stream))));
		beans.forEach((beanName, stream) -> merge(byName, stream.getName(),
				stream.withOrigin("bean '" + beanName + "' (stream " + stream.getName() + ")")));
		List<StreamDeclaration> streams = new ArrayList<>(byName.values());
		checkOverlaps(streams);
		return upstreamsFirst(streams);
	}

	static List<ConsumerDeclaration> consumers(JetStreamProperties properties, Map<String, ConsumerDeclaration> beans) {
		Map<String, ConsumerDeclaration> byName = new LinkedHashMap<>();
		properties.getConsumers()
			.forEach((name, consumer) -> mergeConsumer(byName, converted(() -> consumer(name, consumer))));
		beans.forEach((beanName, consumer) -> mergeConsumer(byName,
				consumer.withOrigin("bean '" + beanName + "' (consumer " + consumer.getName() + ")")));
		return new ArrayList<>(byName.values());
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
		set(stream.getMirror(), (mirror) -> builder.mirror(sourceName(STREAMS + name + ".mirror.name", mirror)));
		List<JetStreamProperties.StreamSource> sources = stream.getSources();
		if (sources != null) {
			List<String> names = new ArrayList<>();
			for (int i = 0; i < sources.size(); i++) {
				names.add(sourceName(STREAMS + name + ".sources[" + i + "].name", sources.get(i)));
			}
			builder.sources(names.toArray(String[]::new));
		}
		set(stream.getCompression(), (compression) -> builder.compression(
				(compression == JetStreamProperties.Compression.S2) ? CompressionOption.S2 : CompressionOption.None));
		set(stream.getMetadata(), builder::metadata);
		set(stream.getFirstSequence(), builder::firstSequence);
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
		return builder.build();
	}

	private static <T> void set(@Nullable T value, Consumer<T> setter) {
		if (value != null) {
			setter.accept(value);
		}
	}

	private static String sourceName(String path, JetStreamProperties.StreamSource source) {
		if (source.getName() == null || source.getName().isBlank()) {
			throw new InvalidConfigurationPropertyValueException(path, source.getName(), "must name a stream");
		}
		return source.getName();
	}

	private static <T> T converted(java.util.function.Supplier<T> declaration) {
		try {
			return declaration.get();
		}
		catch (TopologyDeclarationException ex) {
			throw new InvalidConfigurationPropertyValueException(ex.getPropertyPath(), ex.getValue(), ex.getReason());
		}
	}

	private static void merge(Map<String, StreamDeclaration> byName, String name, StreamDeclaration stream) {
		StreamDeclaration previous = byName.putIfAbsent(name, stream);
		if (previous != null && !previous.equals(stream)) {
			throw new JetStreamTopologyException("Stream " + name + " is declared twice with different settings: "
					+ previous.getOrigin() + " " + previous.getSettings() + " and " + stream.getOrigin() + " "
					+ stream.getSettings() + ". Declare it once.", null);
		}
	}

	private static void mergeConsumer(Map<String, ConsumerDeclaration> byName, ConsumerDeclaration consumer) {
		String key = consumer.getStream() + "/" + consumer.getName();
		ConsumerDeclaration previous = byName.putIfAbsent(key, consumer);
		if (previous != null && !previous.equals(consumer)) {
			throw new JetStreamTopologyException("Consumer " + consumer.getName() + " on stream " + consumer.getStream()
					+ " is declared twice with different settings: " + previous.getOrigin() + " "
					+ previous.getSettings() + " and " + consumer.getOrigin() + " " + consumer.getSettings()
					+ ". Declare it once.", null);
		}
	}

	private static void checkOverlaps(List<StreamDeclaration> streams) {
		for (int i = 0; i < streams.size(); i++) {
			for (int j = i + 1; j < streams.size(); j++) {
				for (String a : streams.get(i).getSubjects()) {
					for (String b : streams.get(j).getSubjects()) {
						if (SubjectPatterns.overlap(a, b)) {
							throw new InvalidConfigurationPropertyValueException(
									streams.get(j).getOrigin() + ".subjects", b,
									"overlaps '" + a + "' of " + streams.get(i).getOrigin()
											+ ".subjects; a message must belong to one stream");
						}
					}
				}
			}
		}
	}

	/**
	 * Orders streams so that a mirror or a sourcing stream comes after the declared
	 * streams it reads; upstreams not declared here must exist on the server.
	 */
	private static List<StreamDeclaration> upstreamsFirst(List<StreamDeclaration> streams) {
		Map<String, StreamDeclaration> pending = new LinkedHashMap<>();
		streams.forEach((stream) -> pending.put(stream.getName(), stream));
		List<StreamDeclaration> ordered = new ArrayList<>();
		while (!pending.isEmpty()) {
			StreamDeclaration next = pending.values()
				.stream()
				.filter((stream) -> stream.getUpstreams().stream().noneMatch(pending::containsKey))
				.findFirst()
				.orElseThrow(() -> new JetStreamTopologyException(
						"Streams mirror or source each other in a cycle: " + pending.keySet(), null));
			ordered.add(next);
			pending.remove(next.getName());
		}
		return ordered;
	}

}
