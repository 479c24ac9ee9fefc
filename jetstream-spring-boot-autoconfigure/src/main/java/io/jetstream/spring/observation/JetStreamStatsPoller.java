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
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import io.nats.client.api.StreamInfoOptions;
import io.nats.client.api.Subject;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.core.log.LogAccessor;

/**
 * Reads stream and consumer statistics from the server in the background, so that gauges,
 * the health indicator and the actuator endpoint read the last values instead of calling
 * the server while a scrape waits. A failed poll keeps the last values and is counted.
 *
 * @since 0.1.0
 */
public class JetStreamStatsPoller implements SmartLifecycle {

	private static final LogAccessor logger = new LogAccessor(JetStreamStatsPoller.class);

	private static final int STREAM_NOT_FOUND = 10059;

	private final JetStreamManagement management;

	private final Supplier<Collection<String>> streams;

	private final Supplier<Collection<ConsumerKey>> consumers;

	private final Duration interval;

	private final Map<String, StreamInfo> streamInfos = new ConcurrentHashMap<>();

	private final Map<ConsumerKey, ConsumerInfo> consumerInfos = new ConcurrentHashMap<>();

	private final AtomicLong failures = new AtomicLong();

	private final List<Consumer<JetStreamStatsPoller>> pollListeners = new CopyOnWriteArrayList<>();

	private @Nullable ScheduledExecutorService executor;

	private @Nullable String deadLetterStream;

	private String deadLetterPrefix = "dlq";

	private volatile Map<ConsumerKey, Long> deadLettersWaiting = Map.of();

	/**
	 * Create a poller.
	 * @param management the management context
	 * @param streams the streams to poll, asked for at every poll
	 * @param consumers the consumers to poll, asked for at every poll
	 * @param interval the time between polls
	 */
	public JetStreamStatsPoller(JetStreamManagement management, Supplier<Collection<String>> streams,
			Supplier<Collection<ConsumerKey>> consumers, Duration interval) {
		this.management = management;
		this.streams = streams;
		this.consumers = consumers;
		this.interval = interval;
	}

	/**
	 * Also count the dead letters per consumer in a dead-letter stream, from its
	 * per-subject counts of {@code <prefix>.<stream>.<consumer>} (dead letters published
	 * to other subjects are not counted).
	 * @param stream the dead-letter stream
	 * @param subjectPrefix the prefix of its subjects, such as {@code dlq}
	 */
	public void setDeadLetterSubjects(String stream, String subjectPrefix) {
		this.deadLetterStream = stream;
		this.deadLetterPrefix = subjectPrefix;
	}

	/**
	 * Call the listener after every poll (to register gauges for new streams, say).
	 * @param listener the listener
	 */
	public void addPollListener(Consumer<JetStreamStatsPoller> listener) {
		this.pollListeners.add(listener);
	}

	/**
	 * Poll now, on the calling thread.
	 */
	public void poll() {
		boolean failed = false;
		for (String stream : this.streams.get()) {
			try {
				this.streamInfos.put(stream, this.management.getStreamInfo(stream));
			}
			catch (Exception ex) {
				failed = true;
				logger.debug(ex, () -> "Could not read the statistics of stream " + stream);
			}
		}
		for (ConsumerKey key : this.consumers.get()) {
			try {
				this.consumerInfos.put(key, this.management.getConsumerInfo(key.stream(), key.consumer()));
			}
			catch (Exception ex) {
				failed = true;
				logger.debug(ex, () -> "Could not read the statistics of consumer " + key);
			}
		}
		if (this.deadLetterStream != null && !pollDeadLetters(this.deadLetterStream)) {
			failed = true;
		}
		if (failed) {
			this.failures.incrementAndGet();
		}
		this.pollListeners.forEach((listener) -> listener.accept(this));
	}

	private boolean pollDeadLetters(String stream) {
		String prefix = this.deadLetterPrefix + ".";
		try {
			StreamInfo info = this.management.getStreamInfo(stream, StreamInfoOptions.filterSubjects(prefix + ">"));
			Map<ConsumerKey, Long> waiting = new HashMap<>();
			List<Subject> subjects = info.getStreamState().getSubjects();
			if (subjects != null) {
				for (Subject subject : subjects) {
					String[] parts = subject.getName().substring(prefix.length()).split("\\.");
					if (parts.length == 2) {
						waiting.merge(new ConsumerKey(parts[0], parts[1]), subject.getCount(), Long::sum);
					}
				}
			}
			this.deadLettersWaiting = Map.copyOf(waiting);
			return true;
		}
		catch (JetStreamApiException ex) {
			// no dead-letter stream (yet): none waiting
			this.deadLettersWaiting = Map.of();
			return ex.getApiErrorCode() == STREAM_NOT_FOUND;
		}
		catch (Exception ex) {
			logger.debug(ex, () -> "Could not count the dead letters in stream " + stream);
			return false;
		}
	}

	/**
	 * Return the dead-letter stream whose dead letters are counted.
	 * @return its name, or {@code null} if none is
	 */
	public @Nullable String getDeadLetterStream() {
		return this.deadLetterStream;
	}

	/**
	 * Return how many dead letters wait per consumer, from the last poll; empty unless
	 * {@link #setDeadLetterSubjects(String, String)} was called.
	 * @return counts by original stream and consumer
	 */
	public Map<ConsumerKey, Long> getDeadLettersWaiting() {
		return this.deadLettersWaiting;
	}

	/**
	 * Return the last statistics of the polled streams.
	 * @return stream infos by name
	 */
	public Map<String, StreamInfo> getStreamInfos() {
		return Map.copyOf(this.streamInfos);
	}

	/**
	 * Return the last statistics of the polled consumers.
	 * @return consumer infos
	 */
	public Map<ConsumerKey, ConsumerInfo> getConsumerInfos() {
		return Map.copyOf(this.consumerInfos);
	}

	/**
	 * Return the last statistics of one consumer.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @return the info, or {@code null} if it was not polled yet
	 */
	public @Nullable ConsumerInfo getConsumerInfo(String stream, String consumer) {
		return this.consumerInfos.get(new ConsumerKey(stream, consumer));
	}

	/**
	 * Return how many polls failed (partly or wholly).
	 * @return the count
	 */
	public long getFailures() {
		return this.failures.get();
	}

	@Override
	public void start() {
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "jetstream-stats-poller");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(this::pollQuietly, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = scheduler;
	}

	private void pollQuietly() {
		try {
			poll();
		}
		catch (RuntimeException ex) {
			this.failures.incrementAndGet();
			logger.debug(ex, "JetStream statistics poll failed");
		}
	}

	@Override
	public void stop() {
		ScheduledExecutorService scheduler = this.executor;
		this.executor = null;
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public int getPhase() {
		// after the listeners, whose consumers it reads
		return Integer.MAX_VALUE - 50;
	}

	/**
	 * A consumer of a stream.
	 *
	 * @param stream the stream
	 * @param consumer the durable consumer name
	 */
	public record ConsumerKey(String stream, String consumer) {

		@Override
		public String toString() {
			return this.stream + "/" + this.consumer;
		}

	}

}
