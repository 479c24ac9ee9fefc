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

import java.util.ArrayList;
import java.util.List;

import io.jetstream.spring.annotation.JetStreamListener;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The startup scenario: an application with 10 streams and 20 consumers in its
 * configuration and 20 {@code @JetStreamListener} methods.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(StartupApplication.Listeners.class)
public class StartupApplication {

	/**
	 * Start the application, return how long {@code SpringApplication.run} took, and
	 * close it again.
	 */
	static double measure(String servers) {
		List<String> args = new ArrayList<>(
				List.of("--nats.servers=" + servers, "--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		for (int stream = 0; stream < 10; stream++) {
			args.add("--nats.jetstream.streams.S" + stream + ".subjects=s" + stream + ".>");
		}
		for (int consumer = 0; consumer < 20; consumer++) {
			args.add("--nats.jetstream.consumers.c" + consumer + ".stream=S" + (consumer / 2));
		}
		long start = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(StartupApplication.class)
			.web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		double millis = (System.nanoTime() - start) / 1e6;
		context.close();
		return millis;
	}

	static class Listeners {

		@JetStreamListener(id = "startup-0", consumer = "c0")
		@JetStreamListener(id = "startup-1", consumer = "c1")
		@JetStreamListener(id = "startup-2", consumer = "c2")
		@JetStreamListener(id = "startup-3", consumer = "c3")
		@JetStreamListener(id = "startup-4", consumer = "c4")
		@JetStreamListener(id = "startup-5", consumer = "c5")
		@JetStreamListener(id = "startup-6", consumer = "c6")
		@JetStreamListener(id = "startup-7", consumer = "c7")
		@JetStreamListener(id = "startup-8", consumer = "c8")
		@JetStreamListener(id = "startup-9", consumer = "c9")
		@JetStreamListener(id = "startup-10", consumer = "c10")
		@JetStreamListener(id = "startup-11", consumer = "c11")
		@JetStreamListener(id = "startup-12", consumer = "c12")
		@JetStreamListener(id = "startup-13", consumer = "c13")
		@JetStreamListener(id = "startup-14", consumer = "c14")
		@JetStreamListener(id = "startup-15", consumer = "c15")
		@JetStreamListener(id = "startup-16", consumer = "c16")
		@JetStreamListener(id = "startup-17", consumer = "c17")
		@JetStreamListener(id = "startup-18", consumer = "c18")
		@JetStreamListener(id = "startup-19", consumer = "c19")
		void handle(byte[] data) {
		}

	}

}
