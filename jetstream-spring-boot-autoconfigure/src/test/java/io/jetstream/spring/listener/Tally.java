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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every instance of a test's listener handled, shared by all of them: how often each
 * message, by which instance, in which order, and the highest delivery seen.
 */
final class Tally {

	private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();

	private final List<String> order = Collections.synchronizedList(new ArrayList<>());

	private final AtomicLong highestDelivery = new AtomicLong();

	void record(String instance, MessageMetadata metadata) {
		record(instance, String.valueOf(metadata.streamSequence()), metadata.deliveredCount());
	}

	void record(String instance, String message, long delivery) {
		this.handled.computeIfAbsent(message, (key) -> new AtomicInteger()).incrementAndGet();
		this.byInstance.computeIfAbsent(instance, (key) -> new AtomicInteger()).incrementAndGet();
		this.order.add(message);
		this.highestDelivery.accumulateAndGet(delivery, Math::max);
	}

	int distinct() {
		return this.handled.size();
	}

	long highestDelivery() {
		return this.highestDelivery.get();
	}

	Map<String, AtomicInteger> instances() {
		return this.byInstance;
	}

	List<String> order() {
		synchronized (this.order) {
			return List.copyOf(this.order);
		}
	}

	List<String> handledMoreThanOnce() {
		return this.handled.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().get() > 1)
			.map(Map.Entry::getKey)
			.toList();
	}

	void clear() {
		this.handled.clear();
		this.byInstance.clear();
		this.order.clear();
		this.highestDelivery.set(0);
	}

}
