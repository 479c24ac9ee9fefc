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

import io.jetstream.spring.config.JetStreamListenerContainerFactory;

/**
 * Callback to adjust the auto-configured {@link JetStreamListenerContainerFactory} after
 * {@code nats.jetstream.listener.*} has been applied: a task executor, an error handler,
 * a container customizer. Beans of this type are applied in {@code @Order}.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface JetStreamContainerFactoryCustomizer {

	/**
	 * Customize the factory.
	 * @param factory the factory
	 */
	void customize(JetStreamListenerContainerFactory factory);

}
