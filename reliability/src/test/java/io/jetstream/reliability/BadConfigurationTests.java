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

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad configuration, one row per kind: each must stop the application at startup with a
 * message that names the property, before anything reaches the server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class BadConfigurationTests {

	private static final String STREAM = "nats.jetstream.streams.ORDERS.";

	private static final String CONSUMER = "nats.jetstream.consumers.worker.";

	private NatsTestServer server;

	@BeforeAll
	void startServer() {
		this.server = NatsTestServer.start();
	}

	@AfterAll
	void stopServer() {
		this.server.close();
	}

	@BeforeEach
	void emptyServer() {
		this.server.deleteAllStreams();
	}

	static Stream<Bad> badConfigurations() {
		return Stream.of(bad("unknown enum value", STREAM + "storage", "disk"),
				bad("unknown retention", STREAM + "retention", "forever"),
				bad("negative duration", STREAM + "max-age", "-1s"), bad("zero replicas", STREAM + "replicas", "0"),
				bad("negative size", STREAM + "max-bytes", "-5"), bad("empty subject", STREAM + "subjects", ""),
				bad("subject with a space", STREAM + "subjects", "orders. created"),
				bad("subject with a trailing dot", STREAM + "subjects", "orders."),
				bad("subject with an empty token", STREAM + "subjects", "orders..created"),
				bad("misplaced wildcard", STREAM + "subjects", "orders.>.created"),
				bad("overlapping stream subjects", "nats.jetstream.streams.AUDIT.subjects", "orders.created"),
				bad("max-deliver 0", CONSUMER + "max-deliver", "0"),
				bad("max-ack-pending 0", CONSUMER + "max-ack-pending", "0"),
				bad("negative ack-wait", CONSUMER + "ack-wait", "-5s"),
				bad("backoff longer than max-deliver", CONSUMER + "backoff", "1s,2s,3s", CONSUMER + "max-deliver=3")
					.named(CONSUMER + "max-deliver"),
				bad("unknown stream on a consumer", CONSUMER + "stream", "NOPE"),
				bad("filter subject with a space", CONSUMER + "filter-subjects", "orders created"),
				bad("by-start-sequence without a start sequence", CONSUMER + "deliver-policy", "by-start-sequence")
					.named(CONSUMER + "start-sequence"),
				bad("unknown deliver policy", CONSUMER + "deliver-policy", "sometimes"),
				bad("listener concurrency 0", "nats.jetstream.listener.concurrency", "0"),
				bad("pull expiry too short", "nats.jetstream.listener.pull-expires", "10ms"),
				bad("template max-in-flight 0", "nats.jetstream.template.max-in-flight", "0"),
				bad("negative topology retry timeout", "nats.jetstream.topology.retry-timeout", "-1s"),
				bad("no server", "nats.servers", ""),
				bad("negative connection timeout", "nats.connection-timeout", "-1s"),
				bad("password without user", "nats.password", "s3cret"));
	}

	private static Bad bad(String name, String property, String value, String... more) {
		return new Bad(name, property, value, List.of(more), property);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badConfigurations")
	void badConfigurationFailsStartupNamingThePropertyAndLeavesTheServerAlone(Bad bad, CapturedOutput output)
			throws Exception {
		List<String> args = new ArrayList<>();
		for (String setting : Scenarios.properties(this.server)) {
			if (!setting.startsWith(bad.property() + "=")) {
				args.add("--" + setting);
			}
		}
		args.add("--" + bad.property() + "=" + bad.value());
		bad.more().forEach((setting) -> args.add("--" + setting));
		int printedBefore = output.toString().length();
		SpringApplication application = new SpringApplicationBuilder(LedgerApplication.class)
			.web(WebApplicationType.NONE)
			.initializers((context) -> context.getBeanFactory().registerSingleton("ledger", new Ledger()))
			.build();
		Throwable failure = catchThrowable(() -> application.run(args.toArray(String[]::new)).close());
		assertThat(failure).as(bad.name() + " must fail startup").isNotNull();
		String printed = output.toString().substring(printedBefore);
		String report = describe(failure, printed);
		if (bad.property().endsWith("password")) {
			assertThat(printed + report).as("the password was printed").doesNotContain(bad.value());
		}
		assertThat(report).as(bad.name()).containsIgnoringCase(bad.named());
		try (Connection raw = this.server.connect()) {
			assertThat(raw.jetStreamManagement().getStreamNames()).as("streams created despite the error").isEmpty();
		}
		ReliabilityReport.row("bad configuration: " + bad.name(), 0, 0, 0, null,
				"`" + bad.property() + "=" + bad.value() + "` → startup fails: " + summary(report));
	}

	/**
	 * What the user sees: the failure analysis Spring Boot prints (or the logged error),
	 * then the messages of the cause chain.
	 */
	private static String describe(Throwable failure, String printed) {
		StringBuilder report = new StringBuilder();
		int analysis = printed.indexOf("Description:");
		if (analysis >= 0) {
			report.append(printed.substring(analysis + "Description:".length()).strip()).append('\n');
		}
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			report.append(cause.getMessage()).append('\n');
		}
		return report.toString();
	}

	/**
	 * The analysis up to its action, on one line, for the report.
	 */
	private static String summary(String report) {
		int action = report.indexOf("Action:");
		String text = (action > 0) ? report.substring(0, action) : report.lines().findFirst().orElse("");
		return text.replaceAll("\\s*\\(originating from .*?'\\)", "")
			.replaceAll("\\s+", " ")
			.replace('|', '/')
			.replace('`', '\'')
			.strip();
	}

	/**
	 * One bad input: the property set, what else is set with it, and the property the
	 * error must name.
	 */
	record Bad(String name, String property, String value, List<String> more, String named) {

		Bad named(String path) {
			return new Bad(this.name, this.property, this.value, this.more, path);
		}

		@Override
		public String toString() {
			return this.name + ": " + this.property + "=" + this.value;
		}

	}

}
