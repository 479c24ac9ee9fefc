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
package io.jetstream.spring.listener.adapter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.SmartMessageConverter;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import io.jetstream.spring.listener.JetStreamBatchMessageListener;
import io.jetstream.spring.listener.NonRetryableException;
import io.jetstream.spring.support.JetStreamHeaders;
import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;

/**
 * Invokes a batch listener method ({@code @JetStreamListener(batch = "true")}) whose one
 * parameter is a {@code List} of payloads, of Spring {@code Message}s of payloads, or of
 * NATS {@code io.nats.client.Message}s. Payloads are converted message by message with
 * the listeners' converter (and validated when the parameter is {@code @Valid} or
 * {@code @Validated} and a validator is set); a message that cannot be is refused, for
 * the container to dead-letter on its own.
 *
 * @since 0.1.0
 */
public class BatchMessagingMessageListenerAdapter implements JetStreamBatchMessageListener {

	private final Object bean;

	private final Method method;

	private final MethodParameter parameter;

	private final Kind kind;

	private final Class<?> payloadType;

	private final SmartMessageConverter converter;

	private final @Nullable Validator validator;

	private final DefaultJetStreamMessageConverter.@Nullable PayloadReader reader;

	/**
	 * Create an adapter.
	 * @param bean the bean
	 * @param method the batch listener method
	 * @param converter converts payloads
	 * @param validator validates payloads of a {@code @Valid} parameter, or {@code null}
	 * @throws IllegalStateException if the method does not take exactly one list, or
	 * returns an asynchronous result (a {@code CompletionStage}, a {@code Future}, a
	 * reactive type such as {@code Mono} or {@code Flux})
	 */
	public BatchMessagingMessageListenerAdapter(Object bean, Method method, SmartMessageConverter converter,
			@Nullable Validator validator) {
		this.bean = bean;
		this.method = BridgeMethodResolver.findBridgedMethod(method);
		ReflectionUtils.makeAccessible(this.method);
		Assert.state(method.getParameterCount() == 1 && List.class.isAssignableFrom(method.getParameterTypes()[0]),
				() -> "Batch listener " + method + " must take one parameter, a List of payloads, of Spring "
						+ "Messages or of io.nats.client.Message");
		Assert.state(!AsyncResults.isAsynchronous(method.getReturnType()),
				() -> "Batch listener " + method + " returns " + method.getReturnType().getSimpleName()
						+ ", an asynchronous result, which batch listeners do not support (the batch would be "
						+ "acknowledged before the work ran): return when the batch is handled");
		this.parameter = new MethodParameter(this.method, 0);
		ResolvableType element = ResolvableType.forMethodParameter(this.parameter).asCollection().getGeneric(0);
		Class<?> elementType = element.resolve(Object.class);
		if (elementType == Message.class) {
			this.kind = Kind.RAW;
			this.payloadType = byte[].class;
		}
		else if (org.springframework.messaging.Message.class.isAssignableFrom(elementType)) {
			this.kind = Kind.SPRING_MESSAGE;
			this.payloadType = element.getGeneric(0).resolve(byte[].class);
		}
		else {
			this.kind = Kind.PAYLOAD;
			this.payloadType = elementType;
		}
		boolean validate = AnnotationUtils.findAnnotation(this.parameter.getParameter(), Validated.class) != null
				|| this.parameter.hasParameterAnnotation(jakartaValid());
		this.converter = converter;
		this.validator = validate ? validator : null;
		// the JSON reader prepared once that single-message listeners use too: the same
		// conversion, without a Spring message per payload
		this.reader = (this.kind == Kind.PAYLOAD && this.payloadType != String.class && this.payloadType != byte[].class
				&& this.payloadType != Object.class && converter instanceof DefaultJetStreamMessageConverter json)
						? json.payloadReader(this.parameter.nested()) : null;
	}

	@Override
	public Batch prepare(List<Message> messages) {
		List<Message> accepted = new ArrayList<>(messages.size());
		List<Object> arguments = new ArrayList<>(messages.size());
		Map<Message, Throwable> refused = new LinkedHashMap<>();
		for (Message message : messages) {
			try {
				Object argument = (this.kind == Kind.RAW) ? message : argument(message);
				accepted.add(message);
				arguments.add(argument);
			}
			catch (RuntimeException ex) {
				refused.put(message, ex);
			}
		}
		return new Batch(accepted, arguments, refused);
	}

	private Object argument(Message message) {
		byte[] data = (message.getData() != null) ? message.getData() : new byte[0];
		DefaultJetStreamMessageConverter.PayloadReader json = this.reader;
		if (json != null && data.length > 0 && json.canRead(contentType(message))) {
			Object payload = json.read(data);
			validate(payload, null);
			return payload;
		}
		org.springframework.messaging.Message<byte[]> source = JetStreamHeaders.toSpringMessage(message);
		Object payload = convert(source);
		validate(payload, source);
		return (this.kind == Kind.SPRING_MESSAGE)
				? MessageBuilder.withPayload(payload).copyHeaders(source.getHeaders()).build() : payload;
	}

	private static @Nullable String contentType(Message message) {
		return message.hasHeaders() ? message.getHeaders().getFirst("Content-Type") : null;
	}

	@Override
	public void onMessages(Batch batch) throws Exception {
		Object result;
		try {
			result = this.method.invoke(this.bean, List.copyOf(batch.arguments()));
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
		if (result != null && AsyncResults.isAsynchronous(result.getClass())) {
			// declared as Object, say: retrying cannot help, and acknowledging would lose
			// the work if it fails
			throw new NonRetryableException("Batch listener " + this.method + " returned " + result.getClass().getName()
					+ ", an asynchronous result, which batch listeners do not "
					+ "support: return when the batch is handled");
		}
	}

	private Object convert(org.springframework.messaging.Message<byte[]> source) {
		if (this.payloadType == byte[].class || this.payloadType == Object.class) {
			return source.getPayload();
		}
		if (source.getPayload().length == 0) {
			throw new MessageConversionException(source,
					"Empty payload: nothing to convert to " + this.payloadType.getName());
		}
		Object payload = this.converter.fromMessage(source, this.payloadType, null);
		if (payload == null) {
			throw new MessageConversionException(source, "Cannot convert the payload to " + this.payloadType.getName());
		}
		return payload;
	}

	private void validate(Object payload, org.springframework.messaging.@Nullable Message<byte[]> source) {
		Validator validating = this.validator;
		if (validating == null || !validating.supports(payload.getClass())) {
			return;
		}
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(payload, "payload");
		validating.validate(payload, errors);
		if (errors.hasErrors()) {
			throw new MethodArgumentNotValidException(
					(source != null) ? source : MessageBuilder.withPayload(new byte[0]).build(), this.parameter,
					errors);
		}
	}

	@SuppressWarnings("unchecked")
	private static Class<? extends java.lang.annotation.Annotation> jakartaValid() {
		try {
			return (Class<? extends java.lang.annotation.Annotation>) Class.forName("jakarta.validation.Valid");
		}
		catch (ClassNotFoundException ex) {
			return Validated.class;
		}
	}

	private enum Kind {

		PAYLOAD, SPRING_MESSAGE, RAW

	}

}
