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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import io.jetstream.spring.boot.actuate.JetStreamEndpoint;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.core.JetStreamPublishException;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.NKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Security: TLS with an SSL bundle, authentication of every kind, permissions, and
 * secrets that must never show up in logs, exceptions or actuator output.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * One way to authenticate: the server's configuration, the application's properties
	 * with the right secret, and with a wrong one.
	 */
	record Authentication(String name, String secret, String serverConfig, Function<String, List<String>> properties) {

		@Override
		public String toString() {
			return this.name;
		}

	}

	static Stream<Authentication> authentications() throws Exception {
		NKey user = nkey();
		String seed = new String(user.getSeed());
		return Stream.of(
				new Authentication("user and password", "pw-5f1c2a9e",
						"authorization { user: app, password: pw-5f1c2a9e }",
						(secret) -> List.of("nats.username=app", "nats.password=" + secret)),
				new Authentication("user and password in the URL", "pw-77ab03dd",
						"authorization { user: app, password: pw-77ab03dd }", (secret) -> List.of()),
				new Authentication("token", "tok-90e4b6c1", "authorization { token: tok-90e4b6c1 }",
						(secret) -> List.of("nats.token=" + secret)),
				new Authentication("nkey seed", seed,
						"authorization { users: [ { nkey: " + new String(user.getPublicKey()) + " } ] }",
						(secret) -> List.of("nats.nkey=" + secret)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("authentications")
	void secretsNeverAppearInLogsErrorsOrActuatorOutput(Authentication authentication, CapturedOutput output)
			throws Exception {
		List<String> exposed = new ArrayList<>();
		try (NatsTestServer server = NatsTestServer.builder().configLine(authentication.serverConfig()).start()) {
			String url = authentication.name().endsWith("URL")
					? "nats://app:" + authentication.secret() + "@127.0.0.1:" + server.getPort() : server.getUrl();
			Ledger ledger = new Ledger();
			try (ConfigurableApplicationContext app = LedgerApplication.start(ledger,
					properties(url, authentication.properties().apply(authentication.secret())))) {
				app.getBean(JetStreamOperations.class).publish("orders.created", "order-1");
				await().atMost(Duration.ofSeconds(20)).until(() -> ledger.processedDistinct() == 1);
				// reconnect messages are logged too
				server.restart();
				app.getBean(JetStreamOperations.class).publish("orders.created", "order-2");
				await().atMost(Duration.ofSeconds(30)).until(() -> ledger.processedDistinct() == 2);
				exposed.add(json.writeValueAsString(app.getBean(HealthEndpoint.class).health()));
				exposed.add(json.writeValueAsString(app.getBean(JetStreamEndpoint.class).jetstream()));
				exposed.add(json.writeValueAsString(app.getBean(EnvironmentEndpoint.class).environment(null)));
				exposed.add(json.writeValueAsString(app.getBean(ConfigurationPropertiesReportEndpoint.class)
					.configurationPropertiesWithPrefix("nats")));
			}
			String wrongSecret = authentication.name().startsWith("nkey") ? new String(nkey().getSeed())
					: authentication.secret() + "-wrong";
			String wrongUrl = authentication.name().endsWith("URL")
					? "nats://app:" + wrongSecret + "@127.0.0.1:" + server.getPort() : server.getUrl();
			Throwable failure = catchThrowable(() -> LedgerApplication
				.start(new Ledger(), properties(wrongUrl, authentication.properties().apply(wrongSecret)))
				.close());
			assertThat(failure).as("a wrong secret must fail startup").isNotNull();
			StringBuilder chain = new StringBuilder();
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				chain.append(cause).append('\n');
			}
			exposed.add(chain.toString());
			assertThat(output.toString()).contains("Authorization Violation");
			for (String secret : List.of(authentication.secret(), wrongSecret)) {
				assertThat(output.toString()).as("logs").doesNotContain(secret);
				for (String text : exposed) {
					assertThat(text).as("actuator output or exception").doesNotContain(secret);
				}
			}
			assertThat(String.join("\n", exposed)).as("the endpoints were read").contains("CONNECTED", "ORDERS");
		}
		ReliabilityReport.row("secrets: " + authentication.name(), 2, 0, 0, null,
				"absent from logs (startup, reconnect, failed authentication), exception chain, health, "
						+ "jetstream, env (show-values always) and configprops");
	}

	@Test
	void aPasswordWithAnUnencodedAtSignInTheUrlNeverAppears(CapturedOutput output) throws Exception {
		String password = "pw@4d2e9f";
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("authorization { user: app, password: \"" + password + "\" }")
			.start()) {
			String url = "nats://app:" + password + "@127.0.0.1:" + server.getPort();
			List<String> exposed = new ArrayList<>();
			Throwable failure = catchThrowable(() -> {
				try (ConfigurableApplicationContext app = LedgerApplication.start(new Ledger(),
						properties(url, List.of()))) {
					exposed.add(json.writeValueAsString(app.getBean(HealthEndpoint.class).health()));
					exposed.add(json.writeValueAsString(app.getBean(EnvironmentEndpoint.class).environment(null)));
				}
			});
			for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
				exposed.add(String.valueOf(cause));
			}
			assertThat(exposed).as("the application started, or failed with a reason").isNotEmpty();
			// a redaction up to the first '@' would leave '4d2e9f@127.0.0.1'
			for (String secret : List.of(password, "4d2e9f")) {
				assertThat(output.toString()).as("logs").doesNotContain(secret);
				assertThat(exposed).as("actuator output or exception").noneMatch((text) -> text.contains(secret));
			}
			ReliabilityReport.row("secrets: a password with an unencoded '@' in nats.servers", 0, 0, 0, null,
					(failure != null) ? "startup fails without the password in the log or the exception chain"
							: "connects; the password is in no log line, health or env output");
		}
	}

	@Test
	void tlsWithTheRightCaConnectsAndTheWrongCaFailsStartupClearly(CapturedOutput output) throws Exception {
		String cert = new ClassPathResource("tls/server.crt").getFile().getAbsolutePath();
		String key = new ClassPathResource("tls/server.key").getFile().getAbsolutePath();
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("tls { cert_file: \"" + cert + "\", key_file: \"" + key + "\" }")
			.tls()
			.start()) {
			Ledger ledger = new Ledger();
			try (ConfigurableApplicationContext app = LedgerApplication.start(ledger,
					properties(server.getUrl(), List.of("nats.ssl.bundle=nats",
							"spring.ssl.bundle.pem.nats.truststore.certificate=classpath:tls/ca.crt")))) {
				app.getBean(JetStreamOperations.class).publish("orders.created", "order-1");
				await().atMost(Duration.ofSeconds(20)).until(() -> ledger.processedDistinct() == 1);
			}
			int printedBefore = output.toString().length();
			Throwable failure = catchThrowable(() -> LedgerApplication
				.start(new Ledger(),
						properties(server.getUrl(), List.of("nats.ssl.bundle=nats",
								"spring.ssl.bundle.pem.nats.truststore.certificate=classpath:tls/other-ca.crt")))
				.close());
			assertThat(failure).as("an untrusted server certificate must fail startup").isNotNull();
			String printed = output.toString().substring(printedBefore);
			assertThat(printed).contains("APPLICATION FAILED TO START", server.getUrl(), "SSLHandshakeException",
					"The TLS handshake with", "nats.ssl.bundle");
			ReliabilityReport.row("TLS: server certificate from an untrusted CA", 0, 0, 0, null, "startup fails: "
					+ printed.substring(printed.indexOf("Description:") + 12).strip().lines().findFirst().orElse(""));
		}
	}

	@Test
	void userWithoutPermissionToPullOrPublishIsReportedClearly(CapturedOutput output) throws Exception {
		try (NatsTestServer server = NatsTestServer.builder()
			.configLine("authorization { users: [ { user: app, password: app-pw, permissions: { publish: { deny: "
					+ "[\"$JS.API.CONSUMER.MSG.NEXT.ORDERS.worker\", \"orders.audit\"] } } } ] }")
			.start()) {
			try (ConfigurableApplicationContext app = LedgerApplication.start(new Ledger(),
					properties(server.getUrl(), List.of("nats.username=app", "nats.password=app-pw")))) {
				HealthEndpoint health = app.getBean(HealthEndpoint.class);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(json.writeValueAsString(health.healthForPath("nats")))
						.contains("\"status\":\"DOWN\"", "permission denied for publish to "
								+ "$JS.API.CONSUMER.MSG.NEXT.ORDERS.worker (the server refuses this user's pull requests)"));
				assertThat(output.toString()).contains("this user may not pull from consumer worker of stream ORDERS");
				JetStreamOperations template = app.getBean(JetStreamOperations.class);
				long start = System.nanoTime();
				Throwable refused = catchThrowable(() -> template.publish("orders.audit", "order-1"));
				Duration took = Scenarios.since(start);
				assertThat(refused).isInstanceOf(JetStreamPublishException.class)
					.hasMessageContaining("permission denied for publish to orders.audit");
				assertThat(took).as("refused without retrying for the whole retry window")
					.isLessThan(Duration.ofSeconds(8));
				ReliabilityReport.row("user may not pull from its consumer / publish to a subject", 1, 0, 0, null,
						"nats health DOWN naming the listener and the refused pull subject; publish fails after one "
								+ "timeout (" + ReliabilityReport.format(took) + ") with \"" + refused.getMessage()
								+ "\" instead of retrying");
			}
		}
	}

	private static String[] properties(String url, List<String> more) {
		List<String> all = new ArrayList<>(List.of(Scenarios.properties(url)));
		all.addAll(more);
		all.add("management.endpoints.web.exposure.include=*");
		all.add("management.endpoint.env.show-values=always");
		all.add("management.endpoint.configprops.show-values=always");
		all.add("management.endpoint.health.show-details=always");
		return all.toArray(String[]::new);
	}

	private static NKey nkey() {
		try {
			return NKey.createUser(null);
		}
		catch (IOException | java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
