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

import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * One message on its way to the server, as {@link JetStreamTemplate} publishes (and
 * retries) it.
 *
 * @param subject the subject
 * @param headers the headers (a tracer may add to them)
 * @param data the payload
 * @param options the publish options, or {@code null} for none
 * @param messageId the message id, or {@code null}
 * @param timeout the timeout set for this message alone, or {@code null}
 */
record Outgoing(String subject, Headers headers, byte[] data, @Nullable PublishOptions options,
		@Nullable String messageId, @Nullable Duration timeout) {

}
