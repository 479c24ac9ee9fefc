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

import io.jetstream.spring.AbstractJetStreamTests;
import io.jetstream.spring.boot.autoconfigure.JetStreamListenerAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTemplateAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.JetStreamTopologyAutoConfiguration;
import io.jetstream.spring.boot.autoconfigure.NatsAutoConfiguration;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A real server per test class, emptied before each test; listeners run in an application
 * context with every auto-configuration, and the server's state is read with a raw jnats
 * connection.
 */
abstract class AbstractListenerTests extends AbstractJetStreamTests {

	protected final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, ValidationAutoConfiguration.class,
				NatsAutoConfiguration.class, JetStreamTopologyAutoConfiguration.class,
				JetStreamTemplateAutoConfiguration.class, JetStreamListenerAutoConfiguration.class))
		.withPropertyValues("nats.servers=" + nats.getUrl(), "nats.jetstream.streams.ORDERS.subjects=orders.>",
				"nats.jetstream.listener.backoff.initial=100ms", "nats.jetstream.listener.shutdown-timeout=10s",
				"nats.jetstream.listener.pull-expires=1s");

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

	/**
	 * Provides the {@link Received} bean to listener configurations.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ReceivedConfiguration {

		@Bean
		Received received() {
			return new Received();
		}

	}

	/**
	 * Base of the test listeners: records what it receives.
	 */
	abstract static class RecordingHandler {

		protected final Received received;

		protected RecordingHandler(Received received) {
			this.received = received;
		}

	}

}
