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

package io.jetstream.spring.listener;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.jetstream.spring.boot.autoconfigure.JetStreamListenerAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTemplateAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTopologyAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;
import io.jetstream.spring.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/**
 * A real server per test class, emptied before each test; listeners run in an application
 * context with every auto-configuration, and the server's state is read with a raw jnats
 * connection.
 */
abstract class AbstractListenerTests {

	@RegisterExtension
	static NatsServerExtension nats = new NatsServerExtension();

	protected final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
				NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class,
				JetStreamTemplateAutoConfiguration.class, JetStreamListenerAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl(), "nats.jetstream.streams.ORDERS.subjects=orders.>",
				"nats.jetstream.listener.backoff.initial=100ms", "nats.jetstream.listener.shutdown-timeout=10s",
				"nats.jetstream.listener.pull-expires=1s");

	protected Connection raw;

	protected JetStreamManagement jsm;

	@BeforeEach
	void connectAndDeleteAllStreams() throws Exception {
		nats.getServer().deleteAllStreams();
		this.raw = nats.getServer().connect();
		this.jsm = this.raw.jetStreamManagement();
	}

	@AfterEach
	void closeRawConnection() throws InterruptedException {
		this.raw.close();
	}

	protected void publish(String subject, String data) throws Exception {
		this.raw.jetStream().publish(subject, data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
	}

	protected ConsumerInfo consumer(String stream, String name) throws Exception {
		return this.jsm.getConsumerInfo(stream, name);
	}

	protected long streamCount(String stream) throws Exception {
		return this.jsm.getStreamInfo(stream).getStreamState().getMsgCount();
	}

	/**
	 * What listeners saw, in order.
	 */
	static class Received {

		final Queue<Object> payloads = new ConcurrentLinkedQueue<>();

		final Queue<Long> times = new ConcurrentLinkedQueue<>();

		final Queue<String> threads = new ConcurrentLinkedQueue<>();

		void add(Object payload) {
			this.payloads.add(payload);
			this.times.add(System.nanoTime());
			this.threads.add(Thread.currentThread().getName());
		}

		List<Object> list() {
			return List.copyOf(this.payloads);
		}

		List<Duration> gaps() {
			List<Long> all = List.copyOf(this.times);
			return java.util.stream.IntStream.range(1, all.size())
				.mapToObj((i) -> Duration.ofNanos(all.get(i) - all.get(i - 1)))
				.toList();
		}

	}

}
