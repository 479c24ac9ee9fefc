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
import java.util.List;
import java.util.Map;

import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Declarations as values: what the builders refuse (naming the property path through the
 * origin), what they write into a jnats configuration, and how the declarer's
 * {@link Declarations} merges, checks and orders them, all without a server.
 */
class DeclarationsTests {

	@Test
	void aStreamDeclarationWritesOnlyWhatItSets() {
		StreamDeclaration orders = StreamDeclaration.builder("ORDERS")
			.origin("app.streams.ORDERS")
			.subjects("orders.>")
			.maxAge(Duration.ofDays(7))
			.build();
		StreamConfiguration existing = StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("old.>")
			.storageType(StorageType.Memory)
			.build();
		StreamConfiguration updated = orders.toConfiguration(existing);
		assertThat(updated.getSubjects()).containsExactly("orders.>");
		assertThat(updated.getMaxAge()).isEqualTo(Duration.ofDays(7));
		assertThat(updated.getStorageType()).as("not declared: kept from the server").isEqualTo(StorageType.Memory);
	}

	@Test
	void badStreamSettingsAreRefusedNamingTheirPath() {
		assertThatExceptionOfType(TopologyDeclarationException.class)
			.isThrownBy(() -> StreamDeclaration.builder("ORDERS")
				.origin("app.streams.ORDERS")
				.maxAge(Duration.ofDays(1))
				.build())
			.satisfies((ex) -> assertThat(ex.getPropertyPath()).isEqualTo("app.streams.ORDERS.subjects"));
		assertThatExceptionOfType(TopologyDeclarationException.class).isThrownBy(
				() -> StreamDeclaration.builder("ORDERS").origin("app.streams.ORDERS").subjects("orders..x").build())
			.withMessageContaining("app.streams.ORDERS.subjects");
		assertThatExceptionOfType(TopologyDeclarationException.class)
			.isThrownBy(() -> StreamDeclaration.builder("ORDERS").origin("s").subjects("a").replicas(6).build())
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("must be between 1 and 5"));
		assertThatExceptionOfType(TopologyDeclarationException.class)
			.isThrownBy(() -> StreamDeclaration.builder("COPY").origin("s").subjects("a").mirror("ORDERS").build())
			.withMessageContaining("s.mirror");
	}

	@Test
	void aConsumerDeclarationWritesItsSettings() {
		ConsumerConfiguration config = ConsumerDeclaration.builder("worker", "ORDERS")
			.origin("app.consumers.worker")
			.filterSubjects("orders.created")
			.maxDeliver(5)
			.backoff(Duration.ofSeconds(1), Duration.ofSeconds(5))
			.build()
			.toConfiguration(null);
		assertThat(config.getDurable()).isEqualTo("worker");
		assertThat(config.getFilterSubject()).isEqualTo("orders.created");
		assertThat(config.getMaxDeliver()).isEqualTo(5);
		assertThat(config.getBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5));
	}

	@Test
	void theSameStreamDeclaredTwiceAlikeIsMergedAndDifferentlyIsRefused() {
		StreamDeclaration fromProperties = stream("ORDERS", "props.ORDERS", "orders.>");
		StreamDeclaration sameBean = stream("ORDERS", "ignored", "orders.>");
		assertThat(Declarations.streams(List.of(fromProperties), Map.of("ordersStream", sameBean)))
			.containsExactly(fromProperties);
		StreamDeclaration otherBean = stream("ORDERS", "ignored", "shop.>");
		assertThatExceptionOfType(JetStreamTopologyException.class)
			.isThrownBy(() -> Declarations.streams(List.of(fromProperties), Map.of("ordersStream", otherBean)))
			.withMessageContaining("props.ORDERS")
			.withMessageContaining("bean 'ordersStream' (stream ORDERS)")
			.withMessageContaining("Declare it once");
	}

	@Test
	void overlappingSubjectsAreRefusedNamingBothStreams() {
		assertThatExceptionOfType(TopologyDeclarationException.class)
			.isThrownBy(() -> Declarations.streams(List.of(stream("ORDERS", "props.ORDERS", "orders.>"),
					stream("AUDIT", "props.AUDIT", "orders.created")), Map.of()))
			.satisfies((ex) -> assertThat(ex.getPropertyPath()).isEqualTo("props.AUDIT.subjects"))
			.withMessageContaining("props.ORDERS.subjects");
	}

	@Test
	void mirrorsAndSourcesComeAfterTheirUpstreamsAndCyclesAreRefused() {
		StreamDeclaration copy = StreamDeclaration.builder("COPY").origin("c").mirror("ORDERS").build();
		StreamDeclaration all = StreamDeclaration.builder("ALL").origin("a").sources("COPY", "ORDERS").build();
		StreamDeclaration orders = stream("ORDERS", "o", "orders.>");
		assertThat(Declarations.streams(List.of(all, copy, orders), Map.of())).extracting(StreamDeclaration::getName)
			.containsExactly("ORDERS", "COPY", "ALL");
		StreamDeclaration a = StreamDeclaration.builder("A").origin("a").mirror("B").build();
		StreamDeclaration b = StreamDeclaration.builder("B").origin("b").mirror("A").build();
		assertThatExceptionOfType(JetStreamTopologyException.class)
			.isThrownBy(() -> Declarations.streams(List.of(a, b), Map.of()))
			.withMessageContaining("cycle");
	}

	@Test
	void consumersAreMergedByStreamAndName() {
		ConsumerDeclaration worker = ConsumerDeclaration.builder("worker", "ORDERS").origin("p").maxDeliver(3).build();
		ConsumerDeclaration otherStream = ConsumerDeclaration.builder("worker", "AUDIT").origin("p2").build();
		ConsumerDeclaration conflicting = ConsumerDeclaration.builder("worker", "ORDERS")
			.origin("x")
			.maxDeliver(4)
			.build();
		assertThat(Declarations.consumers(List.of(worker, otherStream), Map.of())).hasSize(2);
		assertThatExceptionOfType(JetStreamTopologyException.class)
			.isThrownBy(() -> Declarations.consumers(List.of(worker), Map.of("workerBean", conflicting)))
			.withMessageContaining("Consumer worker on stream ORDERS is declared twice");
	}

	private static StreamDeclaration stream(String name, String origin, String subject) {
		return StreamDeclaration.builder(name).origin(origin).subjects(subject).build();
	}

}
