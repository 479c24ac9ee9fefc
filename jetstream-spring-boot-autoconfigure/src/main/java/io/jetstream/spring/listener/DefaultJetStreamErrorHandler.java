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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import io.jetstream.spring.support.DeadLetterReason;

/**
 * The default error handling of listeners:
 * <ul>
 * <li>a payload that cannot be converted (also an empty one), a required header that is
 * missing or cannot be converted: dead letter at once ({@code conversion_failed}); a
 * payload that fails validation: dead letter at once ({@code validation_failed});
 * <li>a {@link NonRetryableException} anywhere in the cause chain: dead letter at once
 * ({@code non_retryable});
 * <li>a failure on the consumer's last allowed delivery: dead letter
 * ({@code max_deliveries_exceeded});
 * <li>any other failure: redelivery after a delay, taken from the consumer's
 * {@code backoff} list by delivery count, else from this handler's {@link BackOff} (1s
 * doubling up to 30s by default). The delay is never zero unless configured so: a bare
 * nak would burn through max-deliver in milliseconds.
 * </ul>
 * Exceptions of your own can be classified as Spring for Apache Kafka's
 * {@code DefaultErrorHandler} does: {@link #addNotRetryableExceptions(Class[])} sends
 * them to the dead-letter stream at once ({@code non_retryable}),
 * {@link #addRetryableExceptions(Class[])} retries them even where a rule above would
 * not; the first exception of the cause chain that is classified decides.
 *
 * @since 0.1.0
 */
public class DefaultJetStreamErrorHandler implements JetStreamErrorHandler {

	private final BackOff backOff;

	private final Map<Class<? extends Throwable>, Boolean> classified = new ConcurrentHashMap<>();

	/**
	 * Create a handler with the default back-off: 1s, doubling, at most 30s.
	 */
	public DefaultJetStreamErrorHandler() {
		this(defaultBackOff());
	}

	/**
	 * Create a handler that delays retries with the given back-off when the consumer has
	 * no backoff list.
	 * @param backOff the back-off; its n-th value is the delay after the n-th delivery
	 */
	public DefaultJetStreamErrorHandler(BackOff backOff) {
		this.backOff = backOff;
	}

	/**
	 * Dead-letter failures of these types (anywhere in the cause chain) at once, with
	 * reason {@code non_retryable}, as if they were {@link NonRetryableException}s.
	 * @param exceptionTypes the exception types
	 */
	@SafeVarargs
	@SuppressWarnings("varargs")
	public final void addNotRetryableExceptions(Class<? extends Throwable>... exceptionTypes) {
		for (Class<? extends Throwable> type : exceptionTypes) {
			this.classified.put(type, false);
		}
	}

	/**
	 * Retry failures of these types (anywhere in the cause chain) until max-deliver, even
	 * where a default rule would dead-letter them at once.
	 * @param exceptionTypes the exception types
	 */
	@SafeVarargs
	@SuppressWarnings("varargs")
	public final void addRetryableExceptions(Class<? extends Throwable>... exceptionTypes) {
		for (Class<? extends Throwable> type : exceptionTypes) {
			this.classified.put(type, true);
		}
	}

	/**
	 * Remove a classification added with {@link #addNotRetryableExceptions(Class[])} or
	 * {@link #addRetryableExceptions(Class[])}.
	 * @param exceptionType the exception type
	 * @return {@code true} if it was retryable, {@code false} if not, {@code null} if it
	 * was not classified
	 */
	public final @Nullable Boolean removeClassification(Class<? extends Throwable> exceptionType) {
		return this.classified.remove(exceptionType);
	}

	private static BackOff defaultBackOff() {
		ExponentialBackOff backOff = new ExponentialBackOff(1000, 2.0);
		backOff.setMaxInterval(30_000);
		return backOff;
	}

	@Override
	public ListenerErrorDecision handle(Message message, MessageMetadata metadata, Throwable failure,
			ConsumerLimits consumer) {
		DeadLetterReason immediate = classify(failure);
		if (immediate == DeadLetterReason.VALIDATION_FAILED
				&& (message.getData() == null || message.getData().length == 0)) {
			// Spring reports a missing payload as a validation error; there was nothing
			// to
			// validate
			immediate = DeadLetterReason.CONVERSION_FAILED;
		}
		if (immediate != null) {
			return ListenerErrorDecision.deadLetter(immediate);
		}
		if (consumer.isLastDelivery(metadata.deliveredCount())) {
			return ListenerErrorDecision.deadLetter(DeadLetterReason.MAX_DELIVERIES_EXCEEDED);
		}
		return ListenerErrorDecision.retry(delay(metadata.deliveredCount(), consumer));
	}

	/**
	 * Return the reason to dead-letter a failure at once, or {@code null} to retry it.
	 * @param failure the failure
	 * @return the reason or {@code null}
	 */
	protected @Nullable DeadLetterReason classify(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			Boolean retryable = classification(cause);
			if (retryable != null) {
				return retryable ? null : DeadLetterReason.NON_RETRYABLE;
			}
			if (cause instanceof NonRetryableException) {
				return DeadLetterReason.NON_RETRYABLE;
			}
			if (cause instanceof MethodArgumentNotValidException) {
				return DeadLetterReason.VALIDATION_FAILED;
			}
			if (cause instanceof MessageConversionException || cause instanceof MethodArgumentResolutionException) {
				return DeadLetterReason.CONVERSION_FAILED;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return null;
	}

	private @Nullable Boolean classification(Throwable cause) {
		if (this.classified.isEmpty()) {
			return null;
		}
		for (Class<?> type = cause.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
			Boolean retryable = this.classified.get(type);
			if (retryable != null) {
				return retryable;
			}
		}
		return null;
	}

	/**
	 * Return the delay before redelivery after the given delivery.
	 * @param deliveredCount how often the message has been delivered
	 * @param consumer the consumer's limits
	 * @return the delay
	 */
	protected Duration delay(long deliveredCount, ConsumerLimits consumer) {
		if (!consumer.backoff().isEmpty()) {
			int index = (int) Math.min(Math.max(deliveredCount - 1, 0), consumer.backoff().size() - 1);
			return consumer.backoff().get(index);
		}
		BackOffExecution execution = this.backOff.start();
		long delay = 0;
		for (long i = 0; i < Math.max(deliveredCount, 1); i++) {
			long next = execution.nextBackOff();
			if (next == BackOffExecution.STOP) {
				break;
			}
			delay = next;
		}
		return Duration.ofMillis(delay);
	}

}
