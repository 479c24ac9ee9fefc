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

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;

import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.core.log.LogAccessor;

/**
 * Drains and closes the auto-configured connection when its bean is destroyed. A
 * connection bean is destroyed only after every bean that depends on it (listener
 * containers, templates), so nothing is in flight when the connection goes: that is why
 * draining hangs on the bean's destruction rather than on a lifecycle phase.
 */
class NatsConnectionDrainer implements DestructionAwareBeanPostProcessor {

	private static final LogAccessor logger = new LogAccessor(NatsConnectionDrainer.class);

	static final String CONNECTION_BEAN_NAME = "natsConnection";

	private final Duration timeout;

	NatsConnectionDrainer(Duration timeout) {
		this.timeout = timeout;
	}

	@Override
	public boolean requiresDestruction(Object bean) {
		return bean instanceof Connection;
	}

	@Override
	public void postProcessBeforeDestruction(Object bean, String beanName) {
		if (!(bean instanceof Connection connection) || !CONNECTION_BEAN_NAME.equals(beanName)) {
			return;
		}
		try {
			if (connection.getStatus() == Connection.Status.CONNECTED && !this.timeout.isZero()) {
				boolean drained = connection.drain(this.timeout)
					.get(this.timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
				if (!drained) {
					logger.warn(() -> "NATS connection not fully drained within " + this.timeout
							+ " (nats.drain-timeout); closing it");
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			logger.warn(ex, "Draining the NATS connection failed; closing it");
		}
		finally {
			try {
				connection.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
