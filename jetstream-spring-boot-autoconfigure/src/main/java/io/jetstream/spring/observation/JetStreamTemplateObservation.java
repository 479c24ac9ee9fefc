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
 * The observations of the template (Spring Kafka's {@code KafkaTemplateObservation} is
 * the model): a publish until the server's acknowledgement, and a core NATS request until
 * its reply. With Micrometer Tracing present, both write the trace context into the
 * message's headers.
 *
 * @since 0.1.0
 */
public enum JetStreamTemplateObservation implements ObservationDocumentation {

	/**
	 * A publish, until the server's acknowledgement; named and tagged by a
	 * {@link JetStreamTemplateObservationConvention} ({@code jetstream.publish} by
	 * default).
	 */
	PUBLISH {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultJetStreamTemplateObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return TemplateKeys.values();
		}

	},

	/**
	 * A core NATS request, until its reply; contextual name {@code <subject> request}.
	 */
	REQUEST {

		@Override
		public String getName() {
			return "nats.request";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return new KeyName[] { TemplateKeys.MESSAGING_SYSTEM };
		}

	};

	/**
	 * The keys of the template observations.
	 */
	public enum TemplateKeys implements KeyName {

		/** Always {@code nats}. */
		MESSAGING_SYSTEM {
			@Override
			public String asString() {
				return "messaging.system";
			}
		},

		/** The subject, through the convention's subject mapper. */
		DESTINATION {
			@Override
			public String asString() {
				return "messaging.destination.name";
			}
		}

	}

}
