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

package io.jetstream.sample.order;

import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.context.annotation.Bean;

/**
 * Runs the sample against NATS in a Docker container instead of the dev server, for
 * developers who have Docker:
 * {@code ./mvnw -pl sample-order-service spring-boot:test-run}. The
 * {@code @ServiceConnection} container supplies the connection details, so the dev server
 * does not start.
 */
public class TestSampleApplication {

	public static void main(String[] args) {
		SpringApplication.from(OrderServiceApplication::main).with(NatsContainerConfiguration.class).run(args);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class NatsContainerConfiguration {

		@Bean
		@ServiceConnection
		GenericContainer<?> nats() {
			return new GenericContainer<>("nats:2.10").withCommand("-js").withExposedPorts(4222);
		}

	}

}
