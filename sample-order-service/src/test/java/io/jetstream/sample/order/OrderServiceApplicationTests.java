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

import io.jetstream.spring.test.EmbeddedNatsServer;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample against a server of the test's own ({@code @EmbeddedNatsServer} turns the
 * dev server off and points {@code nats.servers} at it).
 */
@SpringBootTest
@EmbeddedNatsServer
class OrderServiceApplicationTests {

	@Autowired
	Connection connection;

	@Autowired
	NatsTestServer nats;

	@Test
	void startsAndConnectsToNats() {
		assertThat(this.connection.getStatus()).isEqualTo(Connection.Status.CONNECTED);
		assertThat(this.connection.getOptions().getConnectionName()).isEqualTo("sample-order-service");
		assertThat(this.connection.getConnectedUrl()).contains(String.valueOf(this.nats.getPort()));
	}

}
