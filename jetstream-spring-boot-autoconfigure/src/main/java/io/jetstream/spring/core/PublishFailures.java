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
package io.jetstream.spring.core;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;

import io.jetstream.spring.support.PermissionViolations;

/**
 * What a failed publish means for the caller of {@link JetStreamTemplate}: a failed
 * expectation, a message too large, a subject no stream captures, a permission the user
 * lacks — or a transient failure worth a retry.
 */
final class PublishFailures {

	private static final int WRONG_LAST_SEQUENCE = 10071;

	private static final int WRONG_LAST_MESSAGE_ID = 10070;

	private static final int STREAM_MISMATCH = 10060;

	private static final int MESSAGE_TOO_LARGE = 10054;

	private static final int MESSAGE_TTL_DISABLED = 10166;

	/**
	 * How recent a permission violation on the subject must be to explain a publish that
	 * got no acknowledgement: about one publish timeout.
	 */
	private static final Duration PERMISSION_VIOLATION_WINDOW = Duration.ofSeconds(30);

	private final @Nullable JetStreamManagement management;

	PublishFailures(@Nullable JetStreamManagement management) {
		this.management = management;
	}

	/**
	 * Translate a failure to the exception for the caller, or return {@code null} when it
	 * is transient and the retry policy allows a retry.
	 */
	@Nullable JetStreamPublishException translate(String subject, @Nullable String messageId, int size, Throwable ex,
			@Nullable RetryPolicy retryPolicy, @Nullable PermissionViolations permissionViolations) {
		if (ex instanceof JetStreamApiException api) {
			return switch (api.getApiErrorCode()) {
				case WRONG_LAST_SEQUENCE, WRONG_LAST_MESSAGE_ID, STREAM_MISMATCH ->
					new PublishExpectationFailedException(subject, messageId, api.getErrorDescription(), api);
				case MESSAGE_TOO_LARGE -> new JetStreamPublishException(subject, messageId,
						"it is larger than the stream's max-msg-size (" + size + " bytes)", api);
				case MESSAGE_TTL_DISABLED -> new JetStreamPublishException(subject, messageId,
						"it has a per-message TTL, which its stream does not allow (declare the stream with "
								+ "allow-msg-ttl: true)",
						api);
				default -> new JetStreamPublishException(subject, messageId,
						"the server refused it: " + api.getMessage(), api);
			};
		}
		if (ex instanceof IllegalArgumentException) {
			return new JetStreamPublishException(subject, messageId, "the client refused it: " + ex.getMessage(), ex);
		}
		if (isNoResponders(ex) && !streamCapturesSubject(subject)) {
			return new NoStreamForSubjectException(subject, messageId, ex);
		}
		if (!isTransient(ex)) {
			return new JetStreamPublishException(subject, messageId, String.valueOf(ex.getMessage()), ex);
		}
		PermissionViolations.Violation refused = (permissionViolations != null)
				? permissionViolations.find(subject, PERMISSION_VIOLATION_WINDOW) : null;
		if (refused != null) {
			return new JetStreamPublishException(subject, messageId, "the server refused it: " + refused
					+ " (Permissions Violation); grant the user publish " + "permission on the subject", ex);
		}
		if (retryPolicy == null || !retryPolicy.shouldRetry(ex)) {
			return gaveUp(subject, messageId, ex, retryPolicy != null);
		}
		return null;
	}

	JetStreamPublishException gaveUp(String subject, @Nullable String messageId, Throwable ex, boolean retriesOn) {
		String reason = isNoResponders(ex) ? "the stream did not answer (no responders; is its leader being elected?)"
				: "no acknowledgement from the server (" + ex.getMessage() + ")";
		String retries = retriesOn ? ", retries exhausted" : ", retries are off";
		return new JetStreamPublishException(subject, messageId, reason + retries, ex);
	}

	private static boolean isTransient(Throwable ex) {
		return ex instanceof IOException || ex instanceof TimeoutException || ex instanceof CancellationException
				|| ex instanceof IllegalStateException;
	}

	private static boolean isNoResponders(Throwable ex) {
		return ex instanceof IOException && String.valueOf(ex.getMessage()).contains("503");
	}

	/**
	 * Tell "no stream for this subject" (permanent) from "the stream has no leader right
	 * now" (transient): both answer a publish with "no responders".
	 */
	private boolean streamCapturesSubject(String subject) {
		if (this.management == null) {
			return false;
		}
		try {
			return !this.management.getStreamNames(subject).isEmpty();
		}
		catch (IOException | JetStreamApiException | RuntimeException ex) {
			// the API is unreachable too: treat as transient
			return true;
		}
	}

}
