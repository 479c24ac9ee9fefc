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

import java.util.concurrent.CompletionStage;

import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * What a {@code JetStreamListenerContainer} hands each message to: a listener method
 * behind an adapter, or a plain lambda. Returning settles the message as the ack mode
 * says (acknowledged in {@link AckMode#AUTO}); throwing hands it to the container's
 * {@link JetStreamErrorHandler}. A listener whose work ends later returns it from
 * {@link #onMessageAsync}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JetStreamMessageListener {

	/**
	 * Handle one message.
	 * @param message the message
	 * @param acknowledgment the handle to settle it with in {@link AckMode#MANUAL}, else
	 * {@code null}
	 * @throws Exception anything the listener failed with
	 */
	void onMessage(Message message, @Nullable Acknowledgment acknowledgment) throws Exception;

	/**
	 * Handle one message, possibly asynchronously. A stage returned settles the message
	 * when it completes, not when this method returns: acknowledged on success (in
	 * {@link AckMode#AUTO}), handed to the error handler on failure; the message is
	 * reported in progress meanwhile. The container calls this method; by default it
	 * calls {@link #onMessage} and returns {@code null}.
	 * @param message the message
	 * @param acknowledgment the handle to settle it with in {@link AckMode#MANUAL}, else
	 * {@code null}
	 * @return the pending result, or {@code null} if the message was handled
	 * @throws Exception anything the listener failed with
	 */
	default @Nullable CompletionStage<?> onMessageAsync(Message message, @Nullable Acknowledgment acknowledgment)
			throws Exception {
		onMessage(message, acknowledgment);
		return null;
	}

	/**
	 * Follow up the successful result of {@link #onMessageAsync} before the message is
	 * settled, such as publishing what it completed with. The container calls this on one
	 * of its own threads, never on the thread that completed the stage (which may be the
	 * client's, where a publish or a synchronous acknowledgement would wait for that same
	 * thread). A stage returned settles the message when it completes instead; a failure,
	 * thrown or of that stage, goes to the error handler. By default nothing follows.
	 * @param message the message
	 * @param value what the stage of {@link #onMessageAsync} completed with
	 * @return a stage to wait for, or {@code null} to settle the message now
	 * @throws Exception anything the follow-up failed with
	 */
	default @Nullable CompletionStage<?> onResult(Message message, @Nullable Object value) throws Exception {
		return null;
	}

}
