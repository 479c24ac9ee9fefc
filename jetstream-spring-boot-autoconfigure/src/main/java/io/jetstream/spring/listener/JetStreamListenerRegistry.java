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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Holds every listener container by id, starts those marked auto-startup once the
 * application context is refreshed (after the topology is declared), and stops them all
 * on shutdown, before the NATS connection is drained.
 */
public class JetStreamListenerRegistry implements SmartLifecycle {

	/**
	 * The lifecycle phase: late, so that listeners start after everything they may call,
	 * and stop first.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 100;

	private final Map<String, MessageListenerContainer> containers = Collections.synchronizedMap(new LinkedHashMap<>());

	private volatile boolean running;

	/**
	 * Register a container.
	 * @param container the container
	 * @throws IllegalStateException if another container has the same id
	 */
	public void registerListenerContainer(MessageListenerContainer container) {
		MessageListenerContainer previous = this.containers.putIfAbsent(container.getId(), container);
		Assert.state(previous == null, () -> "Two @JetStreamListener methods use the id '" + container.getId()
				+ "'; set a distinct id on one of them");
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
	}

	/**
	 * Return the listener with the given id.
	 * @param id the listener id
	 * @return the container, or {@code null} if there is none with that id
	 */
	public @Nullable MessageListenerContainer getListener(String id) {
		return this.containers.get(id);
	}

	/**
	 * Return all listeners.
	 * @return the containers, in registration order
	 */
	public Collection<MessageListenerContainer> getListeners() {
		synchronized (this.containers) {
			return List.copyOf(this.containers.values());
		}
	}

	@Override
	public void start() {
		for (MessageListenerContainer container : getListeners()) {
			if (container.isAutoStartup()) {
				container.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		stopAll(new ArrayList<>(getListeners()));
	}

	/**
	 * Stop containers at the same time, each on a thread of its own: a stopping container
	 * waits for its handlers in flight, so stopping them one after the other (or a few at
	 * a time, as a parallel stream on a small machine does) would add those waits up.
	 * @param containers the containers to stop
	 */
	public static void stopAll(List<? extends MessageListenerContainer> containers) {
		List<Thread> stopping = new ArrayList<>();
		for (MessageListenerContainer container : containers) {
			Thread thread = new Thread(container::stop, "stop-" + container.getId());
			thread.start();
			stopping.add(thread);
		}
		for (Thread thread : stopping) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
