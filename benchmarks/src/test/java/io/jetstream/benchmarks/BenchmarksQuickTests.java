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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the harness in quick mode, so that the build notices when it no longer works. No
 * figure is asserted: this machine's numbers are the results file's business.
 */
class BenchmarksQuickTests {

	@Test
	@Timeout(value = 5, unit = TimeUnit.MINUTES)
	void quickModeMeasuresEveryScenario() throws Exception {
		Path output = Path.of("target/quick-results.md");
		Benchmarks.main(new String[] { "--quick", "--output=" + output });
		String results = Files.readString(output);
		assertThat(results).contains("mode: quick", "| consume + ack, 1 KiB, 1 worker |",
				"| consume + ack, 1 KiB, 4 workers |", "| consume JSON → record → ack, 1 KiB, 1 worker |",
				"| sync publish, 1 KiB |", "| async publish, 1 KiB, window 256 |",
				"| end-to-end latency at 2,000 msg/s, p99 |", "| memory per idle listener (heap after GC) |",
				"| startup, 10 streams + 20 consumers + 20 listeners, topology unchanged |", "nats-server | 2.");
		assertThat(results).doesNotContain("NaN");
	}

}
