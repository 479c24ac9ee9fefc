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

import java.util.function.UnaryOperator;

import io.micrometer.common.KeyValues;

/**
 * Default {@link JetStreamTemplateObservationConvention}: name {@code jetstream.publish},
 * contextual name {@code <subject> publish}, keys {@code messaging.system=nats} and
 * {@code messaging.destination.name}. Subjects often carry ids, so the subject passes
 * through a mapper first (the {@link SubjectTagMapper} of the metrics), keeping the
 * destination low-cardinality where it is configured so.
 *
 * @since 0.1.0
 */
public class DefaultJetStreamTemplateObservationConvention implements JetStreamTemplateObservationConvention {

	/** The convention with subjects as they are. */
	public static final DefaultJetStreamTemplateObservationConvention INSTANCE = new DefaultJetStreamTemplateObservationConvention();

	private final UnaryOperator<String> subjectMapper;

	/**
	 * Create a convention that tags subjects as they are.
	 */
	public DefaultJetStreamTemplateObservationConvention() {
		this(UnaryOperator.identity());
	}

	/**
	 * Create a convention that maps subjects before they become the destination.
	 * @param subjectMapper maps a subject to its tag value, such as
	 * {@code SubjectTagMapper.TRUNCATED.mapper(2)}
	 */
	public DefaultJetStreamTemplateObservationConvention(UnaryOperator<String> subjectMapper) {
		this.subjectMapper = subjectMapper;
	}

	@Override
	public String getName() {
		return "jetstream.publish";
	}

	@Override
	public String getContextualName(JetStreamPublishContext context) {
		return this.subjectMapper.apply(context.getSubject()) + " publish";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(JetStreamPublishContext context) {
		return KeyValues.of(JetStreamTemplateObservation.TemplateKeys.MESSAGING_SYSTEM.withValue("nats"),
				JetStreamTemplateObservation.TemplateKeys.DESTINATION
					.withValue(this.subjectMapper.apply(context.getSubject())));
	}

}
