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

import io.jetstream.spring.config.JetStreamTopologyException;
import io.jetstream.spring.config.TopologyDeclarationException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains streams and consumers that could not be declared at startup: a setting that
 * names the wrong thing, a change the server does not allow, a server too old for a
 * setting, or (in validate mode) a server that does not match.
 */
class JetStreamTopologyFailureAnalyzer extends AbstractFailureAnalyzer<JetStreamTopologyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, JetStreamTopologyException cause) {
		if (cause instanceof TopologyDeclarationException declaration) {
			return new FailureAnalysis(cause.getMessage(),
					"Fix " + declaration.getPropertyPath() + " (" + declaration.getReason() + ").", cause);
		}
		return new FailureAnalysis(cause.getMessage(),
				"Change the declaration under nats.jetstream.streams / nats.jetstream.consumers, or the stream or "
						+ "consumer on the server, so that they agree. nats.jetstream.topology.mode decides what "
						+ "the application may change on the server (create-or-update, create, validate, none).",
				cause);
	}

}
