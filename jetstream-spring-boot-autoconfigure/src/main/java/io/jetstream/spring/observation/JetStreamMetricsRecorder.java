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

/**
 * Receives what happens to messages, for metrics. The template and the listener
 * containers call it on their hot paths, so implementations must be cheap and must not
 * throw. {@link #NONE} records nothing (no Micrometer on the classpath).
 *
 * @since 0.1.0
 */
public interface JetStreamMetricsRecorder {

	/**
	 * Records nothing.
	 */
	JetStreamMetricsRecorder NONE = new JetStreamMetricsRecorder() {
	};

	/**
	 * A message was stored.
	 * @param stream the stream that stored it
	 * @param subject the subject it was published to
	 */
	default void published(String stream, String subject) {
	}

	/**
	 * A listener settled a message.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @param status {@code ack}, {@code nak}, {@code term} or {@code dead_letter}
	 */
	default void consumed(String stream, String consumer, String status) {
	}

	/**
	 * A listener method ran.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @param nanos how long it ran
	 */
	default void processed(String stream, String consumer, long nanos) {
	}

	/**
	 * Return the recorder of one listener's consumer. A listener asks once and keeps it,
	 * so that a recorder can resolve its meters once instead of per message.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @return the recorder of that consumer
	 */
	default ConsumerRecorder forConsumer(String stream, String consumer) {
		return new ConsumerRecorder() {

			@Override
			public void consumed(String status) {
				JetStreamMetricsRecorder.this.consumed(stream, consumer, status);
			}

			@Override
			public void processed(long nanos) {
				JetStreamMetricsRecorder.this.processed(stream, consumer, nanos);
			}

		};
	}

	/**
	 * A message went to the dead-letter stream.
	 * @param stream the original's stream
	 * @param consumer the consumer that gave up
	 * @param reason the {@code X-DLQ-Reason} value
	 */
	default void deadLettered(String stream, String consumer, String reason) {
	}

	/**
	 * A dead letter was redriven, or a redrive left it.
	 * @param stream the original's stream
	 * @param consumer the consumer it failed in
	 * @param outcome {@code redriven}, {@code parked} or {@code not_redrivable}
	 */
	default void redriven(String stream, String consumer, String outcome) {
	}

	/**
	 * A listener worker began (+1) or ended (-1) holding a message whose dead letter it
	 * cannot store yet; it handles nothing else meanwhile.
	 * @param stream the stream
	 * @param consumer the consumer
	 * @param delta {@code 1} or {@code -1}
	 */
	default void blockedWorkers(String stream, String consumer, int delta) {
	}

	/**
	 * What a listener records for its consumer, per message.
	 */
	interface ConsumerRecorder {

		/**
		 * The listener settled a message.
		 * @param status {@code ack}, {@code nak}, {@code term} or {@code dead_letter}
		 */
		void consumed(String status);

		/**
		 * The listener method ran.
		 * @param nanos how long it ran
		 */
		void processed(long nanos);

	}

}
