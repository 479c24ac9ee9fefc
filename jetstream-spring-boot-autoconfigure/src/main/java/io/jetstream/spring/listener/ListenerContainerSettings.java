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

/**
 * How one listener container runs: workers, pull batch, acknowledgement, shutdown.
 *
 * @param concurrency workers sharing the durable consumer
 * @param batchSize messages one worker pulls ahead; small enough that the last of a batch
 * is handled well within ack-wait
 * @param ackMode who acknowledges
 * @param ackSync whether each ack waits for the server's confirmation
 * @param shutdownTimeout how long stopping waits for handlers in flight
 * @param deadLetterSubject where dead letters go, or {@code null} to terminate failed
 * messages without a dead letter
 * @param autoStartup whether the container starts with the application
 * @param pullExpires how long one pull request waits on the server; stopping and pausing
 * wait for the open pull to end, so this bounds how long they take
 */
public record ListenerContainerSettings(int concurrency, int batchSize, AckMode ackMode, boolean ackSync,
		Duration shutdownTimeout, @Nullable String deadLetterSubject, boolean autoStartup, Duration pullExpires) {

}
