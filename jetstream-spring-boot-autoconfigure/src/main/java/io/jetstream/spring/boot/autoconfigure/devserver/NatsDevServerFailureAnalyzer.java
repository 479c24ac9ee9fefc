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
package io.jetstream.spring.boot.autoconfigure.devserver;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a dev server that could not start as one message with what to do.
 */
class NatsDevServerFailureAnalyzer extends AbstractFailureAnalyzer<NatsDevServerException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, NatsDevServerException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Install nats-server or set nats.dev-server.enabled=false and nats.servers to a running server.",
				cause);
	}

}
