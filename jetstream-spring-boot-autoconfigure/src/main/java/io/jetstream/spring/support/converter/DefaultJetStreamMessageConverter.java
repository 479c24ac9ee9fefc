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

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.MimeType;

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
	 * A {@code String} parameter gets the data as text (UTF-8 unless the content type
	 * names a charset), also when it is JSON. Bytes that are not valid in that charset
	 * fail the conversion instead of turning into replacement characters, so that a
	 * corrupt payload becomes a dead letter rather than a silently altered message.
	 */
	private static final class AnyContentTypeStringMessageConverter extends StringMessageConverter {

		@Override
		protected boolean supportsMimeType(@Nullable MessageHeaders headers) {
			return true;
		}

		@Override
		protected @Nullable Object convertFromInternal(Message<?> message, Class<?> targetClass,
				@Nullable Object conversionHint) {
			if (!(message.getPayload() instanceof byte[] bytes)) {
				return super.convertFromInternal(message, targetClass, conversionHint);
			}
			MimeType mimeType = getMimeType(message.getHeaders());
			Charset charset = (mimeType != null && mimeType.getCharset() != null) ? mimeType.getCharset()
					: StandardCharsets.UTF_8;
			ByteBuffer input = ByteBuffer.wrap(bytes);
			try {
				return charset.newDecoder()
					.onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT)
					.decode(input)
					.toString();
			}
			catch (CharacterCodingException ex) {
				// no cause: the decoder's own message ("Input length = 1") would become
				// the
				// dead letter's error text
				throw new MessageConversionException(message, "Payload is not valid " + charset.name()
						+ " text: invalid byte sequence at offset " + input.position() + " of " + bytes.length);
			}
		}

	}

}
