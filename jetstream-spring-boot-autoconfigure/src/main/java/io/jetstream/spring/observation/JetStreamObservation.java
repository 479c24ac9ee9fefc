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
 * The observations of publishing and of listener processing (Spring Kafka's are the
 * model): their names and keys are given by a
 * {@link JetStreamTemplateObservationConvention} and a
 * {@link JetStreamListenerObservationConvention}, replaceable by beans of those types.
 * With Micrometer Tracing present, the publish observation writes the trace context into
 * the NATS headers and the listener observation continues it.
 *
 * @since 0.1.0
 */
public enum JetStreamObservation implements ObservationDocumentation {

	/**
	 * A publish by the template, until the server's acknowledgement.
	 */
	PUBLISH {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJetStreamTemplateObservationConvention.class;
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
			return DefaultJetStreamListenerObservationConvention.class;
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

}
