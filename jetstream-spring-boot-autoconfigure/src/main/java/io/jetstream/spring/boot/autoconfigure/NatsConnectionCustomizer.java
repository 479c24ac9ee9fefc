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
package io.jetstream.spring.boot.autoconfigure;

import io.nats.client.Options;

/**
 * Callback to adjust the NATS client's {@link Options.Builder} after the starter has
 * applied the {@code nats.*} properties and before the connection is made. Beans of this
 * type are applied in {@link org.springframework.core.annotation.Order order}.
 * <p>
 * A customizer that sets its own {@code ConnectionListener} or {@code ErrorListener}
 * replaces the starter's event logging.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface NatsConnectionCustomizer {

	/**
	 * Customize the options of the NATS connection.
	 * @param builder the options builder
	 */
	void customize(Options.Builder builder);

}
