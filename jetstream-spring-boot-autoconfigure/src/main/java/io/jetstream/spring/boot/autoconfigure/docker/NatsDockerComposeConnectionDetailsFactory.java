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

package io.jetstream.spring.boot.autoconfigure.docker;

import java.util.List;

import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionDetailsFactory;
import org.springframework.boot.docker.compose.service.connection.DockerComposeConnectionSource;

import io.jetstream.spring.boot.autoconfigure.NatsConnectionDetails;

/**
 * {@link DockerComposeConnectionDetailsFactory} for a {@code nats} service in
 * {@code compose.yaml}, started by Spring Boot's Docker Compose support.
 */
class NatsDockerComposeConnectionDetailsFactory extends DockerComposeConnectionDetailsFactory<NatsConnectionDetails> {

	private static final int NATS_PORT = 4222;

	NatsDockerComposeConnectionDetailsFactory() {
		super("nats");
	}

	@Override
	protected NatsConnectionDetails getDockerComposeConnectionDetails(DockerComposeConnectionSource source) {
		return new NatsDockerComposeConnectionDetails(source.getRunningService());
	}

	/**
	 * {@link NatsConnectionDetails} of a running Docker Compose service.
	 */
	static final class NatsDockerComposeConnectionDetails extends DockerComposeConnectionDetails
			implements NatsConnectionDetails {

		private final String url;

		NatsDockerComposeConnectionDetails(RunningService service) {
			super(service);
			this.url = "nats://" + service.host() + ":" + service.ports().get(NATS_PORT);
		}

		@Override
		public List<String> getServers() {
			return List.of(this.url);
		}

	}

}
