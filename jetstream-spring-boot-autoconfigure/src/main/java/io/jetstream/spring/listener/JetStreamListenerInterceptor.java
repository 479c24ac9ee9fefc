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

import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

/**
 * Sees each message of a listener before its method, and its outcome after, as Spring for
 * Apache Kafka's {@code RecordInterceptor}: to check or enrich what arrives (a tenant
 * header, say), to skip what must not be handled, or to audit outcomes. Beans of this
 * type apply to the auto-configured container factory's listeners, in {@code @Order};
 * {@code JetStreamListenerContainerFactory.setInterceptors} sets them per factory. Both
 * methods run on the thread that handles the message.
 *
 * @since 0.1.0
 */
public interface JetStreamListenerInterceptor {

	/**
	 * Before the listener method. A message skipped is acknowledged without calling the
	 * method and counted with outcome {@code skipped}; an exception is a failure of the
	 * message, handed to the error handler as the method's would be.
	 * @param message the message
	 * @return {@code false} to skip the message
	 */
	default boolean intercept(Message message) {
		return true;
	}

	/**
	 * After the message was settled.
	 * @param message the message
	 * @param outcome {@code ack}, {@code nak}, {@code term}, {@code dead_letter} or
	 * {@code skipped} (as in the {@code jetstream_messages_consumed_total} metric); empty
	 * when a manual-ack listener left it unsettled
	 * @param failure what the listener failed with, or {@code null}
	 */
	default void afterOutcome(Message message, String outcome, @Nullable Throwable failure) {
	}

	/**
	 * Chain interceptors: each sees a message only if those before it did not skip it,
	 * and all see the outcome.
	 * @param interceptors the interceptors, in order
	 * @return one interceptor calling them in turn, or {@code null} if there are none
	 */
	static @Nullable JetStreamListenerInterceptor composite(List<? extends JetStreamListenerInterceptor> interceptors) {
		if (interceptors.isEmpty()) {
			return null;
		}
		if (interceptors.size() == 1) {
			return interceptors.get(0);
		}
		List<JetStreamListenerInterceptor> chain = List.copyOf(interceptors);
		return new JetStreamListenerInterceptor() {

			@Override
			public boolean intercept(Message message) {
				for (JetStreamListenerInterceptor each : chain) {
					if (!each.intercept(message)) {
						return false;
					}
				}
				return true;
			}

			@Override
			public void afterOutcome(Message message, String outcome, @Nullable Throwable failure) {
				for (JetStreamListenerInterceptor each : chain) {
					each.afterOutcome(message, outcome, failure);
				}
			}

		};
	}

}
