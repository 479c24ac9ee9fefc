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

/**
 * Default {@link JetStreamListenerObservationConvention}: name {@code jetstream.process},
 * contextual name {@code <stream> process}, keys {@code messaging.system=nats},
 * {@code messaging.destination.name} (the stream) and
 * {@code messaging.consumer.group.name} (the consumer).
 *
 * @since 0.1.0
 */
public class DefaultJetStreamListenerObservationConvention implements JetStreamListenerObservationConvention {

	/** The shared instance. */
	public static final DefaultJetStreamListenerObservationConvention INSTANCE = new DefaultJetStreamListenerObservationConvention();

	@Override
	public String getName() {
		return "jetstream.process";
	}

	@Override
	public String getContextualName(JetStreamProcessContext context) {
		return context.getStream() + " process";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JetStreamProcessContext context) {
		return KeyValues.of(JetStreamListenerObservation.ListenerKeys.MESSAGING_SYSTEM.withValue("nats"),
				JetStreamListenerObservation.ListenerKeys.DESTINATION.withValue(context.getStream()),
				JetStreamListenerObservation.ListenerKeys.CONSUMER.withValue(context.getConsumer()));
	}

}
