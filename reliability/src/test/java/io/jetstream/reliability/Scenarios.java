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
package io.jetstream.reliability;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;

/**
 * What the fault scenarios share: the application's properties and raw reads of the
 * server's state (never through the code under test).
 */
final class Scenarios {

	static final String STREAM = "ORDERS";

	static final String CONSUMER = "worker";

	private Scenarios() {
	}

	/**
	 * Properties of the application under test: stream {@code ORDERS} on
	 * {@code orders.>}, durable consumer {@code worker} on it, plus the given ones.
	 */
	static String[] properties(String servers, String... more) {
		List<String> properties = new ArrayList<>(
				List.of("nats.servers=" + servers, "nats.jetstream.streams." + STREAM + ".subjects=orders.>",
						"nats.jetstream.consumers." + CONSUMER + ".stream=" + STREAM,
						"nats.jetstream.listener.pull-expires=1s", "spring.main.banner-mode=off"));
		properties.addAll(Arrays.asList(more));
		return properties.toArray(String[]::new);
	}

	static String[] properties(NatsTestServer server, String... more) {
		return properties(server.getUrl(), more);
	}

	static String id(int i) {
		return "order-" + i;
	}

	static ConsumerInfo consumer(Connection raw) throws IOException, JetStreamApiException {
		return raw.jetStreamManagement().getConsumerInfo(STREAM, CONSUMER);
	}

	static long messagesIn(Connection raw, String stream) throws IOException, JetStreamApiException {
		return raw.jetStreamManagement().getStreamInfo(stream).getStreamState().getMsgCount();
	}

	static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

}
