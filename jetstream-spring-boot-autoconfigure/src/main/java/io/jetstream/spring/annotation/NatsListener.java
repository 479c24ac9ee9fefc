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
package io.jetstream.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Subscribes a method to a core NATS subject (no JetStream: at most once, nothing
 * stored), optionally in a queue group, with the argument resolution of
 * {@link JetStreamListener} (payload conversion, {@code @Header}, {@code @Headers}, the
 * raw {@code io.nats.client.Message}). A non-null return value (or what a returned
 * {@code CompletableFuture} or {@code Mono} completes with) answers the request's reply
 * subject; a method that throws answers with an error reply (headers
 * {@code Nats-Service-Error} and {@code Nats-Service-Error-Code}, as the NATS services
 * framework does).
 *
 * <pre class="code">
 * &#64;NatsListener(subject = "prices.quote", queue = "pricing")
 * Quote quote(QuoteRequest request) { ... }
 * </pre>
 *
 * All attributes take {@code ${...}} placeholders and {@code #{...}} expressions.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NatsListener {

	/**
	 * The listener id, for the registry. Defaults to the subject (and queue).
	 * @return the id
	 */
	String id() default "";

	/**
	 * The subject; wildcards ({@code *}, {@code >}) allowed.
	 * @return the subject
	 */
	String subject();

	/**
	 * The queue group: each message goes to one member of the group (across instances).
	 * Empty for none: every instance gets every message.
	 * @return the queue group
	 */
	String queue() default "";

	/**
	 * Threads handling messages, each with a subscription of its own in the queue group
	 * (more than one needs a {@link #queue()}); default 1.
	 * @return the number of threads
	 */
	String concurrency() default "";

	/**
	 * Whether the listener starts with the application ({@code true} by default).
	 * @return "true" or "false"
	 */
	String autoStartup() default "";

}
