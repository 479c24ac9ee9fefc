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
package io.jetstream.reliability;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The ids a scenario published and the ids its listeners processed, with how often: the
 * account every fault scenario is judged by (nothing lost, duplicates counted). A ledger
 * backed by a file survives the JVM that writes it, for the crash scenario.
 */
final class Ledger {

	private final Set<String> published = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicInteger> processed = new ConcurrentHashMap<>();

	private final AtomicInteger processedTotal = new AtomicInteger();

	private final @Nullable OutputStream file;

	private final AtomicLong lastProcessed = new AtomicLong();

	private final AtomicLong longestPause = new AtomicLong();

	Ledger() {
		this.file = null;
	}

	/**
	 * A ledger that also appends each processed id as a line to the file; each line is
	 * one {@code write} call, so a killed process leaves whole lines behind.
	 */
	Ledger(Path file) {
		try {
			this.file = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	void published(String id) {
		this.published.add(id);
	}

	void processed(String id) {
		this.processed.computeIfAbsent(id, (key) -> new AtomicInteger()).incrementAndGet();
		this.processedTotal.incrementAndGet();
		long now = System.nanoTime();
		long previous = this.lastProcessed.getAndSet(now);
		if (previous != 0) {
			this.longestPause.accumulateAndGet(now - previous, Math::max);
		}
		if (this.file != null) {
			synchronized (this.file) {
				try {
					this.file.write((id + "\n").getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		}
	}

	/**
	 * The longest time between two processed messages: how long processing stood still.
	 */
	Duration longestPause() {
		return Duration.ofNanos(this.longestPause.get());
	}

	int publishedCount() {
		return this.published.size();
	}

	int processedDistinct() {
		return this.processed.size();
	}

	int processedTotal() {
		return this.processedTotal.get();
	}

	int timesProcessed(String id) {
		AtomicInteger count = this.processed.get(id);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Published ids that no listener processed.
	 */
	Set<String> lost() {
		Set<String> lost = new TreeSet<>(this.published);
		lost.removeAll(this.processed.keySet());
		return lost;
	}

	/**
	 * Processings beyond the first, over all ids.
	 */
	int duplicates() {
		return this.processedTotal.get() - this.processed.size();
	}

	/**
	 * Read back what processes wrote with {@link #Ledger(Path)}.
	 */
	static Ledger read(Path file) {
		Ledger ledger = new Ledger();
		try {
			if (Files.exists(file)) {
				Files.readAllLines(file).stream().filter((line) -> !line.isEmpty()).forEach(ledger::processed);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return ledger;
	}

}
