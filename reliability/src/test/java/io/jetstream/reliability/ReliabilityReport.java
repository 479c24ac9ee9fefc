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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;

/**
 * Collects one table row per scenario into {@code target/reliability-report.md} (the file
 * RELIABILITY.md quotes), and prints it, so that a CI log shows the figures too.
 */
final class ReliabilityReport {

	private static final Path FILE = Path.of(System.getProperty("reliability.report", "target/reliability-report.md"));

	static {
		try {
			Files.createDirectories(FILE.toAbsolutePath().getParent());
			Files.writeString(FILE, """
					| scenario | messages | lost | duplicates | time to recover | notes |
					|---|---:|---:|---:|---:|---|
					""");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private ReliabilityReport() {
	}

	static int messages() {
		return Integer.getInteger("reliability.messages", 5000);
	}

	static int rounds() {
		return Integer.getInteger("reliability.rounds", 3);
	}

	static synchronized void row(String scenario, int messages, int lost, int duplicates, Duration recovery,
			String notes) {
		String row = String.format(Locale.ROOT, "| %s | %,d | %d | %d | %s | %s |%n", scenario, messages, lost,
				duplicates, (recovery != null) ? format(recovery) : "—", notes);
		System.out.print("RELIABILITY " + row);
		try {
			Files.writeString(FILE, row, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String format(Duration duration) {
		return (duration.toMillis() < 10_000) ? duration.toMillis() + " ms"
				: String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

}
