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

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;

/**
 * The default {@link JetStreamMessageConverter}: {@code byte[]} as is
 * ({@code application/octet-stream}), {@code String} as UTF-8 ({@code text/plain}), any
 * other object as JSON with the application's Jackson {@link JsonMapper}
 * ({@code application/json}). Jackson is optional for this class: without it, use the
 * constructor that takes another converter (or none).
 */
public class DefaultJetStreamMessageConverter extends CompositeMessageConverter implements JetStreamMessageConverter {

	/**
	 * Create a converter that writes JSON with the given mapper.
	 * @param jsonMapper the JSON mapper
	 */
	public DefaultJetStreamMessageConverter(JsonMapper jsonMapper) {
		this(new JacksonJsonMessageConverter(jsonMapper));
	}

	/**
	 * Create a converter with the given converter for objects other than bytes and text.
	 * @param objectConverter converts other objects, or {@code null} to support bytes and
	 * text only
	 */
	public DefaultJetStreamMessageConverter(@Nullable MessageConverter objectConverter) {
		super(converters(objectConverter));
	}

	private static List<MessageConverter> converters(@Nullable MessageConverter objectConverter) {
		List<MessageConverter> converters = new ArrayList<>();
		converters.add(new AnyContentTypeByteArrayMessageConverter());
		converters.add(new AnyContentTypeStringMessageConverter());
		if (objectConverter != null) {
			converters.add(objectConverter);
		}
		return converters;
	}

	/**
	 * A {@code byte[]} parameter gets the data as it is, whatever its content type.
	 */
	private static final class AnyContentTypeByteArrayMessageConverter extends ByteArrayMessageConverter {

		@Override
		protected boolean supportsMimeType(@Nullable MessageHeaders headers) {
			return true;
		}

	}

	/**
	 * A {@code String} parameter gets the data as UTF-8 text, also when it is JSON.
	 */
	private static final class AnyContentTypeStringMessageConverter extends StringMessageConverter {

		@Override
		protected boolean supportsMimeType(@Nullable MessageHeaders headers) {
			return true;
		}

	}

}
