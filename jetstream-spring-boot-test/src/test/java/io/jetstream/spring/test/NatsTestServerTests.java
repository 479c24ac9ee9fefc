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
package io.jetstream.spring.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StorageType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class NatsTestServerTests {

	@Test
	void whenRestartedThenSamePortServesTheStoredMessages() throws Exception {
		try (NatsTestServer server = NatsTestServer.start()) {
			int port = server.getPort();
			try (Connection connection = Nats.connect(server.getUrl())) {
				JetStreamManagement jsm = connection.jetStreamManagement();
				jsm.addStream(
						StreamConfiguration.builder().name("S").subjects("s.>").storageType(StorageType.File).build());
				connection.jetStream().publish("s.1", "one".getBytes(StandardCharsets.UTF_8));
			}
			server.restart();
			assertThat(server.getPort()).isEqualTo(port);
			try (Connection connection = Nats.connect(server.getUrl())) {
				assertThat(connection.jetStreamManagement().getStreamInfo("S").getStreamState().getMsgCount())
					.isEqualTo(1);
			}
		}
	}

	@Test
	void whenStoppedThenClientsCannotConnect() throws Exception {
		try (NatsTestServer server = NatsTestServer.start()) {
			server.stop();
			assertThat(server.isRunning()).isFalse();
			Options options = Options.builder()
				.server(server.getUrl())
				.connectionTimeout(Duration.ofMillis(500))
				.build();
			assertThatException().isThrownBy(() -> Nats.connect(options));
		}
	}

	@Test
	void reportsTheInstalledVersion() {
		assertThat(NatsTestServer.installedVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
	}

}
