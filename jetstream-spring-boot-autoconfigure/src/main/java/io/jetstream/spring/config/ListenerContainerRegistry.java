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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Holds listener containers by id, starts those marked auto-startup once the application
 * context is refreshed, and stops them all on shutdown, at the same time.
 *
 * @param <C> the container type
 * @since 0.1.0
 */
public abstract class ListenerContainerRegistry<C extends Lifecycle> implements SmartLifecycle {

	/**
	 * The lifecycle phase: late, so that listeners start after everything they may call,
	 * and stop first.
	 */
	public static final int PHASE = Integer.MAX_VALUE - 100;

	private final Map<String, C> containers = Collections.synchronizedMap(new LinkedHashMap<>());

	private final String annotation;

	private final Function<C, String> id;

	private final Predicate<C> autoStartup;

	private volatile boolean running;

	/**
	 * Create a registry.
	 * @param annotation the annotation the containers come from, for messages
	 * @param id a container's id
	 * @param autoStartup whether a container starts with the application
	 */
	protected ListenerContainerRegistry(String annotation, Function<C, String> id, Predicate<C> autoStartup) {
		this.annotation = annotation;
		this.id = id;
		this.autoStartup = autoStartup;
	}

	/**
	 * Register a container; it starts at once if the registry runs.
	 * @param container the container
	 * @throws IllegalStateException if another container has the same id
	 */
	public void registerListenerContainer(C container) {
		String key = this.id.apply(container);
		C previous = this.containers.putIfAbsent(key, container);
		Assert.state(previous == null,
				() -> "Two " + this.annotation + " methods use the id '" + key + "'; set a distinct id on one of them");
		if (this.running && this.autoStartup.test(container)) {
			container.start();
		}
	}

	/**
	 * Return the listener with the given id.
	 * @param id the listener id
	 * @return the container, or {@code null} if there is none with that id
	 */
	public @Nullable C getListener(String id) {
		return this.containers.get(id);
	}

	/**
	 * Return all listeners.
	 * @return the containers, in registration order
	 */
	public Collection<C> getListeners() {
		synchronized (this.containers) {
			return List.copyOf(this.containers.values());
		}
	}

	@Override
	public void start() {
		for (C container : getListeners()) {
			if (this.autoStartup.test(container)) {
				container.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		stopAll(new ArrayList<>(getListeners()), this.id);
	}

	/**
	 * Stop containers at the same time, each on a thread of its own: a stopping container
	 * waits for its handlers in flight, so stopping them one after the other (or a few at
	 * a time, as a parallel stream on a small machine does) would add those waits up.
	 * @param <T> the container type
	 * @param containers the containers to stop
	 * @param id a container's id, for the threads' names
	 */
	protected static <T extends Lifecycle> void stopAll(List<? extends T> containers, Function<T, String> id) {
		List<Thread> stopping = new ArrayList<>();
		for (T container : containers) {
			Thread thread = new Thread(container::stop, "stop-" + id.apply(container));
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
