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

import io.micrometer.observation.transport.SenderContext;
import io.nats.client.impl.Headers;

/**
 * The context of a publish observation: the headers of the outgoing message carry the
 * trace.
 *
 * @since 0.1.0
 */
public class JetStreamPublishContext extends SenderContext<Headers> {

	private final String subject;

	/**
	 * Create a context.
	 * @param headers the outgoing message's headers
	 * @param subject the subject
	 */
	public JetStreamPublishContext(Headers headers, String subject) {
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
