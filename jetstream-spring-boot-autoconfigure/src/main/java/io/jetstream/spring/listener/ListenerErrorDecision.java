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
package io.jetstream.spring.listener;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.jetstream.spring.support.DeadLetterReason;

/**
 * What the container does with a message whose listener failed: retry it after a delay,
 * send it to the dead-letter stream, or drop it (terminate with a log line).
 *
 * @since 0.1.0
 */
public final class ListenerErrorDecision {

	private static final ListenerErrorDecision DROP = new ListenerErrorDecision(null, null);

	private final @Nullable Duration retryDelay;

	private final @Nullable DeadLetterReason deadLetterReason;

	private ListenerErrorDecision(@Nullable Duration retryDelay, @Nullable DeadLetterReason deadLetterReason) {
		this.retryDelay = retryDelay;
		this.deadLetterReason = deadLetterReason;
	}

	/**
	 * Redeliver the message after the delay.
	 * @param delay the delay
	 * @return the decision
	 */
	public static ListenerErrorDecision retry(Duration delay) {
		return new ListenerErrorDecision(delay, null);
	}

	/**
	 * Send the message to the dead-letter stream.
	 * @param reason the reason
	 * @return the decision
	 */
	public static ListenerErrorDecision deadLetter(DeadLetterReason reason) {
		return new ListenerErrorDecision(null, reason);
	}

	/**
	 * Terminate the message without a dead letter (logged at WARN).
	 * @return the decision
	 */
	public static ListenerErrorDecision drop() {
		return DROP;
	}

	/**
	 * Return the delay before redelivery, for a retry.
	 * @return the delay, or {@code null} if this is not a retry
	 */
	public @Nullable Duration getRetryDelay() {
		return this.retryDelay;
	}

	/**
	 * Return the dead-letter reason, for a dead letter.
	 * @return the reason, or {@code null} if this is not a dead letter
	 */
	public @Nullable DeadLetterReason getDeadLetterReason() {
		return this.deadLetterReason;
	}

	@Override
	public String toString() {
		return (this.retryDelay != null) ? "retry in " + this.retryDelay : (this.deadLetterReason != null)
				? "dead letter (" + this.deadLetterReason.headerValue() + ")" : "drop";
	}

}
