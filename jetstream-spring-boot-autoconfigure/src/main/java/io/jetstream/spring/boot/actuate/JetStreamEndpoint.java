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

package io.jetstream.spring.boot.actuate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.StreamInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.jetstream.spring.config.JetStreamListenerRegistry;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.listener.PauseScope;
import io.jetstream.spring.observation.JetStreamStatsPoller;

/**
 * The {@code jetstream} actuator endpoint: streams with message and byte counts,
 * consumers with pending, ack-pending and redelivered counts (from the last statistics
 * poll, which it refreshes), listeners with their state; and {@code pause},
 * {@code resume}, {@code stop} and {@code start} of a listener by id. It shows no
 * connection details, so no credentials.
 *
 * @since 0.1.0
 */
@Endpoint(id = "jetstream")
public class JetStreamEndpoint {

	private final JetStreamStatsPoller poller;

	private final @Nullable JetStreamListenerRegistry registry;

	/**
	 * Create the endpoint.
	 * @param poller the statistics poller
	 * @param registry the listener registry, or {@code null} without listeners
	 */
	public JetStreamEndpoint(JetStreamStatsPoller poller, @Nullable JetStreamListenerRegistry registry) {
		this.poller = poller;
		this.registry = registry;
	}

	/**
	 * Describe streams, consumers and listeners.
	 * @return the description
	 */
	@ReadOperation
	public JetStreamDescriptor jetstream() {
		this.poller.poll();
		List<StreamDescriptor> streams = new ArrayList<>();
		this.poller.getStreamInfos()
			.values()
			.stream()
			.sorted((a, b) -> a.getConfiguration().getName().compareTo(b.getConfiguration().getName()))
			.forEach((info) -> streams.add(StreamDescriptor.of(info)));
		List<ConsumerDescriptor> consumers = new ArrayList<>();
		this.poller.getConsumerInfos()
			.values()
			.stream()
			.sorted((a, b) -> (a.getStreamName() + a.getName()).compareTo(b.getStreamName() + b.getName()))
			.forEach((info) -> consumers.add(ConsumerDescriptor.of(info)));
		return new JetStreamDescriptor(streams, consumers, listeners());
	}

	/**
	 * Pause, resume, stop or start a listener. A pause pauses the consumer on the server
	 * where it supports it (nats-server 2.11+: every instance, across restarts), else
	 * this instance; the answer's {@code pausedOn} says which.
	 * @param id the listener id
	 * @param action {@code pause}, {@code resume}, {@code stop} or {@code start}
	 * @param until with {@code pause}: when the pause ends by itself (ISO-8601 instant;
	 * needs a pause on the server)
	 * @return the listener afterwards
	 * @throws InvalidEndpointRequestException (400) for an unknown id or action
	 */
	@WriteOperation
	public ListenerDescriptor listener(@Selector String id, String action, @Nullable String until) {
		MessageListenerContainer container = (this.registry != null) ? this.registry.getListener(id) : null;
		if (container == null) {
			throw new InvalidEndpointRequestException("No listener with id '" + id + "'", "No such listener");
		}
		switch (action.toLowerCase(Locale.ROOT)) {
			case "pause" -> pause(container, until);
			case "resume" -> container.resume();
			case "stop" -> container.stop();
			case "start" -> container.start();
			default -> throw new InvalidEndpointRequestException(
					"Unknown action '" + action + "'; use pause, resume, stop or start", "Unknown action");
		}
		return ListenerDescriptor.of(container);
	}

	private static void pause(MessageListenerContainer container, @Nullable String until) {
		Instant end;
		try {
			end = (until != null && !until.isBlank()) ? Instant.parse(until) : null;
		}
		catch (DateTimeParseException ex) {
			throw new InvalidEndpointRequestException(
					"until must be an ISO-8601 instant such as " + "2027-01-01T00:00:00Z, not '" + until + "'",
					"Invalid until");
		}
		try {
			container.pause(end);
		}
		catch (IllegalStateException ex) {
			throw new InvalidEndpointRequestException(String.valueOf(ex.getMessage()), "Cannot pause");
		}
	}

	private List<ListenerDescriptor> listeners() {
		Collection<MessageListenerContainer> containers = (this.registry != null) ? this.registry.getListeners()
				: List.of();
		return containers.stream().map(ListenerDescriptor::of).toList();
	}

	/**
	 * What the endpoint reads.
	 *
	 * @param streams the polled streams
	 * @param consumers the polled consumers
	 * @param listeners the listeners
	 */
	public record JetStreamDescriptor(List<StreamDescriptor> streams, List<ConsumerDescriptor> consumers,
			List<ListenerDescriptor> listeners) {

	}

	/**
	 * A stream.
	 *
	 * @param name the name
	 * @param subjects its subjects
	 * @param messages messages stored
	 * @param bytes bytes stored
	 * @param firstSequence the first sequence
	 * @param lastSequence the last sequence
	 * @param consumers the number of consumers
	 */
	public record StreamDescriptor(String name, List<String> subjects, long messages, long bytes, long firstSequence,
			long lastSequence, long consumers) {

		static StreamDescriptor of(StreamInfo info) {
			return new StreamDescriptor(info.getConfiguration().getName(), info.getConfiguration().getSubjects(),
					info.getStreamState().getMsgCount(), info.getStreamState().getByteCount(),
					info.getStreamState().getFirstSequence(), info.getStreamState().getLastSequence(),
					info.getStreamState().getConsumerCount());
		}

	}

	/**
	 * A consumer.
	 *
	 * @param stream the stream
	 * @param name the durable name
	 * @param pending messages not yet delivered
	 * @param ackPending messages delivered and not acknowledged
	 * @param redelivered messages delivered more than once and not acknowledged
	 * @param waitingPulls pull requests waiting
	 * @param ackFloor the stream sequence up to which everything is acknowledged
	 * @param paused whether the consumer is paused on the server (nats-server 2.11+)
	 */
	public record ConsumerDescriptor(String stream, String name, long pending, long ackPending, long redelivered,
			long waitingPulls, long ackFloor, boolean paused) {

		static ConsumerDescriptor of(ConsumerInfo info) {
			return new ConsumerDescriptor(info.getStreamName(), info.getName(), info.getNumPending(),
					info.getNumAckPending(), info.getRedelivered(), info.getNumWaiting(),
					info.getAckFloor().getStreamSequence(), info.getPaused());
		}

	}

	/**
	 * A listener.
	 *
	 * @param id the id
	 * @param stream the stream
	 * @param consumer the consumer
	 * @param state {@code running}, {@code paused} or {@code stopped}
	 * @param lastActivitySecondsAgo seconds since a message arrived or the listener
	 * subscribed
	 * @param pausedOn {@code server} (every instance; nats-server 2.11+) or
	 * {@code instance} while paused from this endpoint, else {@code null}
	 */
	public record ListenerDescriptor(String id, String stream, String consumer, String state,
			long lastActivitySecondsAgo, @Nullable String pausedOn) {

		static ListenerDescriptor of(MessageListenerContainer container) {
			String state = !container.isRunning() ? "stopped" : container.isPaused() ? "paused" : "running";
			PauseScope scope = container.getPauseScope();
			return new ListenerDescriptor(container.getId(), container.getStream(), container.getConsumer(), state,
					container.getTimeSinceLastActivity().toSeconds(),
					(scope != null) ? scope.name().toLowerCase(Locale.ROOT) : null);
		}

	}

}
