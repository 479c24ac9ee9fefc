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

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * The {@link DefaultMessageHandlerMethodFactory} of listeners, with one difference: a
 * failure to resolve a method argument always surfaces as a
 * {@link MethodArgumentResolutionException}. Spring's own resolvers report some of them
 * as plain {@link MessagingException}s (a missing required {@code @Header}, a header
 * value that cannot be converted), which an error handler could not tell apart from a
 * failure inside the listener method, so the message would be retried until max-deliver
 * (or forever) instead of being dead-lettered as {@code conversion_failed} at once.
 */
public class JetStreamMessageHandlerMethodFactory extends DefaultMessageHandlerMethodFactory {

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
