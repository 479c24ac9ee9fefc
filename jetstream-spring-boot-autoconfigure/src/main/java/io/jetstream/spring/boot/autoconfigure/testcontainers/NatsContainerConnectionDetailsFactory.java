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

package io.jetstream.spring.boot.autoconfigure.testcontainers;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.Container;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionDetailsFactory;
import org.springframework.boot.testcontainers.service.connection.ContainerConnectionSource;

import io.jetstream.spring.boot.autoconfigure.NatsConnectionDetails;

/**
 * {@link ContainerConnectionDetailsFactory} for a container of the {@code nats} image
 * annotated with {@code @ServiceConnection}: Testcontainers has no NATS module for Java,
 * so any container whose image is {@code nats} (or whose service connection is named
 * {@code nats}) qualifies, the way Spring Boot matches generic containers.
 *
 * <pre class="code">
 * &#64;Container
 * &#64;ServiceConnection
 * static GenericContainer&lt;?&gt; nats = new GenericContainer&lt;&gt;("nats:2.10").withCommand("-js").withExposedPorts(4222);
 * </pre>
 */
class NatsContainerConnectionDetailsFactory
		extends ContainerConnectionDetailsFactory<Container<?>, NatsConnectionDetails> {

	static final int NATS_PORT = 4222;

	NatsContainerConnectionDetailsFactory() {
		super("nats");
	}

	@Override
	protected NatsConnectionDetails getContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
		return new NatsContainerConnectionDetails(source);
	}

	/**
	 * {@link NatsConnectionDetails} of a running container.
	 */
	static final class NatsContainerConnectionDetails extends ContainerConnectionDetails<Container<?>>
			implements NatsConnectionDetails {

		NatsContainerConnectionDetails(ContainerConnectionSource<Container<?>> source) {
			super(source);
		}

		@Override
		public @Nullable SslBundle getSslBundle() {
			// the container's SSL bundle (@Ssl annotations), if any, is the connection's
			return super.getSslBundle();
		}

		@Override
		public List<String> getServers() {
			Container<?> container = getContainer();
			return List.of("nats://" + container.getHost() + ":" + container.getMappedPort(NATS_PORT));
		}

	}

}
