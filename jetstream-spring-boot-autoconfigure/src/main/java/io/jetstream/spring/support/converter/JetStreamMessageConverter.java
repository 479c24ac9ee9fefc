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
package io.jetstream.spring.support.converter;

import org.springframework.messaging.converter.SmartMessageConverter;

/**
 * Converts payload objects to the data of NATS messages and back, for the template and
 * for listeners. It is a Spring Messaging {@link SmartMessageConverter}, so any Spring
 * converter can be adapted and listener parameters are resolved by Spring Messaging's own
 * argument resolvers. A bean of this type replaces the default
 * ({@link DefaultJetStreamMessageConverter}: bytes, text, JSON with Jackson).
 * <p>
 * Converters produce a {@code byte[]} payload (or a {@code String}, sent as UTF-8) and
 * put the content type in the {@code contentType} header, which the template writes as
 * the NATS {@code Content-Type} header.
 *
 * @since 0.1.0
 */
public interface JetStreamMessageConverter extends SmartMessageConverter {

}
