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

import java.util.List;
import io.jetstream.spring.listener.MessageListenerContainer;

/**
 * Holds every {@code @JetStreamListener} container by id, starts those marked
 * auto-startup once the application context is refreshed (after the topology is
 * declared), and stops them all on shutdown, before the NATS connection is drained.
 *
 * @since 0.1.0
 */
public class JetStreamListenerRegistry extends ListenerContainerRegistry<MessageListenerContainer> {

	/**
	 * Create a registry.
	 */
	public JetStreamListenerRegistry() {
		super("@JetStreamListener", MessageListenerContainer::getId, MessageListenerContainer::isAutoStartup);
	}

	/**
	 * Stop containers at the same time, each on a thread of its own.
	 * @param containers the containers to stop
	 */
	public static void stopAll(List<? extends MessageListenerContainer> containers) {
		ListenerContainerRegistry.stopAll(containers, MessageListenerContainer::getId);
	}

}
