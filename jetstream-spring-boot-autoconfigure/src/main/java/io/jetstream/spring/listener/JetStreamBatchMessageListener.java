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

import java.util.List;
import java.util.Map;

import io.nats.client.Message;

/**
 * What a batch listener's container hands the messages of one pull to: first to
 * {@link #prepare} (conversion and validation, message by message: the container
 * dead-letters each one refused on its own), then to {@link #onMessages} with the rest.
 * Returning acknowledges every message; an exception is handled for the whole batch, or,
 * as a {@link BatchListenerFailedException}, from the message it names.
 *
 * @since 0.1.0
 */
public interface JetStreamBatchMessageListener {

	/**
	 * Convert (and validate) the messages of a batch.
	 * @param messages the messages, in order
	 * @return those accepted with their arguments, and those refused with why
	 */
	Batch prepare(List<Message> messages);

	/**
	 * Handle the accepted messages of a batch.
	 * @param batch the batch {@link #prepare} made
	 * @throws Exception anything the listener failed with
	 */
	void onMessages(Batch batch) throws Exception;

	/**
	 * A batch after conversion.
	 *
	 * @param accepted the messages passed on, in order
	 * @param arguments what the method receives for each accepted message, in the same
	 * order
	 * @param refused the messages that could not be converted or validated, with the
	 * failure
	 */
	record Batch(List<Message> accepted, List<Object> arguments, Map<Message, Throwable> refused) {
	}

}
