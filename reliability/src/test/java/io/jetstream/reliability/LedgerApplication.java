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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.listener.NonRetryableException;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The application under test in the fault scenarios: one listener that records each id it
 * processes in a {@link Ledger}, after an optional amount of simulated work. Run in the
 * test's JVM with {@link #start(Ledger, String...)}, or as a process of its own through
 * {@link #main(String[])} (the crash scenario kills it).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(LedgerApplication.LedgerListener.class)
public class LedgerApplication {

	/**
	 * Entry point of a separate process: {@code --ledger.file=<path>} names the file the
	 * processed ids are appended to; every other argument is a property.
	 * @param args Spring Boot arguments
	 */
	public static void main(String[] args) {
		String file = null;
		for (String arg : args) {
			if (arg.startsWith("--ledger.file=")) {
				file = arg.substring("--ledger.file=".length());
			}
		}
		if (file == null) {
			throw new IllegalArgumentException("--ledger.file=<path> is required");
		}
		start(new Ledger(Path.of(file)), args);
	}

	static ConfigurableApplicationContext start(Ledger ledger, String... properties) {
		List<String> args = new ArrayList<>();
		for (String property : properties) {
			args.add(property.startsWith("--") ? property : "--" + property);
		}
		return new SpringApplicationBuilder(LedgerApplication.class).web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("ledger", ledger))
			.run(args.toArray(String[]::new));
	}

	/**
	 * Processes ids (padding around them is ignored); {@code ledger.work} simulates the
	 * handler's own work. Ids starting with {@code poison-} cannot be processed at all,
	 * ids starting with {@code failing-} fail every time (retryable).
	 */
	static class LedgerListener {

		private final Ledger ledger;

		private final long workNanos;

		LedgerListener(Ledger ledger, @Value("${ledger.work:0ms}") Duration work) {
			this.ledger = ledger;
			this.workNanos = work.toNanos();
		}

		@JetStreamListener(id = "ledger", consumer = "${ledger.consumer:worker}",
				concurrency = "${ledger.concurrency:1}")
		void process(String id) {
			if (id.startsWith("poison-")) {
				throw new NonRetryableException("cannot process " + id.trim());
			}
			if (id.startsWith("failing-")) {
				throw new IllegalStateException("failed on " + id.trim());
			}
			if (this.workNanos > 0) {
				LockSupport.parkNanos(this.workNanos);
			}
			this.ledger.processed(id.trim());
		}

	}

}
