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

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.NKey;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured connection against real {@code nats-server} processes: plain,
 * authenticated, TLS, restarted, unreachable and connected in the background.
 */
class NatsConnectionIntegrationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, NatsAutoConfiguration.class))
		.withPropertyValues("nats.connection-timeout=1s");

	@Test
	void whenCredentialsAreRightThenUserPasswordAuthenticationConnects() {
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("authorization { user: alice, password: s3cret }")
			.start()) {
			this.contextRunner
				.withPropertyValues("nats.servers=" + server.getUrl(), "nats.username=alice", "nats.password=s3cret")
				.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
					.isEqualTo(Connection.Status.CONNECTED));
		}
	}

	@Test
	void whenPasswordIsWrongThenStartupFailsClearlyWithoutPrintingThePassword() {
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("authorization { user: alice, password: s3cret }")
			.start()) {
			this.contextRunner
				.withPropertyValues("nats.servers=" + server.getUrl(), "nats.username=alice",
						"nats.password=wrong-password-4711")
				.run((context) -> {
					Throwable failure = context.getStartupFailure();
					NatsConnectionException exception = findCause(failure, NatsConnectionException.class);
					assertThat(exception).hasMessageContaining("Could not authenticate to NATS at " + server.getUrl());
					assertThat(stackTrace(failure)).doesNotContain("wrong-password-4711");
					FailureAnalysis analysis = new NatsConnectionFailureAnalyzer().analyze(failure);
					assertThat(analysis.getAction()).contains("nats.password");
				});
		}
	}

	@Test
	void whenTokenIsRightThenTokenAuthenticationConnects() {
		try (NatsTestServer server = NatsTestServer.builder().configLine("authorization { token: t0ken }").start()) {
			this.contextRunner.withPropertyValues("nats.servers=" + server.getUrl(), "nats.token=t0ken")
				.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
					.isEqualTo(Connection.Status.CONNECTED));
			this.contextRunner.withPropertyValues("nats.servers=" + server.getUrl(), "nats.token=other")
				.run((context) -> assertThat(context).hasFailed());
		}
	}

	@Test
	void whenNkeySeedMatchesThenNkeyAuthenticationConnects() throws Exception {
		NKey user = NKey.createUser(null);
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("authorization { users: [ { nkey: " + new String(user.getPublicKey()) + " } ] }")
			.start()) {
			this.contextRunner
				.withPropertyValues("nats.servers=" + server.getUrl(), "nats.nkey=" + new String(user.getSeed()))
				.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
					.isEqualTo(Connection.Status.CONNECTED));
			this.contextRunner.withPropertyValues("nats.servers=" + server.getUrl())
				.run((context) -> assertThat(context).hasFailed());
		}
	}

	@Test
	void whenSslBundleIsSetThenConnectionUsesTls() throws IOException {
		String cert = new ClassPathResource("tls/server.crt").getFile().getAbsolutePath();
		String key = new ClassPathResource("tls/server.key").getFile().getAbsolutePath();
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\" }")
			.tls()
			.start()) {
			this.contextRunner
				.withPropertyValues("nats.servers=" + server.getUrl(), "nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=classpath:tls/ca.crt")
				.run((context) -> {
					Connection connection = context.getBean(Connection.class);
					assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
					assertThat(connection.getServerInfo().isTLSRequired()).isTrue();
				});
			// by its DNS name too: the host name, not the address it resolves to, is
			// verified
			this.contextRunner
				.withPropertyValues("nats.servers=tls://localhost:" + server.getPort(), "nats.ssl.bundle=nats",
						"spring.ssl.bundle.pem.nats.truststore.certificate=classpath:tls/ca.crt")
				.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
					.isEqualTo(Connection.Status.CONNECTED));
			// the same server refuses a client without the bundle
			this.contextRunner.withPropertyValues("nats.servers=nats://127.0.0.1:" + server.getPort())
				.run((context) -> assertThat(context).hasFailed());
		}
	}

	@Test
	void aCertificateForAnotherHostIsRefusedUnlessHostNameVerificationIsOff() throws IOException {
		String cert = new ClassPathResource("tls/wrong-host.crt").getFile().getAbsolutePath();
		String key = new ClassPathResource("tls/wrong-host.key").getFile().getAbsolutePath();
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\" }")
			.tls()
			.start()) {
			ApplicationContextRunner trusting = this.contextRunner.withPropertyValues("nats.ssl.bundle=nats",
					"spring.ssl.bundle.pem.nats.truststore.certificate=classpath:tls/other-ca.crt",
					"nats.connection-timeout=2s");
			for (String url : new String[] { "tls://localhost:" + server.getPort(),
					"tls://127.0.0.1:" + server.getPort() }) {
				trusting.withPropertyValues("nats.servers=" + url)
					.run((context) -> assertThat(context).as(url).hasFailed());
			}
			trusting
				.withPropertyValues("nats.servers=tls://127.0.0.1:" + server.getPort(),
						"nats.ssl.verify-hostname=false")
				.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
					.isEqualTo(Connection.Status.CONNECTED));
		}
	}

	@Test
	void whenServerRestartsThenConnectionReconnectsAndJetStreamWorksAgain() {
		try (NatsTestServer server = NatsTestServer.start()) {
			this.contextRunner.withPropertyValues("nats.servers=" + server.getUrl(), "nats.reconnect.wait=100ms")
				.run((context) -> {
					Connection connection = context.getBean(Connection.class);
					JetStreamManagement jsm = context.getBean(JetStreamManagement.class);
					jsm.addStream(StreamConfiguration.builder()
						.name("RESTART")
						.subjects("restart.>")
						.storageType(StorageType.File)
						.build());
					server.restart();
					await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
						assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
						assertThat(connection.getStatistics().getReconnects()).isPositive();
					});
					await().atMost(Duration.ofSeconds(10))
						.ignoreExceptions()
						.untilAsserted(() -> assertThat(context.getBean(io.nats.client.JetStream.class)
							.publish("restart.1", "after".getBytes(StandardCharsets.UTF_8))
							.getSeqno()).isEqualTo(1));
				});
		}
	}

	@Test
	void whenNoServerIsReachableThenStartupFailsNamingTheUrlsWithoutCredentials() {
		NatsTestServer notStarted = NatsTestServer.builder().freePort().build();
		String url = "nats://alice:topsecret@127.0.0.1:" + notStarted.getPort();
		this.contextRunner.withPropertyValues("nats.servers=" + url).run((context) -> {
			Throwable failure = context.getStartupFailure();
			NatsConnectionException exception = findCause(failure, NatsConnectionException.class);
			assertThat(exception).hasMessageContaining("Could not connect to NATS at nats://***@127.0.0.1:");
			assertThat(stackTrace(failure)).doesNotContain("topsecret");
			FailureAnalysis analysis = new NatsConnectionFailureAnalyzer().analyze(failure);
			assertThat(analysis.getAction()).contains("nats.dev-server.enabled=true", "nats.fail-fast=false");
		});
		notStarted.close();
	}

	@Test
	void whenFailFastIsOffThenApplicationStartsAndConnectsOnceTheServerIsUp() {
		try (NatsTestServer server = NatsTestServer.builder().freePort().build()) {
			this.contextRunner
				.withPropertyValues("nats.servers=" + server.getUrl(), "nats.fail-fast=false",
						"nats.reconnect.wait=100ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					Connection connection = context.getBean(Connection.class);
					JetStreamManagement jsm = context.getBean(JetStreamManagement.class);
					assertThat(connection.getStatus()).isNotEqualTo(Connection.Status.CONNECTED);
					assertThatExceptionOfType(IOException.class).isThrownBy(jsm::getAccountStatistics)
						.withMessageContaining("not established yet");
					server.startServer();
					await().atMost(Duration.ofSeconds(20))
						.untilAsserted(() -> assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED));
					assertThat(jsm.getAccountStatistics()).isNotNull();
				});
		}
	}

	@Test
	void whenFailFastIsOffAndTheServerNeverComesThenShutdownStillCompletes() {
		NatsTestServer notStarted = NatsTestServer.builder().freePort().build();
		this.contextRunner
			.withPropertyValues("nats.servers=" + notStarted.getUrl(), "nats.fail-fast=false",
					"nats.reconnect.wait=100ms")
			.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
				.isNotEqualTo(Connection.Status.CONNECTED));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Thread.getAllStackTraces()
				.keySet()
				.stream()
				.noneMatch((thread) -> thread.getName().equals("NATS - async connection")));
		notStarted.close();
	}

	@Test
	void whenContextClosesThenConnectionIsDrainedAndClosed() {
		try (NatsTestServer server = NatsTestServer.start()) {
			Connection[] connection = new Connection[1];
			this.contextRunner.withPropertyValues("nats.servers=" + server.getUrl())
				.run((context) -> connection[0] = context.getBean(Connection.class));
			assertThat(connection[0].getStatus()).isEqualTo(Connection.Status.CLOSED);
		}
	}

	@Test
	void whenServerIsPlainThenClientSeesJetStream() throws Exception {
		try (NatsTestServer server = NatsTestServer.start(); Connection raw = Nats.connect(server.getUrl())) {
			this.contextRunner.withPropertyValues("nats.servers=" + server.getUrl())
				.run((context) -> assertThat(context.getBean(Connection.class).getServerInfo().isJetStreamAvailable())
					.isTrue());
			assertThat(raw.getServerInfo().isJetStreamAvailable()).isTrue();
		}
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		Throwable candidate = failure;
		while (candidate != null) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
			candidate = candidate.getCause();
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure, failure);
	}

	private static String stackTrace(Throwable failure) {
		StringWriter writer = new StringWriter();
		failure.printStackTrace(new PrintWriter(writer));
		return writer.toString();
	}

}
