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
 * Where a listener was paused.
 *
 * @since 0.1.0
 */
public enum PauseScope {

	/**
	 * The consumer is paused on the server (nats-server 2.11+): no instance receives
	 * anything until it is resumed or the pause runs out, also across restarts.
	 */
	SERVER,

	/**
	 * Only this instance stopped pulling (older servers); other instances go on, and a
	 * restart ends the pause.
	 */
	INSTANCE

}
