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
package io.jetstream.spring;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Speaks the NATS protocol over a plain socket, to send what jnats will not: what another
 * client (nats.js, nats.go) sends for a header value with non-ASCII characters, or a
 * header block that begins with a status line.
 */
public final class RawProtocol {

	private RawProtocol() {
	}

	/**
	 * Publish a message with one header whose value is sent as UTF-8, and wait until the
	 * server took it.
	 * @param port the server's client port
	 * @param subject the subject
	 * @param name the header name
	 * @param value the header value
	 * @param payload the payload
	 * @throws Exception if the socket fails
	 */
	public static void publishWithHeader(int port, String subject, String name, String value, String payload)
			throws Exception {
		publishWithHeaderBlock(port, subject, "NATS/1.0\r\n" + name + ": " + value + "\r\n\r\n", payload);
	}

	/**
	 * Publish a message with a header block as given (jnats always begins one with
	 * {@code NATS/1.0} alone), and wait until the server took it.
	 * @param port the server's client port
	 * @param subject the subject
	 * @param headerBlock the header block, its first line and the empty last one included
	 * @param payload the payload
	 * @throws Exception if the socket fails
	 */
	public static void publishWithHeaderBlock(int port, String subject, String headerBlock, String payload)
			throws Exception {
		try (Socket socket = new Socket("127.0.0.1", port)) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
			assertThat(in.readLine()).startsWith("INFO");
			OutputStream out = socket.getOutputStream();
			byte[] headers = headerBlock.getBytes(StandardCharsets.UTF_8);
			byte[] data = payload.getBytes(StandardCharsets.UTF_8);
			out.write("CONNECT {\"verbose\":false,\"pedantic\":false,\"headers\":true}\r\n"
				.getBytes(StandardCharsets.US_ASCII));
			out.write(("HPUB " + subject + " " + headers.length + " " + (headers.length + data.length) + "\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.write(headers);
			out.write(data);
			out.write("\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String line;
			do {
				line = in.readLine();
			}
			while (line != null && !line.startsWith("PONG") && !line.startsWith("-ERR"));
			assertThat(line).as("the server took the message").isEqualTo("PONG");
		}
	}

}
