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
package io.jetstream.spring.support;

/**
 * Headers of an error reply to a core NATS request, as the NATS services framework
 * ({@code micro}) sends them, so that its clients and ours read each other's errors.
 *
 * @since 0.1.0
 */
public final class NatsReplies {

	/** The error's description. */
	public static final String ERROR_HEADER = "Nats-Service-Error";

	/**
	 * The error's code: {@code 400} for a request that cannot be read, else {@code 500}.
	 */
	public static final String ERROR_CODE_HEADER = "Nats-Service-Error-Code";

	private NatsReplies() {
	}

}
