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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swept timeouts of asynchronous publishes: expired ones fail with a
 * {@link TimeoutException}, the rest are left alone, done ones are forgotten.
 */
class PublishTimeoutsTests {

	private final PublishTimeouts timeouts = new PublishTimeouts();

	@Test
	void onlyExpiredPublishesTimeOut() {
		CompletableFuture<String> expired = new CompletableFuture<>();
		CompletableFuture<String> answered = new CompletableFuture<>();
		CompletableFuture<String> waiting = new CompletableFuture<>();
		this.timeouts.watch(expired, 0);
		this.timeouts.watch(answered, 0);
		answered.complete("ack");
		this.timeouts.watch(waiting, 60_000);
		this.timeouts.sweep();
		assertThat(expired).isCompletedExceptionally();
		assertThat(expired).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(TimeoutException.class);
		assertThat(answered).isCompletedWithValue("ack");
		assertThat(waiting).isNotDone();
	}

	@Test
	void theSweepRunsByItself() {
		CompletableFuture<String> expired = new CompletableFuture<>();
		this.timeouts.watch(expired, 50);
		org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(expired::isCompletedExceptionally);
	}

}
