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
package io.jetstream.spring.listener;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Holds the {@code @NatsListener} containers by id, starts them with the application (in
 * the phase of {@link JetStreamListenerRegistry}) and stops them first.
 */
public class NatsListenerRegistry implements SmartLifecycle {

	private final Map<String, NatsListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());

	private volatile boolean running;

	/**
	 * Register a container; it starts at once if the registry runs.
	 * @param container the container
	 * @throws IllegalStateException if another container has the same id
	 */
	public void registerListenerContainer(NatsListenerContainer container) {
		NatsListenerContainer previous = this.containers.putIfAbsent(container.getId(), container);
		Assert.state(previous == null, () -> "Two @NatsListener methods use the id '" + container.getId()
				+ "'; set a distinct id on one of them");
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
	}

	/**
	 * Return the listener with the given id.
	 * @param id the id
	 * @return the container, or {@code null} if there is none with that id
	 */
	public @Nullable NatsListenerContainer getListener(String id) {
		return this.containers.get(id);
	}

	/**
	 * Return all listeners.
	 * @return the containers, in registration order
	 */
	public Collection<NatsListenerContainer> getListeners() {
		synchronized (this.containers) {
			return List.copyOf(this.containers.values());
		}
	}

	@Override
	public void start() {
		for (NatsListenerContainer container : getListeners()) {
			if (container.isAutoStartup()) {
				container.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		getListeners().parallelStream().forEach(NatsListenerContainer::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return JetStreamListenerRegistry.PHASE;
	}

}
