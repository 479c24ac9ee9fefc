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

package io.jetstream.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a real {@code nats-server} with JetStream (free port, temporary storage) for the
 * Spring test context of the annotated class and points {@code nats.servers} at it, as
 * {@code @EmbeddedKafka} does for Kafka. The server is a bean of type
 * {@link NatsTestServer} (inject it to stop or restart it in fault tests) and is stopped
 * and deleted when the context closes. Test classes with the same attributes share it
 * through Spring's context cache.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;EmbeddedNatsServer
 * class OrderTests {
 *
 *     &#64;Autowired
 *     NatsTestServer nats;
 * }
 * </pre>
 *
 * Needs {@code nats-server} on the {@code PATH}; the message says how to install it when
 * it is missing.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedNatsServer {

	/**
	 * Lines added to the server's configuration file, such as {@code "authorization {
	 * token: s3cret }"}.
	 * @return configuration lines
	 */
	String[] config() default {};

	/**
	 * Whether JetStream is on.
	 * @return {@code true} by default
	 */
	boolean jetStream() default true;

	/**
	 * The property that receives the server URL.
	 * @return the property name
	 */
	String serversProperty() default "nats.servers";

}
