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
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.GenericTypeResolver;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.ByteArrayMessageConverter;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

/**
 * The default {@link JetStreamMessageConverter}: {@code byte[]} as is
 * ({@code application/octet-stream}), {@code String} as UTF-8 ({@code text/plain}), any
 * other object as JSON with the application's Jackson {@link JsonMapper}
 * ({@code application/json}). Jackson is optional for this class: without it, use the
 * constructor that takes another converter (or none).
 *
 * @since 0.1.0
 */
public class DefaultJetStreamMessageConverter extends CompositeMessageConverter implements JetStreamMessageConverter {

	private @Nullable JsonReaders jsonReaders;

	/**
	 * Create a converter that writes JSON with the given mapper.
	 * @param jsonMapper the JSON mapper
	 */
	public DefaultJetStreamMessageConverter(JsonMapper jsonMapper) {
		this(new JacksonJsonMessageConverter(jsonMapper));
		this.jsonReaders = new JsonReaders(jsonMapper);
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
	 * Prepare the conversion of message data to a listener parameter's type, for messages
	 * without a {@code Content-Type} header (and, for JSON, with a JSON one): the same
	 * value and the same failures as {@link #fromMessage(Message, Class, Object)} with
	 * the parameter as hint, with what depends only on the type (resolving it, Jackson's
	 * reader) done once. Listener adapters use it to skip building a Spring message per
	 * message.
	 * @param parameter the parameter
	 * @return the reader, or {@code null} if this converter has no prepared path for the
	 * parameter's type
	 */
	public @Nullable PayloadReader payloadReader(MethodParameter parameter) {
		Class<?> type = parameter.getParameterType();
		if (type == String.class) {
			return new PayloadReader() {

				@Override
				public boolean canRead(@Nullable String contentType) {
					return contentType == null;
				}

				@Override
				public Object read(byte[] data) {
					return decode(data, StandardCharsets.UTF_8);
				}

			};
		}
		if (type == byte[].class || type == Object.class || this.jsonReaders == null) {
			return null;
		}
		return this.jsonReaders.readerFor(parameter);
	}

	/**
	 * Decode text strictly: bytes that are not valid in the charset fail the conversion
	 * instead of turning into replacement characters, so that a corrupt payload becomes a
	 * dead letter rather than a silently altered message.
	 */
	static String decode(byte[] bytes, Charset charset) {
		ByteBuffer input = ByteBuffer.wrap(bytes);
		try {
			return charset.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(input)
				.toString();
		}
		catch (CharacterCodingException ex) {
			// no cause: the decoder's own message ("Input length = 1") would become the
			// dead letter's error text
			throw new MessageConversionException("Payload is not valid " + charset.name()
					+ " text: invalid byte sequence at offset " + input.position() + " of " + bytes.length);
		}
	}

	/**
	 * Converts message data to one listener parameter's type, prepared once.
	 */
	public interface PayloadReader {

		/**
		 * Whether this reader converts data of this content type as the converter would.
		 * @param contentType the message's {@code Content-Type} header, {@code null} if
		 * it has none
		 * @return {@code false} to leave the message to the converter
		 */
		boolean canRead(@Nullable String contentType);

		/**
		 * Convert the data.
		 * @param data the message data, not empty
		 * @return the value
		 * @throws MessageConversionException if the data cannot be converted
		 */
		Object read(byte[] data);

	}

	/**
	 * Jackson readers per parameter, as {@link JacksonJsonMessageConverter} reads
	 * (parameters annotated with {@code @JsonView} excepted: they are left to it).
	 */
	private static final class JsonReaders {

		private final JsonMapper jsonMapper;

		JsonReaders(JsonMapper jsonMapper) {
			this.jsonMapper = jsonMapper;
		}

		@Nullable PayloadReader readerFor(MethodParameter parameter) {
			if (parameter.hasParameterAnnotation(com.fasterxml.jackson.annotation.JsonView.class)) {
				return null;
			}
			Type type = GenericTypeResolver.resolveType(parameter.getNestedGenericParameterType(),
					parameter.getContainingClass());
			ObjectReader reader = this.jsonMapper.readerFor(this.jsonMapper.constructType(type));
			return new PayloadReader() {

				@Override
				public boolean canRead(@Nullable String contentType) {
					if (contentType == null) {
						return true;
					}
					try {
						MimeType mimeType = MimeTypeUtils.parseMimeType(contentType);
						return MimeTypeUtils.APPLICATION_JSON.includes(mimeType) || JSON_SUFFIX.includes(mimeType);
					}
					catch (InvalidMimeTypeException ex) {
						return false;
					}
				}

				@Override
				public Object read(byte[] data) {
					try {
						return reader.readValue(data);
					}
					catch (JacksonException ex) {
						throw new MessageConversionException("Could not read JSON: " + ex.getMessage(), ex);
					}
				}

			};
		}

	}

	private static final MimeType JSON_SUFFIX = new MimeType("application", "*+json");

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
			return decode(bytes, charset);
		}

	}

}
