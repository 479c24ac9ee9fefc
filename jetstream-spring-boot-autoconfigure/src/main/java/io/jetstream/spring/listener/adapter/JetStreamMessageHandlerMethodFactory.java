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

import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.converter.MessageConverter;
import org.springframework.validation.Validator;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.messaging.support.MessageHeaderAccessor;

import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;

/**
 * The {@link DefaultMessageHandlerMethodFactory} of listeners, with one difference: a
 * failure to resolve a method argument always surfaces as a
 * {@link MethodArgumentResolutionException}. Spring's own resolvers report some of them
 * as plain {@link MessagingException}s (a missing required {@code @Header}, a header
 * value that cannot be converted), which an error handler could not tell apart from a
 * failure inside the listener method, so the message would be retried until max-deliver
 * (or forever) instead of being dead-lettered as {@code conversion_failed} at once.
 *
 * @since 0.1.0
 */
public class JetStreamMessageHandlerMethodFactory extends DefaultMessageHandlerMethodFactory {

	private @Nullable MessageConverter messageConverter;

	private @Nullable Validator validator;

	private List<HandlerMethodArgumentResolver> customResolvers = List.of();

	@Override
	public void setMessageConverter(MessageConverter messageConverter) {
		super.setMessageConverter(messageConverter);
		this.messageConverter = messageConverter;
	}

	@Override
	public void setValidator(Validator validator) {
		super.setValidator(validator);
		this.validator = validator;
	}

	/**
	 * Return the converter of payloads.
	 * @return the converter, or {@code null} if none was set
	 */
	public @Nullable MessageConverter getMessageConverter() {
		return this.messageConverter;
	}

	/**
	 * Return the validator of {@code @Valid} payloads.
	 * @return the validator, or {@code null} if none was set
	 */
	public @Nullable Validator getValidator() {
		return this.validator;
	}

	@Override
	public void setCustomArgumentResolvers(List<HandlerMethodArgumentResolver> customArgumentResolvers) {
		super.setCustomArgumentResolvers(customArgumentResolvers);
		this.customResolvers = List.copyOf(customArgumentResolvers);
	}

	/**
	 * Prepare the payload conversion of a listener method whose only parameter is
	 * unannotated and left by every other resolver to Spring's payload resolver, which
	 * would convert it with this factory's message converter: the same conversion, done
	 * by a reader prepared once, so that a listener adapter need not build a Spring
	 * message and resolve the argument per message.
	 * @param method the listener method
	 * @return the reader, or {@code null} when the method does not qualify or the
	 * converter (a {@link DefaultJetStreamMessageConverter} is needed) has no prepared
	 * path for the type
	 */
	public DefaultJetStreamMessageConverter.@Nullable PayloadReader payloadReader(Method method) {
		if (method.getParameterCount() != 1
				|| !(this.messageConverter instanceof DefaultJetStreamMessageConverter converter)) {
			return null;
		}
		MethodParameter parameter = new MethodParameter(method, 0);
		Class<?> type = parameter.getParameterType();
		if (parameter.getParameterAnnotations().length != 0 || type == Optional.class
				|| Message.class.isAssignableFrom(type) || MessageHeaders.class == type
				|| MessageHeaderAccessor.class.isAssignableFrom(type) || type.isAssignableFrom(byte[].class)
				|| io.nats.client.Message.class.isAssignableFrom(type)) {
			return null;
		}
		for (HandlerMethodArgumentResolver resolver : this.customResolvers) {
			if (resolver.supportsParameter(parameter)) {
				return null;
			}
		}
		return converter.payloadReader(parameter);
	}

	@Override
	protected List<HandlerMethodArgumentResolver> initArgumentResolvers() {
		return super.initArgumentResolvers().stream()
			.<HandlerMethodArgumentResolver>map(ResolutionFailureReportingResolver::new)
			.toList();
	}

	private record ResolutionFailureReportingResolver(
			HandlerMethodArgumentResolver delegate) implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return this.delegate.supportsParameter(parameter);
		}

		@Override
		public @Nullable Object resolveArgument(MethodParameter parameter, Message<?> message) throws Exception {
			try {
				return this.delegate.resolveArgument(parameter, message);
			}
			catch (MethodArgumentResolutionException | MessageConversionException ex) {
				throw ex;
			}
			catch (RuntimeException ex) {
				throw new MethodArgumentResolutionException(message, parameter, String.valueOf(ex.getMessage()), ex);
			}
		}

	}

}
