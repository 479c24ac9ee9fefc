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
package io.jetstream.spring.config;

import io.jetstream.spring.listener.container.NatsListenerContainer;

/**
 * Holds the {@code @NatsListener} containers by id, starts them with the application (in
 * the phase of {@link JetStreamListenerRegistry}) and stops them first.
 *
 * @since 0.1.0
 */
public class NatsListenerRegistry extends ListenerContainerRegistry<NatsListenerContainer> {

	/**
	 * Create a registry.
	 */
	public NatsListenerRegistry() {
		super("@NatsListener", NatsListenerContainer::getId, NatsListenerContainer::isAutoStartup);
	}

}
