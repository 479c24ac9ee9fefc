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

import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * The observations of publishing and of listener processing (Spring Kafka's are the
 * model). With Micrometer Tracing present, the publish observation writes the trace
 * context into the NATS headers and the listener observation continues it.
 */
public enum JetStreamObservation implements ObservationDocumentation {

	/**
	 * A publish by the template, until the server's acknowledgement.
	 */
	PUBLISH {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPublishConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return Keys.values();
		}

	},

	/**
	 * One message handled by a listener method.
	 */
	PROCESS {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultProcessConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return Keys.values();
		}

	};

	/**
	 * Low-cardinality keys of both observations.
	 */
	public enum Keys implements KeyName {

		/** Always {@code nats}. */
		MESSAGING_SYSTEM {
			@Override
			public String asString() {
				return "messaging.system";
			}
		},

		/** The subject (publish) or the stream (process). */
		DESTINATION {
			@Override
			public String asString() {
				return "messaging.destination.name";
			}
		},

		/** The consumer (process only). */
		CONSUMER {
			@Override
			public String asString() {
				return "messaging.consumer.group.name";
			}
		}

	}

	/**
	 * The context of a publish: the headers of the outgoing message carry the trace.
	 */
	public static class PublishContext extends SenderContext<Headers> {

		private final String subject;

		/**
		 * Create a context.
		 * @param headers the outgoing message's headers
		 * @param subject the subject
		 */
		public PublishContext(Headers headers, String subject) {
			super((carrier, key, value) -> {
				if (carrier != null) {
					carrier.put(key, value);
				}
			});
			setCarrier(headers);
			this.subject = subject;
		}

		/**
		 * Return the subject.
		 * @return the subject
		 */
		public String getSubject() {
			return this.subject;
		}

	}

	/**
	 * The context of processing one message: its headers carry the trace.
	 */
	public static class ProcessContext extends ReceiverContext<Message> {

		private final String stream;

		private final String consumer;

		/**
		 * Create a context.
		 * @param message the delivered message
		 * @param stream the stream
		 * @param consumer the consumer
		 */
		public ProcessContext(Message message, String stream, String consumer) {
			super((carrier, key) -> header(carrier, key));
			setCarrier(message);
			this.stream = stream;
			this.consumer = consumer;
		}

		private static @Nullable String header(Message carrier, String key) {
			return (carrier.getHeaders() != null) ? carrier.getHeaders().getFirst(key) : null;
		}

		/**
		 * Return the stream.
		 * @return the stream
		 */
		public String getStream() {
			return this.stream;
		}

		/**
		 * Return the consumer.
		 * @return the consumer
		 */
		public String getConsumer() {
			return this.consumer;
		}

	}

	/**
	 * Default convention of {@link #PUBLISH}: name {@code jetstream.publish}, contextual
	 * name {@code <subject> publish}.
	 */
	public static class DefaultPublishConvention implements ObservationConvention<PublishContext> {

		@Override
		public String getName() {
			return "jetstream.publish";
		}

		@Override
		public String getContextualName(PublishContext context) {
			return context.getSubject() + " publish";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(PublishContext context) {
			return KeyValues.of(Keys.MESSAGING_SYSTEM.withValue("nats"),
					Keys.DESTINATION.withValue(context.getSubject()));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof PublishContext;
		}

	}

	/**
	 * Default convention of {@link #PROCESS}: name {@code jetstream.process}, contextual
	 * name {@code <stream> process}.
	 */
	public static class DefaultProcessConvention implements ObservationConvention<ProcessContext> {

		@Override
		public String getName() {
			return "jetstream.process";
		}

		@Override
		public String getContextualName(ProcessContext context) {
			return context.getStream() + " process";
		}

		@Override
		public KeyValues getLowCardinalityKeyValues(ProcessContext context) {
			return KeyValues.of(Keys.MESSAGING_SYSTEM.withValue("nats"),
					Keys.DESTINATION.withValue(context.getStream()), Keys.CONSUMER.withValue(context.getConsumer()));
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof ProcessContext;
		}

	}

}
