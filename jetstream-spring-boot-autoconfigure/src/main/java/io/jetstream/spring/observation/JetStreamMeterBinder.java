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

package io.jetstream.spring.observation;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.nats.client.Connection;
import io.nats.client.Statistics;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import org.jspecify.annotations.Nullable;

/**
 * Gauges of streams and consumers, read from the {@link JetStreamStatsPoller}'s last poll
 * (never from the server during a scrape), and meters of the NATS connection. Gauges of a
 * stream or consumer appear after the first poll that saw it.
 *
 * @since 0.1.0
 */
public class JetStreamMeterBinder implements MeterBinder {

	private final JetStreamStatsPoller poller;

	private final @Nullable Connection connection;

	private final Set<String> registered = ConcurrentHashMap.newKeySet();

	private volatile @Nullable MeterRegistry registry;

	/**
	 * Create a binder.
	 * @param poller the poller to read stream and consumer statistics from
	 * @param connection the connection to meter, or {@code null}
	 */
	public JetStreamMeterBinder(JetStreamStatsPoller poller, @Nullable Connection connection) {
		this.poller = poller;
		this.connection = connection;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		FunctionCounter.builder("jetstream.stats.poll.failures", this.poller, JetStreamStatsPoller::getFailures)
			.description("Polls of stream and consumer statistics that failed")
			.register(registry);
		if (this.connection != null) {
			bindConnection(registry, this.connection);
		}
		this.poller.addPollListener(this::registerNew);
		registerNew(this.poller);
	}

	private void bindConnection(MeterRegistry registry, Connection connection) {
		Gauge
			.builder("nats.connection.status", connection,
					(c) -> (c.getStatus() == Connection.Status.CONNECTED) ? 1 : 0)
			.description("1 while connected to a NATS server, else 0")
			.register(registry);
		connectionCounter(registry, connection, "nats.connection.reconnects", "Reconnects of the NATS connection",
				Statistics::getReconnects);
		connectionCounter(registry, connection, "nats.connection.bytes.in", "Bytes received from NATS",
				Statistics::getInBytes);
		connectionCounter(registry, connection, "nats.connection.bytes.out", "Bytes sent to NATS",
				Statistics::getOutBytes);
		connectionCounter(registry, connection, "nats.connection.messages.in", "Messages received from NATS",
				Statistics::getInMsgs);
		connectionCounter(registry, connection, "nats.connection.messages.out", "Messages sent to NATS",
				Statistics::getOutMsgs);
	}

	private static void connectionCounter(MeterRegistry registry, Connection connection, String name,
			String description, ToLongFunction<Statistics> value) {
		FunctionCounter.builder(name, connection, (c) -> {
			try {
				return value.applyAsLong(c.getStatistics());
			}
			catch (RuntimeException ex) {
				// a background connection not made yet has no statistics
				return 0;
			}
		}).description(description).register(registry);
	}

	private void registerNew(JetStreamStatsPoller source) {
		MeterRegistry meterRegistry = this.registry;
		if (meterRegistry == null) {
			return;
		}
		for (String stream : source.getStreamInfos().keySet()) {
			if (this.registered.add("stream\0" + stream)) {
				Tags tags = Tags.of("stream", stream);
				streamGauge(meterRegistry, "jetstream.stream.messages", "Messages in the stream", stream, tags,
						(info) -> info.getStreamState().getMsgCount());
				streamGauge(meterRegistry, "jetstream.stream.bytes", "Bytes in the stream", stream, tags,
						(info) -> info.getStreamState().getByteCount());
				streamGauge(meterRegistry, "jetstream.stream.consumers", "Consumers of the stream", stream, tags,
						(info) -> info.getStreamState().getConsumerCount());
			}
		}
		Set<JetStreamStatsPoller.ConsumerKey> withDeadLetters = new HashSet<>(source.getDeadLettersWaiting().keySet());
		if (source.getDeadLetterStream() != null) {
			// a series from the start, at 0, for alerts to watch
			withDeadLetters.addAll(source.getConsumerInfos().keySet());
		}
		for (JetStreamStatsPoller.ConsumerKey key : withDeadLetters) {
			if (this.registered.add("dead-letters\0" + key)) {
				Gauge
					.builder("jetstream.dead.letters.waiting", source,
							(poller) -> poller.getDeadLettersWaiting().getOrDefault(key, 0L))
					.description("Dead letters of the consumer waiting in the dead-letter stream")
					.tags("stream", key.stream(), "consumer", key.consumer())
					.register(meterRegistry);
			}
		}
		for (JetStreamStatsPoller.ConsumerKey key : source.getConsumerInfos().keySet()) {
			if (this.registered.add("consumer\0" + key)) {
				Tags tags = Tags.of("stream", key.stream(), "consumer", key.consumer());
				consumerGauge(meterRegistry, "jetstream.consumer.pending.messages",
						"Messages of the stream not yet delivered to the consumer", key, tags,
						ConsumerInfo::getNumPending);
				consumerGauge(meterRegistry, "jetstream.consumer.ack.pending.messages",
						"Messages delivered and not yet acknowledged", key, tags, ConsumerInfo::getNumAckPending);
				consumerGauge(meterRegistry, "jetstream.consumer.redelivered.messages",
						"Messages delivered more than once and not yet acknowledged", key, tags,
						ConsumerInfo::getRedelivered);
				consumerGauge(meterRegistry, "jetstream.consumer.waiting.pulls", "Pull requests waiting on the server",
						key, tags, ConsumerInfo::getNumWaiting);
			}
		}
	}

	private void streamGauge(MeterRegistry registry, String name, String description, String stream, Tags tags,
			ToDoubleFunction<StreamInfo> value) {
		Gauge.builder(name, this.poller, (poller) -> {
			StreamInfo info = poller.getStreamInfos().get(stream);
			return (info != null) ? value.applyAsDouble(info) : Double.NaN;
		}).description(description).tags(tags).register(registry);
	}

	private void consumerGauge(MeterRegistry registry, String name, String description,
			JetStreamStatsPoller.ConsumerKey key, Tags tags, ToDoubleFunction<ConsumerInfo> value) {
		Gauge.builder(name, this.poller, (poller) -> {
			ConsumerInfo info = poller.getConsumerInfo(key.stream(), key.consumer());
			return (info != null) ? value.applyAsDouble(info) : Double.NaN;
		}).description(description).tags(tags).register(registry);
	}

}
