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

import io.nats.client.JetStreamApiException;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Streams declared in properties, applied to a real server and checked with raw jnats.
 */
class JetStreamTopologyTests extends AbstractTopologyTests {

	@Test
	void everyPropertyLandsOnTheServer() {
		this.contextRunner
			.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>,returns.*",
					"nats.jetstream.streams.ORDERS.description=Orders", "nats.jetstream.streams.ORDERS.storage=memory",
					"nats.jetstream.streams.ORDERS.retention=work-queue", "nats.jetstream.streams.ORDERS.max-age=7d",
					"nats.jetstream.streams.ORDERS.max-bytes=10MB", "nats.jetstream.streams.ORDERS.max-msgs=1000",
					"nats.jetstream.streams.ORDERS.max-msgs-per-subject=10",
					"nats.jetstream.streams.ORDERS.max-msg-size=1KB", "nats.jetstream.streams.ORDERS.replicas=1",
					"nats.jetstream.streams.ORDERS.discard=new", "nats.jetstream.streams.ORDERS.duplicate-window=2m",
					"nats.jetstream.streams.ORDERS.deny-delete=true", "nats.jetstream.streams.ORDERS.deny-purge=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StreamConfiguration config = this.jsm.getStreamInfo("ORDERS").getConfiguration();
				assertThat(config.getSubjects()).containsExactlyInAnyOrder("orders.>", "returns.*");
				assertThat(config.getDescription()).isEqualTo("Orders");
				assertThat(config.getStorageType()).isEqualTo(StorageType.Memory);
				assertThat(config.getRetentionPolicy()).isEqualTo(RetentionPolicy.WorkQueue);
				assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(7));
				assertThat(config.getMaxBytes()).isEqualTo(10L * 1024 * 1024);
				assertThat(config.getMaxMsgs()).isEqualTo(1000);
				assertThat(config.getMaxMsgsPerSubject()).isEqualTo(10);
				assertThat(config.getMaxMsgSize()).isEqualTo(1024);
				assertThat(config.getReplicas()).isEqualTo(1);
				assertThat(config.getDiscardPolicy()).isEqualTo(DiscardPolicy.New);
				assertThat(config.getDuplicateWindow()).isEqualTo(Duration.ofMinutes(2));
				assertThat(config.getDenyDelete()).isTrue();
				assertThat(config.getDenyPurge()).isTrue();
			});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void whenUpdatableSettingsDifferThenTheyAreUpdatedAndOthersLeftAlone(CapturedOutput output) throws Exception {
		this.jsm.addStream(StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("orders.>")
			.maxAge(Duration.ofDays(1))
			.maxMessages(100)
			.build());
		this.contextRunner
			.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>,refunds.>",
					"nats.jetstream.streams.ORDERS.max-age=7d")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				StreamConfiguration config = this.jsm.getStreamInfo("ORDERS").getConfiguration();
				assertThat(config.getSubjects()).containsExactlyInAnyOrder("orders.>", "refunds.>");
				assertThat(config.getMaxAge()).isEqualTo(Duration.ofDays(7));
				assertThat(config.getMaxMsgs()).as("not configured, so not touched").isEqualTo(100);
				assertThat(output)
					.contains("JetStream topology (create-or-update): created [], updated [stream ORDERS (")
					.contains("max-age is PT24H on the server, PT168H configured");
			});
	}

	@Test
	void whenStorageDiffersThenStartupFailsNamingStreamFieldAndBothValues() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder()
			.name("ORDERS")
			.subjects("orders.>")
			.storageType(StorageType.File)
			.build());
		this.contextRunner
			.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>",
					"nats.jetstream.streams.ORDERS.storage=memory")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("stream ORDERS cannot be updated")
				.hasMessageContaining("storage is file on the server, memory configured")
				.hasMessageContaining("nats.jetstream.streams.ORDERS.storage"));
		assertThat(this.jsm.getStreamInfo("ORDERS").getConfiguration().getStorageType()).isEqualTo(StorageType.File);
	}

	@Test
	void validateModePassesOnAMatchAndFailsOnADifference() throws Exception {
		this.jsm.addStream(
				StreamConfiguration.builder().name("ORDERS").subjects("orders.>").maxAge(Duration.ofDays(1)).build());
		this.contextRunner
			.withPropertyValues("nats.jetstream.topology.mode=validate",
					"nats.jetstream.streams.ORDERS.subjects=orders.>", "nats.jetstream.streams.ORDERS.max-age=1d")
			.run((context) -> assertThat(context).hasNotFailed());
		this.contextRunner
			.withPropertyValues("nats.jetstream.topology.mode=validate",
					"nats.jetstream.streams.ORDERS.subjects=orders.>", "nats.jetstream.streams.ORDERS.max-age=2d")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("differs")
				.hasMessageContaining("max-age is PT24H on the server, PT48H configured"));
		assertThat(this.jsm.getStreamInfo("ORDERS").getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(1));
	}

	@Test
	void validateModeFailsWhenTheStreamIsMissing() {
		this.contextRunner
			.withPropertyValues("nats.jetstream.topology.mode=validate",
					"nats.jetstream.streams.ORDERS.subjects=orders.>")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("does not exist"));
		assertThatExceptionOfType(JetStreamApiException.class).isThrownBy(() -> this.jsm.getStreamInfo("ORDERS"));
	}

	@Test
	void createModeLeavesAnExistingDifferentStreamAlone() throws Exception {
		this.jsm.addStream(
				StreamConfiguration.builder().name("ORDERS").subjects("orders.>").maxAge(Duration.ofDays(1)).build());
		this.contextRunner
			.withPropertyValues("nats.jetstream.topology.mode=create",
					"nats.jetstream.streams.ORDERS.subjects=orders.>", "nats.jetstream.streams.ORDERS.max-age=7d",
					"nats.jetstream.streams.NEW.subjects=new.>")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.jsm.getStreamInfo("ORDERS").getConfiguration().getMaxAge()).isEqualTo(Duration.ofDays(1));
		assertThat(this.jsm.getStreamInfo("NEW").getConfiguration().getSubjects()).containsExactly("new.>");
	}

	@Test
	void noneModeDoesNotTouchTheServer() throws Exception {
		this.contextRunner
			.withPropertyValues("nats.jetstream.topology.mode=none", "nats.jetstream.streams.ORDERS.subjects=orders.>")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(this.jsm.getStreamNames()).isEmpty();
	}

	@Test
	void whenConnectingInTheBackgroundThenStreamsAreDeclaredOnceConnected() {
		try (NatsTestServer later = NatsTestServer.builder().freePort().build()) {
			new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class))
				.withPropertyValues("nats.servers=" + later.getUrl(), "nats.fail-fast=false",
						"nats.reconnect.wait=100ms", "nats.jetstream.streams.LATE.subjects=late.>")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					later.startServer();
					await().atMost(Duration.ofSeconds(20)).ignoreExceptions().untilAsserted(() -> {
						try (Connection connection = Nats.connect(later.getUrl())) {
							assertThat(connection.jetStreamManagement().getStreamNames()).containsExactly("LATE");
						}
					});
				});
		}
	}

	@Test
	void mirrorAndSourcesWork() throws Exception {
		this.contextRunner
			.withPropertyValues("nats.jetstream.streams.A.subjects=a.>", "nats.jetstream.streams.B.subjects=b.>",
					"nats.jetstream.streams.MIRROR.mirror.name=A", "nats.jetstream.streams.ALL.sources[0].name=A",
					"nats.jetstream.streams.ALL.sources[1].name=B")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(this.jsm.getStreamInfo("MIRROR").getConfiguration().getMirror().getName()).isEqualTo("A");
				assertThat(this.jsm.getStreamInfo("ALL").getConfiguration().getSources())
					.extracting((source) -> source.getName())
					.containsExactlyInAnyOrder("A", "B");
			});
	}

	@Test
	void whenEnumValueIsUnknownThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>",
					"nats.jetstream.streams.ORDERS.storage=disk")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining("nats.jetstream.streams.orders.storage"));
	}

	@Test
	void whenSizeIsNegativeThenStartupFailsNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>",
					"nats.jetstream.streams.ORDERS.max-bytes=-5B")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.streams.ORDERS.max-bytes")
				.hasMessageContaining("must not be negative"));
	}

	@Test
	void whenSubjectsAreEmptyThenStartupFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("nats.jetstream.streams.ORDERS.max-age=1d")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.streams.ORDERS.subjects"));
	}

	@Test
	void whenTwoStreamsOverlapThenStartupFailsNamingBoth() throws Exception {
		this.contextRunner
			.withPropertyValues("nats.jetstream.streams.ORDERS.subjects=orders.>",
					"nats.jetstream.streams.CREATED.subjects=orders.*.created")
			.run((context) -> assertThat(context).getFailure()
				.extracting(NestedExceptionUtils::getMostSpecificCause, InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("nats.jetstream.streams.CREATED.subjects")
				.hasMessageContaining("nats.jetstream.streams.ORDERS.subjects"));
		assertThat(this.jsm.getStreamNames()).isEmpty();
	}

}
