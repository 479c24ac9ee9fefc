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

package io.jetstream.spring.core;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import io.nats.client.IterableConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.PurgeOptions;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.OrderedConsumerConfiguration;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import io.jetstream.spring.support.converter.JetStreamMessageConverter;

/**
 * Reads and manages streams from Spring, as {@code KafkaAdmin} does for Kafka: stream and
 * consumer statistics (jnats' own {@link StreamInfo} and {@link ConsumerInfo}, which
 * carry everything the server reports), purge, delete, single messages read back and
 * converted with the listeners' converter (jnats uses the stream's direct get when the
 * stream allows it, else the API), and replay of a stream through an ordered consumer (no
 * ack, no durable state; jnats re-creates it on gaps) — the way to rebuild a projection.
 *
 * @since 0.1.0
 */
public class JetStreamAdmin {

	private static final int STREAM_NOT_FOUND = 10059;

	private static final int NO_MESSAGE_FOUND = 10037;

	private static final int CONSUMER_NOT_FOUND = 10014;

	private final JetStreamManagement management;

	private final JetStream jetStream;

	private final JetStreamMessageConverter converter;

	/**
	 * Create an admin.
	 * @param management the management context
	 * @param jetStream the JetStream context (for replay)
	 * @param converter converts payloads, as for listeners
	 */
	public JetStreamAdmin(JetStreamManagement management, JetStream jetStream, JetStreamMessageConverter converter) {
		this.management = management;
		this.jetStream = jetStream;
		this.converter = converter;
	}

	/**
	 * Return a stream's configuration and state.
	 * @param stream the stream
	 * @return the info
	 */
	public StreamInfo getStreamInfo(String stream) {
		return call("stream " + stream, () -> this.management.getStreamInfo(stream));
	}

	/**
	 * Return the names of all streams.
	 * @return the names
	 */
	public List<String> getStreamNames() {
		return call("the stream names", this.management::getStreamNames);
	}

	/**
	 * Return the names of a stream's consumers.
	 * @param stream the stream
	 * @return the names
	 */
	public List<String> getConsumerNames(String stream) {
		return call("the consumers of stream " + stream, () -> this.management.getConsumerNames(stream));
	}

	/**
	 * Return a consumer's configuration and state.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @return the info
	 */
	public ConsumerInfo getConsumerInfo(String stream, String consumer) {
		return call("consumer " + consumer + " of stream " + stream,
				() -> this.management.getConsumerInfo(stream, consumer));
	}

	/**
	 * Remove all messages of a stream.
	 * @param stream the stream
	 * @return how many were removed
	 */
	public long purge(String stream) {
		return call("stream " + stream, () -> this.management.purgeStream(stream)).getPurged();
	}

	/**
	 * Remove the messages of one subject (wildcards allowed).
	 * @param stream the stream
	 * @param subject the subject
	 * @return how many were removed
	 */
	public long purgeSubject(String stream, String subject) {
		return call("stream " + stream,
				() -> this.management.purgeStream(stream, PurgeOptions.builder().subject(subject).build()))
			.getPurged();
	}

	/**
	 * Remove all but the newest messages.
	 * @param stream the stream
	 * @param keep how many of the newest to keep
	 * @return how many were removed
	 */
	public long purgeKeep(String stream, long keep) {
		return call("stream " + stream,
				() -> this.management.purgeStream(stream, PurgeOptions.builder().keep(keep).build()))
			.getPurged();
	}

	/**
	 * Delete one message.
	 * @param stream the stream
	 * @param sequence its sequence
	 * @return whether it was deleted
	 */
	public boolean deleteMessage(String stream, long sequence) {
		return call("message " + sequence + " of stream " + stream,
				() -> this.management.deleteMessage(stream, sequence));
	}

	/**
	 * Read one message by its sequence.
	 * @param <T> the payload type
	 * @param stream the stream
	 * @param sequence the sequence
	 * @param type the payload type ({@code byte[]}, {@code String}, or a JSON-mapped
	 * type)
	 * @return the message
	 * @throws JetStreamReadException if there is no such stream or message, or the
	 * payload cannot be converted
	 */
	public <T> StoredMessage<T> getMessage(String stream, long sequence, Class<T> type) {
		String what = "message " + sequence + " of stream " + stream;
		return convert(what, call(what, () -> this.management.getMessage(stream, sequence)), type);
	}

	/**
	 * Read the first message at or after a sequence.
	 * @param <T> the payload type
	 * @param stream the stream
	 * @param sequence the first sequence to look at
	 * @param subject only a message of this subject (wildcards allowed), or {@code null}
	 * for any
	 * @param type the payload type
	 * @return the message
	 * @throws JetStreamReadException if there is no such stream or message, or the
	 * payload cannot be converted
	 */
	public <T> StoredMessage<T> getNextMessage(String stream, long sequence, @Nullable String subject, Class<T> type) {
		String what = "the next message from sequence " + sequence + " of stream " + stream;
		String filter = (subject != null) ? subject : ">";
		return convert(what, call(what, () -> this.management.getNextMessage(stream, sequence, filter)), type);
	}

	/**
	 * Read the last message of a subject.
	 * @param <T> the payload type
	 * @param stream the stream
	 * @param subject the subject
	 * @param type the payload type
	 * @return the message
	 * @throws JetStreamReadException if there is no such stream or message, or the
	 * payload cannot be converted
	 */
	public <T> StoredMessage<T> getLastMessage(String stream, String subject, Class<T> type) {
		String what = "the last message of subject " + subject + " in stream " + stream;
		return convert(what, call(what, () -> this.management.getLastMessage(stream, subject)), type);
	}

	/**
	 * Replay a stream from a position up to the last message it had when the replay
	 * started, on the calling thread.
	 * @param <T> the payload type
	 * @param stream the stream
	 * @param from where to start
	 * @param type the payload type
	 * @param handler receives each message, in stream order
	 * @return how many messages were replayed
	 */
	public <T> long replay(String stream, ReplayStart from, Class<T> type, Consumer<StoredMessage<T>> handler) {
		long last = getStreamInfo(stream).getStreamState().getLastSequence();
		return consume(stream, from, type, handler, false, new AtomicBoolean(true), last);
	}

	/**
	 * Replay a stream from a position and go on with new messages on a thread of its own
	 * until the returned handle is closed.
	 * @param <T> the payload type
	 * @param stream the stream
	 * @param from where to start
	 * @param type the payload type
	 * @param handler receives each message, in stream order
	 * @return the handle that stops the replay
	 */
	public <T> AutoCloseable follow(String stream, ReplayStart from, Class<T> type,
			Consumer<StoredMessage<T>> handler) {
		getStreamInfo(stream);
		AtomicBoolean running = new AtomicBoolean(true);
		Thread thread = new Thread(() -> consume(stream, from, type, handler, true, running, -1),
				"jetstream-replay-" + stream);
		thread.setDaemon(true);
		thread.start();
		return () -> {
			running.set(false);
			thread.join(5000);
		};
	}

	private <T> long consume(String stream, ReplayStart from, Class<T> type, Consumer<StoredMessage<T>> handler,
			boolean follow, AtomicBoolean running, long last) {
		if (last == 0) {
			return 0;
		}
		OrderedConsumerConfiguration configuration = from.configure(new OrderedConsumerConfiguration());
		long count = 0;
		try {
			OrderedConsumerContext context = this.jetStream.getStreamContext(stream)
				.createOrderedConsumer(configuration);
			try (IterableConsumer iterator = context.iterate()) {
				while (running.get()) {
					Message message = iterator.nextMessage(Duration.ofMillis(200));
					if (message == null) {
						// nothing (more) matches the start or the subject filter
						if (!follow && iterator.getConsumerInfo().getNumPending() == 0) {
							break;
						}
						continue;
					}
					long sequence = message.metaData().streamSequence();
					handler.accept(convert("message " + sequence + " of stream " + stream, message, sequence, type));
					count++;
					// the end is the last message when the replay started, or the last
					// that matches
					if (!follow && (sequence >= last || message.metaData().pendingCount() == 0)) {
						break;
					}
				}
			}
		}
		catch (JetStreamReadException ex) {
			throw ex;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			throw new JetStreamReadException(JetStreamReadException.Kind.UNAVAILABLE,
					"Could not replay stream " + stream + ": " + ex.getMessage(), ex);
		}
		return count;
	}

	private <T> StoredMessage<T> convert(String what, MessageInfo info, Class<T> type) {
		return payload(what, info.getStream(), info.getSubject(), info.getSeq(),
				(info.getTime() != null) ? info.getTime().toInstant() : Instant.EPOCH, info.getHeaders(),
				info.getData(), type);
	}

	private <T> StoredMessage<T> convert(String what, Message message, long sequence, Class<T> type) {
		return payload(what, message.metaData().getStream(), message.getSubject(), sequence,
				message.metaData().timestamp().toInstant(), message.getHeaders(), message.getData(), type);
	}

	@SuppressWarnings("unchecked")
	private <T> StoredMessage<T> payload(String what, String stream, String subject, long sequence, Instant time,
			@Nullable Headers headers, byte @Nullable [] data, Class<T> type) {
		Map<String, List<String>> headerMap = new LinkedHashMap<>();
		if (headers != null) {
			headers.forEach((name, values) -> headerMap.put(name, List.copyOf(values)));
		}
		Object payload;
		try {
			payload = PayloadSerializer.read(this.converter, headers, data, type);
		}
		catch (RuntimeException ex) {
			throw new JetStreamReadException(JetStreamReadException.Kind.CONVERSION_FAILED,
					"Could not convert " + what + " to " + type.getName() + ": " + ex.getMessage(), ex);
		}
		if (payload == null) {
			throw new JetStreamReadException(JetStreamReadException.Kind.CONVERSION_FAILED,
					"Could not convert " + what + " to " + type.getName(), null);
		}
		return new StoredMessage<>(stream, subject, sequence, time, Map.copyOf(headerMap), (T) payload);
	}

	private <R> R call(String what, ServerCall<R> call) {
		try {
			return call.call();
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
				throw new JetStreamReadException(JetStreamReadException.Kind.STREAM_NOT_FOUND,
						"No such stream: could not read " + what, ex);
			}
			if (ex.getApiErrorCode() == CONSUMER_NOT_FOUND) {
				throw new JetStreamReadException(JetStreamReadException.Kind.CONSUMER_NOT_FOUND,
						"No such consumer: could not read " + what, ex);
			}
			if (ex.getApiErrorCode() == NO_MESSAGE_FOUND || ex.getErrorCode() == 404) {
				throw new JetStreamReadException(JetStreamReadException.Kind.MESSAGE_NOT_FOUND,
						"No such message: could not read " + what, ex);
			}
			throw new JetStreamReadException(JetStreamReadException.Kind.UNAVAILABLE,
					"Could not read " + what + ": " + ex.getMessage(), ex);
		}
		catch (Exception ex) {
			throw new JetStreamReadException(JetStreamReadException.Kind.UNAVAILABLE,
					"Could not read " + what + ": " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	private interface ServerCall<R> {

		R call() throws Exception;

	}

	/**
	 * Where a replay starts.
	 */
	public static final class ReplayStart {

		private final DeliverPolicy policy;

		private final long sequence;

		private final @Nullable Instant time;

		private final @Nullable String subject;

		private ReplayStart(DeliverPolicy policy, long sequence, @Nullable Instant time, @Nullable String subject) {
			this.policy = policy;
			this.sequence = sequence;
			this.time = time;
			this.subject = subject;
		}

		/**
		 * From the first message.
		 * @return the start
		 */
		public static ReplayStart beginning() {
			return new ReplayStart(DeliverPolicy.All, 0, null, null);
		}

		/**
		 * From a sequence on.
		 * @param sequence the first sequence
		 * @return the start
		 */
		public static ReplayStart sequence(long sequence) {
			return new ReplayStart(DeliverPolicy.ByStartSequence, sequence, null, null);
		}

		/**
		 * From the first message stored at or after a time.
		 * @param time the time
		 * @return the start
		 */
		public static ReplayStart time(Instant time) {
			return new ReplayStart(DeliverPolicy.ByStartTime, 0, time, null);
		}

		/**
		 * Only messages of this subject (wildcards allowed).
		 * @param subject the subject filter
		 * @return a start with the filter
		 */
		public ReplayStart onlySubject(String subject) {
			return new ReplayStart(this.policy, this.sequence, this.time, subject);
		}

		OrderedConsumerConfiguration configure(OrderedConsumerConfiguration configuration) {
			configuration.deliverPolicy(this.policy);
			if (this.policy == DeliverPolicy.ByStartSequence) {
				configuration.startSequence(this.sequence);
			}
			if (this.time != null) {
				configuration.startTime(this.time.atZone(ZoneOffset.UTC));
			}
			if (this.subject != null) {
				configuration.filterSubject(this.subject);
			}
			return configuration;
		}

	}

}
