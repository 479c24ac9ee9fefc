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

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of listeners (Spring Kafka's {@code KafkaListenerObservation} is the
 * model), all made by the listener containers: one for each message a JetStream listener
 * handles, one for each batch a batch listener handles, and one for each message a core
 * NATS ({@code @NatsListener}) listener handles. Each covers the work until it is done,
 * including an asynchronous result's completion. With Micrometer Tracing present, the
 * observation of a single message continues the trace its publisher wrote into the
 * message's headers; a batch's observation starts a trace of its own (its messages carry
 * as many traces as publishers).
 *
 * @since 0.1.0
 */
public enum JetStreamListenerObservation implements ObservationDocumentation {

	/**
	 * One message handled by a JetStream listener; named and tagged by a
	 * {@link JetStreamListenerObservationConvention} ({@code jetstream.process} by
	 * default).
	 */
	PROCESS {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJetStreamListenerObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { ListenerKeys.MESSAGING_SYSTEM, ListenerKeys.DESTINATION, ListenerKeys.CONSUMER };
		}

	},

	/**
	 * One batch handled by a batch listener, from the call of its method until it
	 * returned; contextual name {@code <stream> process batch}.
	 */
	BATCH_PROCESS {

		@Override
		public String getName() {
			return "jetstream.process.batch";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { ListenerKeys.MESSAGING_SYSTEM, ListenerKeys.DESTINATION, ListenerKeys.CONSUMER };
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return new KeyName[] { ListenerKeys.BATCH_MESSAGE_COUNT };
		}

	},

	/**
	 * One message handled by a core NATS listener ({@code @NatsListener}), until its
	 * reply is sent; contextual name {@code <subject> process}. It continues the trace of
	 * the request.
	 */
	NATS_PROCESS {

		@Override
		public String getName() {
			return "nats.process";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { ListenerKeys.MESSAGING_SYSTEM, ListenerKeys.LISTENER };
		}

	};

	/**
	 * The keys of the listener observations.
	 */
	public enum ListenerKeys implements KeyName {

		/** Always {@code nats}. */
		MESSAGING_SYSTEM {
			@Override
			public String asString() {
				return "messaging.system";
			}
		},

		/** The stream. */
		DESTINATION {
			@Override
			public String asString() {
				return "messaging.destination.name";
			}
		},

		/** The consumer. */
		CONSUMER {
			@Override
			public String asString() {
				return "messaging.consumer.group.name";
			}
		},

		/** The number of messages of a batch (high cardinality). */
		BATCH_MESSAGE_COUNT {
			@Override
			public String asString() {
				return "messaging.batch.message_count";
			}
		},

		/** The id of a core NATS listener. */
		LISTENER {
			@Override
			public String asString() {
				return "nats.listener";
			}
		}

	}

}
