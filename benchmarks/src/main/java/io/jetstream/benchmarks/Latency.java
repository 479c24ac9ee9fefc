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
package io.jetstream.benchmarks;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * End-to-end latency: the publisher writes {@link System#nanoTime()} into the first bytes
 * of the payload (publisher and consumer share the JVM, so the clocks agree), the
 * consumer records the difference.
 */
final class Latency {

	private Latency() {
	}

	static byte[] payload(int size) {
		byte[] payload = new byte[size];
		ByteBuffer.wrap(payload).putLong(System.nanoTime());
		return payload;
	}

	static void record(byte[] data, AtomicLongArray latencies, AtomicInteger count) {
		long latency = System.nanoTime() - ByteBuffer.wrap(data).getLong();
		int index = count.getAndIncrement();
		if (index < latencies.length()) {
			latencies.set(index, latency);
		}
	}

	/**
	 * The given percentile, in milliseconds, of the first {@code count} latencies.
	 */
	static double percentile(AtomicLongArray latencies, int count, double percentile) {
		long[] values = new long[Math.min(count, latencies.length())];
		for (int i = 0; i < values.length; i++) {
			values[i] = latencies.get(i);
		}
		Arrays.sort(values);
		int index = (int) Math.min(values.length - 1, Math.ceil(percentile / 100.0 * values.length) - 1);
		return values[Math.max(index, 0)] / 1_000_000.0;
	}

}
