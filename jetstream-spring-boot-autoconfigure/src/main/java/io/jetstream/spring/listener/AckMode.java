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

/**
 * Who acknowledges a message.
 *
 * @since 0.1.0
 */
public enum AckMode {

	/**
	 * The container: ack when the listener returns, nak with a delay or dead-letter when
	 * it throws.
	 */
	AUTO,

	/**
	 * The listener, through an {@link Acknowledgment} parameter; the container still
	 * handles an exception thrown before the message was settled.
	 */
	MANUAL

}
