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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.api.ReplayPolicy;
import io.nats.client.api.StreamConfiguration;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stream and consumer settings beyond the basics (issue 19): those every supported server
 * has land on it; those of 2.10–2.12 land on the newest server and are refused on older
 * ones with the property, the feature's version and the connected version, before
 * anything is created.
 */
class NewerServerFieldsTopologyTests extends AbstractTopologyTests {

	private static final String ORDERS = "nats.jetstream.streams.ORDERS.";

	private static final String CONSUMER = "nats.jetstream.consumers.c.";

	private final ApplicationContextRunner withOrders = this.contextRunner
		.withPropertyValues(ORDERS + "subjects=orders.>", CONSUMER + "stream=ORDERS");

	@Test
	void settingsEverySupportedServerHasLandOnTheServer() {
		this.withOrders
			.withPropertyValues(ORDERS + "allow-direct=true", ORDERS + "max-consumers=10",
					"nats.jetstream.streams.ORDERS_MIRROR.mirror.name=ORDERS",
					"nats.jetstream.streams.ORDERS_MIRROR.mirror-direct=true", CONSUMER + "replicas=1",
					CONSUMER + "mem-storage=true", CONSUMER + "inactive-threshold=1h", CONSUMER + "headers-only=true",
					CONSUMER + "replay-policy=original", CONSUMER + "sample-frequency=25%", CONSUMER + "max-waiting=64",
					CONSUMER + "max-batch=100", CONSUMER + "max-expires=30s", CONSUMER + "max-bytes=1MB")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StreamConfiguration stream = this.jsm.getStreamInfo("ORDERS").getConfiguration();
				assertThat(stream.getAllowDirect()).isTrue();
				assertThat(stream.getMaxConsumers()).isEqualTo(10);
				assertThat(this.jsm.getStreamInfo("ORDERS_MIRROR").getConfiguration().getMirrorDirect()).isTrue();
				ConsumerConfiguration consumer = this.jsm.getConsumerInfo("ORDERS", "c").getConsumerConfiguration();
				assertThat(consumer.getNumReplicas()).isEqualTo(1);
				assertThat(consumer.isMemStorage()).isTrue();
				assertThat(consumer.getInactiveThreshold()).isEqualTo(Duration.ofHours(1));
				assertThat(consumer.isHeadersOnly()).isTrue();
				assertThat(consumer.getReplayPolicy()).isEqualTo(ReplayPolicy.Original);
				assertThat(consumer.getSampleFrequency()).isEqualTo("25%");
				assertThat(consumer.getMaxPullWaiting()).isEqualTo(64);
				assertThat(consumer.getMaxBatch()).isEqualTo(100);
				assertThat(consumer.getMaxExpires()).isEqualTo(Duration.ofSeconds(30));
				assertThat(consumer.getMaxBytes()).isEqualTo(1048576);
			});
		// a second start finds nothing to change
		this.withOrders
			.withPropertyValues(ORDERS + "allow-direct=true", ORDERS + "max-consumers=10", CONSUMER + "max-batch=100",
					CONSUMER + "sample-frequency=25%", CONSUMER + "inactive-threshold=1h",
					"nats.jetstream.topology.mode=validate")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aRepublishedStreamSendsEachStoredMessageToItsCoreSubject() {
		this.withOrders
			.withPropertyValues(ORDERS + "republish.source=orders.>", ORDERS + "republish.destination=audit.orders.>")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Subscription audit = this.raw.subscribe("audit.>");
				this.raw.flush(Duration.ofSeconds(2));
				this.raw.jetStream().publish("orders.created", "o-1".getBytes(StandardCharsets.UTF_8));
				Message republished = audit.nextMessage(Duration.ofSeconds(5));
				assertThat(republished).isNotNull();
				assertThat(republished.getSubject()).isEqualTo("audit.orders.created");
				assertThat(new String(republished.getData(), StandardCharsets.UTF_8)).isEqualTo("o-1");
			});
		this.withOrders
			.withPropertyValues(ORDERS + "republish.source=orders.>", ORDERS + "republish.destination=audit.orders.>",
					"nats.jetstream.topology.mode=validate")
			.run((context) -> assertThat(context).as("nothing to change on a second start").hasNotFailed());
		this.withOrders.withPropertyValues(ORDERS + "republish.source=orders.>")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("nats.jetstream.streams.ORDERS.republish.destination"));
	}

	@Test
	void aSubjectTransformRewritesSubjectsAsMessagesAreStored() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.10.0"), "subject transforms need nats-server 2.10");
		this.withOrders
			.withPropertyValues(ORDERS + "subject-transform.source=orders.>",
					ORDERS + "subject-transform.destination=shop.orders.>", ORDERS + "subjects=orders.>,shop.>")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				long sequence = this.raw.jetStream()
					.publish("orders.created", "o-1".getBytes(StandardCharsets.UTF_8))
					.getSeqno();
				assertThat(this.jsm.getMessage("ORDERS", sequence).getSubject()).isEqualTo("shop.orders.created");
			});
	}

	@Test
	void aFilteredMirrorCopiesOnlyItsSubject() {
		this.withOrders
			.withPropertyValues("nats.jetstream.streams.CREATED.mirror.name=ORDERS",
					"nats.jetstream.streams.CREATED.mirror.filter-subject=orders.created")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				this.raw.jetStream().publish("orders.created", "o-1".getBytes(StandardCharsets.UTF_8));
				this.raw.jetStream().publish("orders.cancelled", "o-2".getBytes(StandardCharsets.UTF_8));
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(streamCount("CREATED")).isOne());
				assertThat(this.jsm.getMessage("CREATED", 1).getSubject()).isEqualTo("orders.created");
			});
		this.withOrders
			.withPropertyValues("nats.jetstream.streams.CREATED.mirror.name=ORDERS",
					"nats.jetstream.streams.CREATED.mirror.filter-subject=orders.created",
					"nats.jetstream.topology.mode=validate")
			.run((context) -> assertThat(context).as("nothing to change on a second start").hasNotFailed());
	}

	@Test
	void aSourceWithSubjectTransformsRewritesTheCopiedSubjects() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.10.0"), "subject transforms need nats-server 2.10");
		this.withOrders
			.withPropertyValues("nats.jetstream.streams.COPIES.sources[0].name=ORDERS",
					"nats.jetstream.streams.COPIES.sources[0].subject-transforms[0].source=orders.>",
					"nats.jetstream.streams.COPIES.sources[0].subject-transforms[0].destination=copied.orders.>")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				this.raw.jetStream().publish("orders.created", "o-1".getBytes(StandardCharsets.UTF_8));
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(streamCount("COPIES")).isOne());
				assertThat(this.jsm.getMessage("COPIES", 1).getSubject()).isEqualTo("copied.orders.created");
			});
	}

	@Test
	void settingsOf211And212LandOnTheNewestServer() {
		runOnlyIf(!this.raw.getServerInfo().isOlderThanVersion("2.12.0"), "needs nats-server 2.12 or newer");
		Instant pauseUntil = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		this.withOrders
			.withPropertyValues(ORDERS + "allow-msg-ttl=true", ORDERS + "subject-delete-marker-ttl=5s",
					ORDERS + "allow-atomic=true", ORDERS + "discard=new", ORDERS + "max-msgs-per-subject=1",
					ORDERS + "discard-new-per-subject=true", CONSUMER + "pause-until=" + pauseUntil,
					CONSUMER + "priority-policy=pinned_client", CONSUMER + "priority-groups=jobs,reports",
					CONSUMER + "priority-timeout=30s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StreamConfiguration stream = this.jsm.getStreamInfo("ORDERS").getConfiguration();
				assertThat(stream.getAllowMessageTtl()).isTrue();
				assertThat(stream.getSubjectDeleteMarkerTtl()).isEqualTo(Duration.ofSeconds(5));
				assertThat(stream.getAllowAtomicPublish()).isTrue();
				assertThat(stream.isDiscardNewPerSubject()).isTrue();
				assertThat(this.jsm.getConsumerInfo("ORDERS", "c").getConsumerConfiguration().getPauseUntil())
					.isNotNull()
					.satisfies((until) -> assertThat(until.toInstant()).isEqualTo(pauseUntil));
				ConsumerConfiguration consumer = this.jsm.getConsumerInfo("ORDERS", "c").getConsumerConfiguration();
				assertThat(consumer.getPriorityPolicy()).isEqualTo(PriorityPolicy.PinnedClient);
				assertThat(consumer.getPriorityGroups()).containsExactly("jobs", "reports");
				assertThat(consumer.getPriorityTimeout()).isEqualTo(Duration.ofSeconds(30));
			});
		this.withOrders
			.withPropertyValues(ORDERS + "allow-msg-ttl=true", CONSUMER + "pause-until=" + pauseUntil,
					CONSUMER + "priority-policy=pinned-client", CONSUMER + "priority-groups=jobs,reports",
					CONSUMER + "priority-timeout=30s", "nats.jetstream.topology.mode=validate")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void settingsOfNewerServersAreRefusedOnOlderOnesNamingFeatureAndVersions() throws Exception {
		runOnlyIf(this.raw.getServerInfo().isOlderThanVersion("2.11.0"), "the connected nats-server is "
				+ this.raw.getServerInfo().getVersion() + "; the refusal applies to older servers only");
		String version = this.raw.getServerInfo().getVersion();
		this.withOrders
			.withPropertyValues(ORDERS + "allow-msg-ttl=true", ORDERS + "allow-atomic=true",
					CONSUMER + "pause-until=2030-01-01T00:00:00Z", CONSUMER + "priority-policy=overflow",
					CONSUMER + "priority-groups=jobs")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.streams.ORDERS.allow-msg-ttl needs nats-server 2.11.0 or newer; "
						+ "the connected server is " + version)
				.hasMessageContaining("nats.jetstream.streams.ORDERS.allow-atomic needs nats-server 2.12.0")
				.hasMessageContaining("nats.jetstream.consumers.c.pause-until needs nats-server 2.11.0")
				.hasMessageContaining("nats.jetstream.consumers.c.priority-policy needs nats-server 2.11.0")
				.hasMessageContaining("nats.jetstream.consumers.c.priority-groups needs nats-server 2.11.0"));
		if (this.raw.getServerInfo().isOlderThanVersion("2.10.0")) {
			this.withOrders
				.withPropertyValues(ORDERS + "subject-transform.source=orders.>",
						ORDERS + "subject-transform.destination=shop.orders.>")
				.run((context) -> assertThat(context).getFailure()
					.hasStackTraceContaining(
							"nats.jetstream.streams.ORDERS.subject-transform needs nats-server 2.10.0"));
		}
		assertThat(this.jsm.getStreamNames()).as("nothing created").isEmpty();
	}

	@Test
	void badValuesFailStartupNamingTheProperty() {
		String[][] cases = { { CONSUMER + "sample-frequency=often", CONSUMER + "sample-frequency" },
				{ CONSUMER + "max-batch=0", CONSUMER + "max-batch" },
				{ CONSUMER + "replay-policy=fast", CONSUMER + "replay-policy" },
				{ CONSUMER + "inactive-threshold=0s", CONSUMER + "inactive-threshold" },
				{ ORDERS + "subject-delete-marker-ttl=100ms", ORDERS + "subject-delete-marker-ttl" },
				{ ORDERS + "mirror-direct=true", ORDERS + "mirror-direct" },
				{ CONSUMER + "priority-policy=round-robin", CONSUMER + "priority-policy" },
				{ CONSUMER + "priority-policy=pinned-client", CONSUMER + "priority-policy" },
				{ CONSUMER + "priority-groups=jobs", CONSUMER + "priority-groups" },
				{ CONSUMER + "priority-policy=overflow;" + CONSUMER + "priority-groups=a.b",
						CONSUMER + "priority-groups" },
				{ CONSUMER + "priority-policy=pinned-client;" + CONSUMER + "priority-groups=jobs;" + CONSUMER
						+ "priority-timeout=500ms", CONSUMER + "priority-timeout" } };
		for (String[] each : cases) {
			this.withOrders.withPropertyValues(each[0].split(";"))
				.run((context) -> assertThat(context).getFailure().as(each[0]).hasStackTraceContaining(each[1]));
		}
	}

}
