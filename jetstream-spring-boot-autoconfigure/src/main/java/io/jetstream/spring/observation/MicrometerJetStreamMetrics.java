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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records messages as Micrometer meters whose Prometheus names are those of the NATS
 * JetStream operations guides:
 * {@code jetstream_messages_published_total{stream,subject}},
 * {@code jetstream_messages_consumed_total{stream,consumer,status}},
 * {@code jetstream_message_processing_seconds{stream,consumer}} and
 * {@code jetstream_dead_letters_total{stream,consumer,reason}},
 * {@code jetstream_dead_letters_redriven_total{stream,consumer,outcome}}, and
 * {@code jetstream_listener_blocked_workers{stream,consumer}}. Meters are cached per tag
 * combination, so the hot path is one map lookup.
 *
 * @since 0.1.0
 */
public class MicrometerJetStreamMetrics implements JetStreamMetricsRecorder {

	/** Messages stored by the template. */
	public static final String PUBLISHED = "jetstream.messages.published";

	/** Messages settled by listeners. */
	public static final String CONSUMED = "jetstream.messages.consumed";

	/** Listener processing time. */
	public static final String PROCESSING = "jetstream.message.processing";

	/** Dead letters. */
	public static final String DEAD_LETTERS = "jetstream.dead.letters";

	/** Redrives of dead letters, by outcome. */
	public static final String REDRIVES = "jetstream.dead.letters.redriven";

	/** Listener workers holding a message whose dead letter is not stored yet. */
	public static final String BLOCKED_WORKERS = "jetstream.listener.blocked.workers";

	private final MeterRegistry registry;

	private final UnaryOperator<String> subjectTag;

	private final Duration[] histogramBuckets;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Counter>> publishedCounters = new ConcurrentHashMap<>();

	private final Map<String, Timer> timers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> blocked = new ConcurrentHashMap<>();

	/**
	 * Create a recorder.
	 * @param registry the registry
	 * @param subjectTag maps subjects to the {@code subject} tag value
	 * @param histogramBuckets processing-time histogram buckets (service level
	 * objectives); empty for none
	 */
	public MicrometerJetStreamMetrics(MeterRegistry registry, UnaryOperator<String> subjectTag,
			List<Duration> histogramBuckets) {
		this.registry = registry;
		this.subjectTag = subjectTag;
		this.histogramBuckets = histogramBuckets.toArray(Duration[]::new);
	}

	@Override
	public void published(String stream, String subject) {
		// per publish: two lookups by the stream and the tag value, no key built
		String tag = this.subjectTag.apply(subject);
		Map<String, Counter> byTag = this.publishedCounters.computeIfAbsent(stream, (key) -> new ConcurrentHashMap<>());
		Counter counter = byTag.get(tag);
		if (counter == null) {
			counter = byTag.computeIfAbsent(tag, (key) -> counter(PUBLISHED,
					"Messages stored by JetStream after a publish", "stream", stream, "subject", key));
		}
		counter.increment();
	}

	@Override
	public void consumed(String stream, String consumer, String status) {
		consumedCounter(stream, consumer, status).increment();
	}

	private Counter consumedCounter(String stream, String consumer, String status) {
		return counter(CONSUMED, "Messages settled by listeners, by outcome", "stream", stream, "consumer", consumer,
				"status", status);
	}

	@Override
	public void processed(String stream, String consumer, long nanos) {
		timer(stream, consumer).record(nanos, TimeUnit.NANOSECONDS);
	}

	private Timer timer(String stream, String consumer) {
		return this.timers.computeIfAbsent(stream + '\0' + consumer,
				(key) -> Timer.builder(PROCESSING)
					.description("Time listener methods take per message")
					.tag("stream", stream)
					.tag("consumer", consumer)
					.serviceLevelObjectives(this.histogramBuckets)
					.register(this.registry));
	}

	/**
	 * Meters resolved once per consumer: the processing timer, and a counter per status
	 * found in a map of four keys, instead of a key built and looked up per message.
	 */
	@Override
	public ConsumerRecorder forConsumer(String stream, String consumer) {
		blocked(stream, consumer);
		Timer timer = timer(stream, consumer);
		Map<String, Counter> byStatus = new ConcurrentHashMap<>();
		return new ConsumerRecorder() {

			@Override
			public void consumed(String status) {
				byStatus.computeIfAbsent(status, (key) -> consumedCounter(stream, consumer, key)).increment();
			}

			@Override
			public void processed(long nanos) {
				timer.record(nanos, TimeUnit.NANOSECONDS);
			}

		};
	}

	@Override
	public void deadLettered(String stream, String consumer, String reason) {
		counter(DEAD_LETTERS, "Messages sent to the dead-letter stream", "stream", stream, "consumer", consumer,
				"reason", reason)
			.increment();
	}

	@Override
	public void redriven(String stream, String consumer, String outcome) {
		counter(REDRIVES, "Dead letters redriven to their consumer, or left by a redrive", "stream", stream, "consumer",
				consumer, "outcome", outcome)
			.increment();
	}

	@Override
	public void blockedWorkers(String stream, String consumer, int delta) {
		blocked(stream, consumer).addAndGet(delta);
	}

	/**
	 * The gauge is there from the listener's start, at 0, so that an alert on it has a
	 * series to watch.
	 */
	private AtomicInteger blocked(String stream, String consumer) {
		return this.blocked.computeIfAbsent(stream + '\0' + consumer, (key) -> {
			AtomicInteger count = new AtomicInteger();
			Gauge.builder(BLOCKED_WORKERS, count, AtomicInteger::get)
				.description("Listener workers holding a message whose dead letter could not be stored yet")
				.tags("stream", stream, "consumer", consumer)
				.register(this.registry);
			return count;
		});
	}

	private Counter counter(String name, String description, String... tags) {
		return this.counters.computeIfAbsent(name + '\0' + String.join("\0", tags),
				(key) -> Counter.builder(name).description(description).tags(tags).register(this.registry));
	}

}
