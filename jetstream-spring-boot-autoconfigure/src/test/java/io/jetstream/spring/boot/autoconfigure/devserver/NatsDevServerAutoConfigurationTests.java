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
package io.jetstream.spring.boot.autoconfigure.devserver;

import java.nio.file.Files;
import java.nio.file.Path;

import io.nats.client.Connection;
import io.nats.client.Nats;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The dev server, with the real {@code nats-server} binary.
 */
class NatsDevServerAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsDevServerAutoConfiguration.class, NatsAutoConfiguration.class));

	@Test
	void whenDisabledThenNoServerIsStarted() {
		this.contextRunner.withPropertyValues("nats.servers=nats://127.0.0.1:1", "nats.fail-fast=false")
			.run((context) -> assertThat(context).doesNotHaveBean(NatsDevServer.class));
	}

	@Test
	void whenEnabledThenConnectionGoesToALocalJetStreamServerThatStopsWithTheApplication() {
		String[] url = new String[1];
		Path[] storage = new Path[1];
		this.contextRunner.withPropertyValues("nats.dev-server.enabled=true").run((context) -> {
			NatsDevServer server = context.getBean(NatsDevServer.class);
			Connection connection = context.getBean(Connection.class);
			assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
			assertThat(connection.getConnectedUrl()).contains("127.0.0.1:" + server.getPort());
			url[0] = server.getUrl();
			try (Connection raw = Nats.connect(url[0])) {
				assertThat(raw.getServerInfo().isJetStreamAvailable()).isTrue();
				assertThat(raw.jetStreamManagement().getAccountStatistics()).isNotNull();
			}
			storage[0] = storageDirectory(server);
			assertThat(storage[0]).isDirectory();
		});
		assertThatException().isThrownBy(() -> Nats.connect(url[0]));
		assertThat(storage[0]).doesNotExist();
	}

	@Test
	void whenStorageDirectoryIsSetThenItIsKept(@org.junit.jupiter.api.io.TempDir Path directory) {
		Path storage = directory.resolve("nats");
		this.contextRunner
			.withPropertyValues("nats.dev-server.enabled=true", "nats.dev-server.storage-directory=" + storage)
			.run((context) -> assertThat(context.getBean(Connection.class).getStatus())
				.isEqualTo(Connection.Status.CONNECTED));
		assertThat(storage.resolve("jetstream")).isDirectory();
	}

	@Test
	void whenBinaryIsMissingThenStartupFailsSayingHowToInstallIt() {
		this.contextRunner
			.withPropertyValues("nats.dev-server.enabled=true",
					"nats.dev-server.executable=/nonexistent/bin/nats-server")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(NatsDevServerException.class)
					.hasMessageContaining("nats.dev-server.executable")
					.hasMessageContaining("apt-get install nats-server")
					.hasMessageContaining("brew install nats-server");
				FailureAnalysis analysis = new NatsDevServerFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
			});
	}

	@Test
	void whenServerRejectsItsArgumentsThenStartupFailsWithItsOutput() {
		this.contextRunner
			.withPropertyValues("nats.dev-server.enabled=true", "nats.dev-server.args=--no-such-flag",
					"nats.dev-server.startup-timeout=5s")
			.run((context) -> assertThat(context).getFailure().rootCause().hasMessageContaining("no-such-flag"));
	}

	private static Path storageDirectory(NatsDevServer server) throws Exception {
		var field = NatsDevServer.class.getDeclaredField("storageDirectory");
		field.setAccessible(true);
		Path path = (Path) field.get(server);
		assertThat(Files.exists(path)).isTrue();
		return path;
	}

}
