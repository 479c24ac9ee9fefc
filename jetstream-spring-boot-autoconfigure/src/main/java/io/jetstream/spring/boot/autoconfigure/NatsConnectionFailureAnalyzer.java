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
package io.jetstream.spring.boot.autoconfigure;

import javax.net.ssl.SSLException;

import io.nats.client.AuthenticationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a failed connection at startup and what to check.
 */
class NatsConnectionFailureAnalyzer extends AbstractFailureAnalyzer<NatsConnectionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NatsConnectionException cause) {
		if (cause.getCause() instanceof AuthenticationException) {
			return new FailureAnalysis(cause.getMessage(),
					"Check the credentials in nats.username/nats.password, nats.token, nats.credentials or nats.nkey "
							+ "against the server's authorization configuration.",
					cause);
		}
		for (Throwable failure = cause; failure != null; failure = failure.getCause()) {
			if (failure instanceof SSLException) {
				return new FailureAnalysis(cause.getMessage(),
						"The TLS handshake with " + String.join(", ", cause.getServers()) + " failed. Check that the "
								+ "SSL bundle named by nats.ssl.bundle trusts the CA that signed the server's "
								+ "certificate, that the certificate names the host in nats.servers, and that the "
								+ "server requires TLS (tls:// URLs).",
						cause);
			}
			if (failure.getCause() == failure) {
				break;
			}
		}
		return new FailureAnalysis(cause.getMessage(),
				"Check that a nats-server is running and reachable at " + String.join(", ", cause.getServers())
						+ " (nats.servers), that TLS (nats.ssl.bundle) matches the server, and that no firewall "
						+ "blocks the port. For development, set nats.dev-server.enabled=true to start a local "
						+ "nats-server; to start without NATS and connect in the background, set nats.fail-fast=false.",
				cause);
	}

}
