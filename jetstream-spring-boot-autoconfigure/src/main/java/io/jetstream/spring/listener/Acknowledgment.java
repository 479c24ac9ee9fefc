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

/**
 * The acknowledgement handle a listener in {@link AckMode#MANUAL manual} ack mode
 * receives as a parameter. The first of {@link #ack()}, {@link #nak()},
 * {@link #nakWithDelay(Duration)} and {@link #term(String)} settles the message; later
 * calls are ignored. A message not settled within the consumer's ack-wait is redelivered
 * by the server.
 *
 * @since 0.1.0
 */
public interface Acknowledgment {

	/**
	 * The message was processed.
	 */
	void ack();

	/**
	 * The message was not processed; redeliver it at once.
	 */
	void nak();

	/**
	 * The message was not processed; redeliver it after the delay.
	 * @param delay the delay before redelivery
	 */
	void nakWithDelay(Duration delay);

	/**
	 * The message must never be delivered again.
	 * @param reason why, recorded by the server where it supports reasons
	 */
	void term(String reason);

	/**
	 * The message is still being worked on: restart the ack-wait clock.
	 */
	void inProgress();

	/**
	 * Whether the message has been settled.
	 * @return {@code true} after ack, nak or term
	 */
	boolean isSettled();

}
