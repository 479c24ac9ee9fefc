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

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.jetstream.spring.config.ConsumerDeclaration;
import io.jetstream.spring.config.StreamDeclaration;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers declared in properties and as beans, applied to a real server and checked
 * with raw jnats.
 */
class JetStreamConsumerTopologyTests extends AbstractTopologyTests {

	private final ApplicationContextRunner withOrders = this.contextRunner
		.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>");

	@Test
	void everyConsumerPropertyLandsOnTheServer() {
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.order-processor.stream=ORDERS",
					"nats.jetstream.consumers.order-processor.description=Processes orders",
					"nats.jetstream.consumers.order-processor.filter-subjects=orders.created",
					"nats.jetstream.consumers.order-processor.deliver-policy=by-start-time",
					"nats.jetstream.consumers.order-processor.start-time=2026-01-01T00:00:00Z",
					"nats.jetstream.consumers.order-processor.max-deliver=5",
					"nats.jetstream.consumers.order-processor.backoff=1s,5s,30s",
					"nats.jetstream.consumers.order-processor.max-ack-pending=1000")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ConsumerConfiguration config = this.jsm.getConsumerInfo("ORDERS", "order-processor")
					.getConsumerConfiguration();
				assertThat(config.getDurable()).isEqualTo("order-processor");
				assertThat(config.getAckPolicy()).isEqualTo(AckPolicy.Explicit);
				assertThat(config.getDescription()).isEqualTo("Processes orders");
				assertThat(config.getFilterSubjects()).containsExactly("orders.created");
				assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartTime);
				assertThat(config.getStartTime().toInstant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
				assertThat(config.getMaxDeliver()).isEqualTo(5);
				assertThat(config.getBackoff()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(5),
						Duration.ofSeconds(30));
				assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(1));
				assertThat(config.getMaxAckPending()).isEqualTo(1000);
			});
	}

	@Test
	void byStartSequenceAndAckWaitLandOnTheServer() {
		this.withOrders.withPropertyValues("nats.jetstream.consumers.replayer.stream=ORDERS",
				"nats.jetstream.consumers.replayer.deliver-policy=by-start-sequence",
				"nats.jetstream.consumers.replayer.start-sequence=42", "nats.jetstream.consumers.replayer.ack-wait=45s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ConsumerConfiguration config = this.jsm.getConsumerInfo("ORDERS", "replayer")
					.getConsumerConfiguration();
				assertThat(config.getDeliverPolicy()).isEqualTo(DeliverPolicy.ByStartSequence);
				assertThat(config.getStartSequence()).isEqualTo(42);
				assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(45));
			});
	}

	@Test
	void whenUpdatableConsumerSettingsDifferThenTheyAreUpdated() throws Exception {
		createStream();
		this.jsm.addOrUpdateConsumer("ORDERS",
				ConsumerConfiguration.builder()
					.durable("order-processor")
					.ackWait(Duration.ofSeconds(30))
					.maxAckPending(50)
					.filterSubject("orders.created")
					.build());
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.order-processor.stream=ORDERS",
					"nats.jetstream.consumers.order-processor.ack-wait=10s",
					"nats.jetstream.consumers.order-processor.filter-subjects=orders.paid")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ConsumerConfiguration config = this.jsm.getConsumerInfo("ORDERS", "order-processor")
					.getConsumerConfiguration();
				assertThat(config.getAckWait()).isEqualTo(Duration.ofSeconds(10));
				assertThat(config.getFilterSubjects()).containsExactly("orders.paid");
				assertThat(config.getMaxAckPending()).as("not configured, so not touched").isEqualTo(50);
			});
	}

	@Test
	void whenDeliverPolicyDiffersThenStartupFailsNamingConsumerFieldAndBothValues() throws Exception {
		createStream();
		this.jsm.addOrUpdateConsumer("ORDERS",
				ConsumerConfiguration.builder().durable("order-processor").deliverPolicy(DeliverPolicy.All).build());
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.order-processor.stream=ORDERS",
					"nats.jetstream.consumers.order-processor.deliver-policy=new")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("consumer order-processor on stream ORDERS cannot be updated")
				.hasMessageContaining("deliver-policy is all on the server, new configured")
				.hasMessageContaining("nats.jetstream.consumers.order-processor.deliver-policy"));
	}

	@Test
	void validateModeFailsOnAConsumerDifferenceAndChangesNothing() throws Exception {
		createStream();
		this.jsm.addOrUpdateConsumer("ORDERS",
				ConsumerConfiguration.builder().durable("order-processor").maxAckPending(50).build());
		this.withOrders
			.withPropertyValues("nats.jetstream.topology.mode=validate",
					"nats.jetstream.consumers.order-processor.stream=ORDERS",
					"nats.jetstream.consumers.order-processor.max-ack-pending=100")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("max-ack-pending is 50 on the server, 100 configured"));
		assertThat(this.jsm.getConsumerInfo("ORDERS", "order-processor").getConsumerConfiguration().getMaxAckPending())
			.isEqualTo(50);
	}

	@Test
	void whenConsumerNamesAStreamThatIsNeitherDeclaredNorPresentThenStartupFailsNamingTheProperty() {
		this.withOrders.withPropertyValues("nats.jetstream.consumers.lost.stream=NOWHERE")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.consumers.lost.stream")
				.hasMessageContaining("neither declared"));
	}

	@Test
	void whenConsumerNamesAStreamThatOnlyExistsOnTheServerThenItIsCreated() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("EXTERNAL").subjects("external.>").build());
		this.contextRunner.withPropertyValues("nats.jetstream.consumers.reader.stream=EXTERNAL")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.jsm.getConsumerNames("EXTERNAL")).containsExactly("reader");
	}

	@Test
	void whenBackoffHasAsManyDelaysAsMaxDeliverThenStartupFailsNamingTheProperty() {
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.c.stream=ORDERS", "nats.jetstream.consumers.c.max-deliver=3",
					"nats.jetstream.consumers.c.backoff=1s,5s,30s")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.consumers.c.max-deliver")
				.hasMessageContaining("greater than the number of backoff delays (3)"));
	}

	@Test
	void whenAckWaitDiffersFromTheFirstBackoffThenStartupFailsNamingTheProperty() {
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.c.stream=ORDERS", "nats.jetstream.consumers.c.max-deliver=5",
					"nats.jetstream.consumers.c.backoff=1s,5s", "nats.jetstream.consumers.c.ack-wait=500ms")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.consumers.c.ack-wait")
				.hasMessageContaining("replaced by the first backoff delay"));
	}

	@Test
	void whenDeliverPolicyIsUnknownThenStartupFailsNamingTheProperty() {
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.c.stream=ORDERS",
					"nats.jetstream.consumers.c.deliver-policy=sometimes")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("nats.jetstream.consumers.c.deliver-policy"));
	}

	@Test
	void whenAckWaitIsNegativeThenStartupFailsNamingTheProperty() {
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.c.stream=ORDERS", "nats.jetstream.consumers.c.ack-wait=-5s")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.consumers.c.ack-wait")
				.hasMessageContaining("must be positive"));
	}

	@Test
	void whenStartSequenceIsMissingForByStartSequenceThenStartupFailsNamingTheProperty() {
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.c.stream=ORDERS",
					"nats.jetstream.consumers.c.deliver-policy=by-start-sequence")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.consumers.c.start-sequence"));
	}

	@Test
	void beanDeclarationsAreMergedWithProperties() {
		this.withOrders
			.withBean("auditStream", StreamDeclaration.class,
					() -> StreamDeclaration.builder("AUDIT").subjects("audit.>").storage(StorageType.Memory).build())
			.withBean("auditWriter", ConsumerDeclaration.class,
					() -> ConsumerDeclaration.builder("audit-writer", "AUDIT").maxAckPending(10).build())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.jsm.getStreamNames()).containsExactlyInAnyOrder("ORDERS", "AUDIT");
				assertThat(
						this.jsm.getConsumerInfo("AUDIT", "audit-writer").getConsumerConfiguration().getMaxAckPending())
					.isEqualTo(10);
			});
	}

	@Test
	void whenABeanRedeclaresAStreamIdenticallyThenItIsDeclaredOnce() {
		this.withOrders
			.withBean("orders", StreamDeclaration.class,
					() -> StreamDeclaration.builder("ORDERS").subjects(List.of("orders.>")).build())
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void whenABeanRedeclaresAStreamDifferentlyThenStartupFailsNamingBoth() {
		this.withOrders
			.withBean("ordersStream", StreamDeclaration.class,
					() -> StreamDeclaration.builder("ORDERS").subjects("orders.>").maxAge(Duration.ofDays(1)).build())
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("Stream ORDERS is declared twice with different settings")
				.hasMessageContaining("nats.jetstream.streams.ORDERS")
				.hasMessageContaining("bean 'ordersStream'"));
	}

	@Test
	void whenTheServerIsOlderThan210ThenSeveralFilterSubjectsAreRefusedNamingFeatureAndVersions() throws Exception {
		runOnlyIf(olderThan210(), "the connected nats-server is " + this.raw.getServerInfo().getVersion()
				+ "; the refusal of 2.10 features applies to older servers only");
		this.withOrders
			.withPropertyValues("nats.jetstream.consumers.c.stream=ORDERS",
					"nats.jetstream.consumers.c.filter-subjects=orders.a,orders.b",
					"nats.jetstream.streams.ORDERS.metadata.owner=team-a")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.consumers.c.filter-subjects needs nats-server 2.10.0 or newer; "
						+ "the connected server is " + this.raw.getServerInfo().getVersion())
				.hasMessageContaining("nats.jetstream.streams.ORDERS.metadata needs nats-server 2.10.0"));
		assertThat(this.raw.jetStreamManagement().getStreamNames()).isEmpty();
	}

	@Test
	void whenTheServerIs210OrNewerThenSeveralFilterSubjectsCompressionAndMetadataLand() {
		runOnlyIf(!olderThan210(), "needs nats-server 2.10+ (multiple filter subjects, compression, metadata); "
				+ "the installed one is " + this.raw.getServerInfo().getVersion());
		this.withOrders
			.withPropertyValues("nats.jetstream.streams.ORDERS.compression=s2",
					"nats.jetstream.streams.ORDERS.metadata.owner=team-a", "nats.jetstream.consumers.c.stream=ORDERS",
					"nats.jetstream.consumers.c.filter-subjects=orders.a,orders.b")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.jsm.getStreamInfo("ORDERS").getConfiguration().getMetadata()).containsEntry("owner",
						"team-a");
				assertThat(this.jsm.getConsumerInfo("ORDERS", "c").getConsumerConfiguration().getFilterSubjects())
					.containsExactlyInAnyOrder("orders.a", "orders.b");
			});
	}

	private boolean olderThan210() {
		return this.raw.getServerInfo().isOlderThanVersion("2.10.0");
	}

	private void createStream() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
	}

}
