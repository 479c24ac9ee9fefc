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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.Test;

import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.config.JetStreamTopologyException;
import io.jetstream.spring.config.SimpleJetStreamListenerEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A listener object registered in code (issue 30: the endpoint sets up its own listener):
 * the factory creates and declares its consumer from the endpoint's settings, and its
 * container handles and acknowledges as an annotated method's does.
 */
class ProgrammaticEndpointTests extends AbstractListenerTests {

	@Test
	void aListenerOfYourOwnGetsAConsumerAndEveryMessage() {
		this.contextRunner.run((context) -> {
			Queue<String> received = new ConcurrentLinkedQueue<>();
			SimpleJetStreamListenerEndpoint endpoint = new SimpleJetStreamListenerEndpoint("own", "own-consumer",
					(message, acknowledgment) -> received.add(new String(message.getData(), StandardCharsets.UTF_8)));
			endpoint.setStream("ORDERS");
			endpoint.setSubjects(java.util.List.of("orders.own"));
			endpoint.setMaxDeliver(3L);
			MessageListenerContainer container = context.getBean(JetStreamListenerContainerFactory.class)
				.createContainer(endpoint);
			container.start();
			try {
				publish("orders.own", "one");
				publish("orders.own", "two");
				await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);
				assertThat(received).containsExactly("one", "two");
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					ConsumerInfo info = consumer("ORDERS", "own-consumer");
					assertThat(info.getNumAckPending()).isZero();
					assertThat(info.getAckFloor().getStreamSequence()).isEqualTo(2);
					assertThat(info.getConsumerConfiguration().getMaxDeliver()).isEqualTo(3);
					assertThat(info.getConsumerConfiguration().getFilterSubjects()).containsExactly("orders.own");
				});
			}
			finally {
				container.stop();
			}
		});
	}

	@Test
	void anEndpointWithoutAStreamWhoseConsumerIsNotDeclaredIsRefusedNamingIt() {
		this.contextRunner.run((context) -> {
			SimpleJetStreamListenerEndpoint endpoint = new SimpleJetStreamListenerEndpoint("lost", "nowhere",
					(message, acknowledgment) -> {
					});
			assertThatExceptionOfType(JetStreamTopologyException.class)
				.isThrownBy(() -> context.getBean(JetStreamListenerContainerFactory.class).createContainer(endpoint))
				.withMessageContaining("listener 'lost' names no stream, and consumer nowhere is not declared");
		});
	}

}
