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
package io.jetstream.spring.config;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;

import io.nats.client.JetStreamApiException;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;

/**
 * The JetStream API calls of a {@link JetStreamTopologyDeclarer}, retried through
 * Spring's {@link RetryTemplate} while the server refuses them for a passing reason (a
 * forming cluster, a leader election, a timeout), and translated into
 * {@link JetStreamTopologyException}s that say what could not be read or written.
 */
final class TopologyCalls {

	private static final LogAccessor logger = new LogAccessor(JetStreamTopologyDeclarer.class);

	/**
	 * JetStream API errors that pass: cluster incomplete, no suitable peers for
	 * placement, system temporarily unavailable, cluster cannot handle the request (no
	 * leader), peer not a member (yet).
	 */
	private static final Set<Integer> TRANSIENT_ERRORS = Set.of(10004, 10005, 10008, 10009, 10040);

	private final RetryTemplate retryTemplate;

	/**
	 * Create calls retried for up to the given time; {@link Duration#ZERO} fails at once.
	 */
	TopologyCalls(Duration retryTimeout) {
		this.retryTemplate = retryTemplate(retryTimeout);
	}

	/**
	 * Read something that may not exist.
	 * @return what was read, or {@code null} if the server answered with the not-found
	 * code
	 */
	<T> @Nullable T read(String what, ServerCall<T> call, int notFoundCode) {
		try {
			return retrying(what, call);
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == notFoundCode) {
				return null;
			}
			throw new JetStreamTopologyException("Could not read " + what + ": " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new JetStreamTopologyException("Could not read " + what + ": " + ex.getMessage(), ex);
		}
	}

	void write(String what, String action, ServerCall<?> call) {
		try {
			retrying(what, call);
		}
		catch (IOException | JetStreamApiException ex) {
			throw new JetStreamTopologyException("Could not " + action + " " + what + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Make a call with the retry template; a create that timed out but was applied is
	 * answered the same way when made again.
	 */
	private <T> @Nullable T retrying(String what, ServerCall<T> call) throws IOException, JetStreamApiException {
		try {
			return this.retryTemplate.execute(new Retryable<>() {

				@Override
				public T execute() throws IOException, JetStreamApiException {
					return call.call();
				}

				@Override
				public String getName() {
					return what;
				}

			});
		}
		catch (RetryException ex) {
			Throwable cause = ex.getCause();
			if (cause instanceof IOException io) {
				throw io;
			}
			if (cause instanceof JetStreamApiException api) {
				throw api;
			}
			if (cause instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new JetStreamTopologyException("Could not declare " + what + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Retry what the server refuses for a passing reason (a forming cluster, a leader
	 * election, a timeout) within the timeout, backing off from 200 ms to 2 s, with a
	 * WARN line per retry.
	 */
	private static RetryTemplate retryTemplate(Duration timeout) {
		RetryPolicy.Builder policy = RetryPolicy.builder()
			.predicate(TopologyCalls::isTransient)
			.delay(Duration.ofMillis(200))
			.multiplier(2.0)
			.maxDelay(Duration.ofSeconds(2));
		// a zero timeout means no timeout to Spring's policy, and none to ours
		policy = timeout.isZero() ? policy.maxRetries(0) : policy.maxRetries(Long.MAX_VALUE).timeout(timeout);
		RetryTemplate template = new RetryTemplate(policy.build());
		template.setRetryListener(new RetryListener() {

			@Override
			public void beforeRetry(RetryPolicy retryPolicy, Retryable<?> retryable, RetryState retryState) {
				logger.warn(() -> "JetStream could not answer for " + retryable.getName() + " ("
						+ retryState.getLastException().getMessage() + "); retrying within " + timeout);
			}

		});
		return template;
	}

	private static boolean isTransient(Throwable ex) {
		if (ex instanceof JetStreamApiException api) {
			return TRANSIENT_ERRORS.contains(api.getApiErrorCode());
		}
		return ex instanceof IOException;
	}

	@FunctionalInterface
	interface ServerCall<T> {

		T call() throws IOException, JetStreamApiException;

	}

}
