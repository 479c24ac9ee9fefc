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

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension that runs one {@link NatsTestServer} for a test class. Register it on
 * a static field and point the application at it:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static NatsServerExtension nats = new NatsServerExtension();
 *
 * &#64;DynamicPropertySource
 * static void natsProperties(DynamicPropertyRegistry registry) {
 *     registry.add("nats.servers", nats::getUrl);
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public class NatsServerExtension implements BeforeAllCallback, AfterAllCallback {

	private final Consumer<NatsTestServer.Builder> customizer;

	private @Nullable NatsTestServer server;

	/**
	 * Create an extension for a plain JetStream server.
	 */
	public NatsServerExtension() {
		this((builder) -> {
		});
	}

	/**
	 * Create an extension for a server configured by the given customizer.
	 * @param customizer adds configuration to the server's builder
	 */
	public NatsServerExtension(Consumer<NatsTestServer.Builder> customizer) {
		this.customizer = customizer;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		getServer();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (this.server != null) {
			this.server.close();
			this.server = null;
		}
	}

	/**
	 * Return the server, starting it on first use so that it can be read before
	 * {@code beforeAll}, for example by a {@code @DynamicPropertySource} method.
	 * @return the running server
	 */
	public synchronized NatsTestServer getServer() {
		if (this.server == null) {
			NatsTestServer.Builder builder = NatsTestServer.builder();
			this.customizer.accept(builder);
			this.server = builder.start();
		}
		return this.server;
	}

	/**
	 * Return the server's client URL.
	 * @return the URL
	 */
	public String getUrl() {
		return getServer().getUrl();
	}

}
