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
package io.jetstream.spring.listener.container;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.NatsJetStreamConstants;
import org.junit.jupiter.api.Test;

import io.jetstream.spring.AbstractJetStreamTests;
import io.jetstream.spring.listener.JetStreamErrorHandler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A message a worker took before a stop and puts back after the inbox was drained (a
 * batch being collected, a message read as the drain ran): handed back, it goes to the
 * next pull at once. nats-server 2.9 gave such a nak to a pull of the drained inbox that
 * was still waiting on the server, where it sat out its ack-wait: the puller asks for the
 * consumer's info (which makes the server drop those pulls) before anything is handed
 * back. The cause of a red fresh-clone run (GracefulStopScenarioTests, one message
 * missing for the whole 30 s the test waits, 2.9.10).
 */
class MessagePullerHandBackTests extends AbstractJetStreamTests {

	private static final Duration ACK_WAIT = Duration.ofSeconds(30);

	@Test
	void aMessagePutBackAfterTheDrainGoesToTheNextPullAtOnce() throws Exception {
		this.jsm.addStream(StreamConfiguration.builder().name("HANDBACK").subjects("handback.>").build());
		this.jsm.addOrUpdateConsumer("HANDBACK",
				ConsumerConfiguration.builder()
					.durable("worker")
					.ackPolicy(AckPolicy.Explicit)
					.ackWait(ACK_WAIT)
					.build());
		this.raw.jetStream().publish("handback.one", "one".getBytes(StandardCharsets.UTF_8));
		try (Connection connection = nats.getServer().connect()) {
			ContainerState state = new ContainerState();
			state.start();
			InFlight ledger = new InFlight(false);
			// one worker, ten ahead, 30 s pulls: a pull is waiting on the server when the
			// worker has the one message
			MessagePuller puller = new MessagePuller("handback", connection, NatsJetStreamConstants.DEFAULT_API_PREFIX,
					"HANDBACK", "worker", 1, 10, 1024 * 1024, Duration.ofSeconds(30), state, () -> true, ledger);
			puller.configure(new JetStreamErrorHandler.ConsumerLimits(-1, List.of(), ACK_WAIT), 0, null, 0);
			InFlight.Entry taken = puller.take(5000, true);
			assertThat(taken).as("the worker has the message").isNotNull();
			// a run's first pull asks for one message: the waiting pull, made as the
			// worker took it, may still be on its way on the puller's connection
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(this.jsm.getConsumerInfo("HANDBACK", "worker").getNumWaiting())
					.as("a pull waits on the server")
					.isPositive());

			state.stop();
			MessagePuller.Suspension suspension = puller.suspend(Duration.ofSeconds(5));
			assertThat(suspension.held()).as("nothing pulled but not taken").isEmpty();
			assertThat(suspension.consumer()).as("the consumer read after the drain").isNotNull();

			List<InFlight.Entry> handBack = puller.putBack(List.of(taken));
			assertThat(handBack).as("the worker's message is handed back at once").containsExactly(taken);
			taken.nak();
		}
		JetStreamSubscription next = this.raw.jetStream()
			.subscribe(null, PullSubscribeOptions.bind("HANDBACK", "worker"));
		List<Message> fetched = next.fetch(1, Duration.ofSeconds(5));
		assertThat(fetched).as("the message is with the next pull, not waiting out its %s ack-wait", ACK_WAIT)
			.hasSize(1);
		// without the info request, nats-server 2.9.10 delivered it as a first delivery
		assertThat(fetched.get(0).metaData().deliveredCount()).as("its second delivery").isEqualTo(2);
		fetched.get(0).ack();
	}

}
