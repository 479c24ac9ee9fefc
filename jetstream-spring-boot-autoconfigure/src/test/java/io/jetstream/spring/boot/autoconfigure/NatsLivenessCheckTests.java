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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.jetstream.spring.test.NatsServerExtension;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message with a non-ASCII header value, sent by another client, stops jnats' reader
 * while the connection keeps reporting CONNECTED; the liveness check reconnects it within
 * seconds. The header is sent over a plain socket, as jnats will not send one.
 */
class NatsLivenessCheckTests {

	@RegisterExtension
	static NatsServerExtension nats = new NatsServerExtension();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(NatsAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl(), "nats.connection-timeout=1s",
				"nats.liveness-check-interval=1s");

	@Test
	void aConnectionWhoseReaderStoppedIsReconnectedWithinSeconds() {
		this.contextRunner.run((context) -> {
			Connection connection = context.getBean(Connection.class);
			connection.createDispatcher((message) -> {
			}).subscribe("poison.>");
			connection.flush(Duration.ofSeconds(2));
			long reconnectsBefore = connection.getStatistics().getReconnects();
			publishWithNonAsciiHeader("poison.1", "X-Customer", "Jürgen Müller");
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				assertThat(connection.getStatistics().getReconnects()).isGreaterThan(reconnectsBefore);
				assertThat(connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
				assertThat(connection.RTT()).isLessThan(Duration.ofSeconds(1));
			});
		});
	}

	@Test
	void theCheckCanBeTurnedOff() {
		this.contextRunner.withPropertyValues("nats.liveness-check-interval=0")
			.run((context) -> assertThat(context.getBean(NatsLivenessCheck.class).isRunning()).isFalse());
	}

	/**
	 * An HPUB over a plain socket: what another client (nats.js, nats.go) sends for a
	 * header value with non-ASCII characters, as UTF-8.
	 */
	private static void publishWithNonAsciiHeader(String subject, String name, String value) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", nats.getServer().getPort())) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).startsWith("INFO");
			OutputStream out = socket.getOutputStream();
			byte[] headers = ("NATS/1.0\r\n" + name + ": " + value + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
			byte[] payload = "hello".getBytes(StandardCharsets.UTF_8);
			out.write("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.write(("HPUB " + subject + " " + headers.length + " " + (headers.length + payload.length) + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(headers);
			out.write(payload);
			out.write("\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String line;
			do {
				line = in.readLine();
			}
			while (line != null && !line.startsWith("PONG"));
			assertThat(line).as("the server took the message").isEqualTo("PONG");
		}
	}

}
