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

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges the declarations a {@link JetStreamTopologyDeclarer} is given with those
 * declared as beans, and refuses what cannot be applied before the server is touched: the
 * same stream or consumer declared twice differently, streams whose subjects overlap, and
 * streams that mirror or source each other in a cycle.
 */
final class Declarations {

	private Declarations() {
	}

	/**
	 * Merge streams, check their subjects, and order them upstreams first.
	 * @param given the streams given to the declarer (from properties, say)
	 * @param beans stream declaration beans by bean name
	 * @return the streams to declare, each mirrored or sourced stream after its upstreams
	 */
	static List<StreamDeclaration> streams(Collection<StreamDeclaration> given, Map<String, StreamDeclaration> beans) {
		Map<String, StreamDeclaration> byName = new LinkedHashMap<>();
		given.forEach((stream) -> merge(byName, stream));
		beans.forEach((beanName, stream) -> merge(byName,
				stream.withOrigin("bean '" + beanName + "' (stream " + stream.getName() + ")")));
		List<StreamDeclaration> streams = new ArrayList<>(byName.values());
		checkOverlaps(streams);
		return upstreamsFirst(streams);
	}

	/**
	 * Merge consumers.
	 * @param given the consumers given to the declarer
	 * @param beans consumer declaration beans by bean name
	 * @return the consumers to declare
	 */
	static List<ConsumerDeclaration> consumers(Collection<ConsumerDeclaration> given,
			Map<String, ConsumerDeclaration> beans) {
		Map<String, ConsumerDeclaration> byName = new LinkedHashMap<>();
		given.forEach((consumer) -> mergeConsumer(byName, consumer));
		beans.forEach((beanName, consumer) -> mergeConsumer(byName,
				consumer.withOrigin("bean '" + beanName + "' (consumer " + consumer.getName() + ")")));
		return new ArrayList<>(byName.values());
	}

	private static void merge(Map<String, StreamDeclaration> byName, StreamDeclaration stream) {
		StreamDeclaration previous = byName.putIfAbsent(stream.getName(), stream);
		if (previous != null && !previous.equals(stream)) {
			throw new JetStreamTopologyException(
					"Stream " + stream.getName() + " is declared twice with different settings: " + previous.getOrigin()
							+ " " + previous.getSettings() + " and " + stream.getOrigin() + " " + stream.getSettings()
							+ ". Declare it once.",
					null);
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
							throw new TopologyDeclarationException(streams.get(j).getOrigin() + ".subjects", b,
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
