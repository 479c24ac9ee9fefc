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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.nats.client.api.DeliverPolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.format.datetime.standard.DurationFormatterUtils;
import org.springframework.util.StringUtils;

import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.JetStreamListenerRegistry;

/**
 * Finds {@link JetStreamListener @JetStreamListener} methods on beans (also behind AOP
 * proxies, repeated, or on several methods of one bean), resolves their attributes
 * ({@code ${...}} placeholders, {@code #{...}} expressions), and, once every singleton
 * exists, has the {@link JetStreamListenerContainerFactory} create one container per
 * annotation and registers it with the {@link JetStreamListenerRegistry}.
 */
public class JetStreamListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private final List<JetStreamListenerEndpoint> endpoints = new ArrayList<>();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof ConfigurableListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.classesWithoutListeners.contains(targetClass)) {
			return bean;
		}
		Map<Method, Set<JetStreamListener>> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<JetStreamListener>>) (method) -> {
					Set<JetStreamListener> listeners = AnnotatedElementUtils.getMergedRepeatableAnnotations(method,
							JetStreamListener.class, JetStreamListeners.class);
					return listeners.isEmpty() ? null : listeners;
				});
		if (annotated.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		annotated.forEach((method, listeners) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			for (JetStreamListener listener : listeners) {
				synchronized (this.endpoints) {
					this.endpoints.add(endpoint(listener, bean, invocable, beanName));
				}
			}
		});
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.beanFactory == null) {
			return;
		}
		List<JetStreamListenerEndpoint> found;
		synchronized (this.endpoints) {
			found = List.copyOf(this.endpoints);
			this.endpoints.clear();
		}
		if (found.isEmpty()) {
			return;
		}
		JetStreamListenerContainerFactory factory = this.beanFactory.getBean(JetStreamListenerContainerFactory.class);
		JetStreamListenerRegistry registry = this.beanFactory.getBean(JetStreamListenerRegistry.class);
		for (JetStreamListenerEndpoint endpoint : found) {
			registry.registerListenerContainer(factory.createContainer(endpoint));
		}
	}

	private JetStreamListenerEndpoint endpoint(JetStreamListener listener, Object bean, Method method,
			String beanName) {
		String where = "@JetStreamListener on " + beanName + "." + method.getName();
		String consumer = resolve(listener.consumer());
		if (!StringUtils.hasText(consumer)) {
			throw new BeanInitializationException(where + " needs a consumer name");
		}
		String id = StringUtils.hasText(resolve(listener.id())) ? resolve(listener.id()) : consumer;
		return new JetStreamListenerEndpoint(id, text(listener.stream()), consumer, bean, method,
				parse(where, "concurrency", listener.concurrency(), Integer::valueOf),
				parse(where, "autoStartup", listener.autoStartup(), Boolean::valueOf),
				parse(where, "ackMode", listener.ackMode(),
						(value) -> AckMode.valueOf(value.trim().toUpperCase(Locale.ROOT))),
				text(listener.deadLetter()), parse(where, "batchSize", listener.batchSize(), Integer::valueOf),
				Arrays.stream(listener.subjects()).map(this::resolve).filter(StringUtils::hasText).toList(),
				parse(where, "ackWait", listener.ackWait(), DurationFormatterUtils::detectAndParse),
				parse(where, "maxDeliver", listener.maxDeliver(), Long::valueOf),
				Arrays.stream(listener.backoff())
					.map(this::resolve)
					.filter(StringUtils::hasText)
					.map((value) -> parseValue(where, "backoff", value, DurationFormatterUtils::detectAndParse))
					.toList(),
				parse(where, "deliverPolicy", listener.deliverPolicy(),
						JetStreamListenerAnnotationBeanPostProcessor::deliverPolicy));
	}

	private static DeliverPolicy deliverPolicy(String value) {
		String wanted = value.replace("-", "").replace("_", "");
		return Arrays.stream(DeliverPolicy.values())
			.filter((policy) -> policy.name().equalsIgnoreCase(wanted))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"one of all, new, last, last-per-subject, " + "by-start-sequence, by-start-time"));
	}

	private @Nullable String text(String value) {
		String resolved = resolve(value);
		return StringUtils.hasText(resolved) ? resolved : null;
	}

	private <T> @Nullable T parse(String where, String attribute, String value, Function<String, T> parser) {
		String resolved = text(value);
		return (resolved != null) ? parseValue(where, attribute, resolved, parser) : null;
	}

	private static <T> T parseValue(String where, String attribute, String value, Function<String, T> parser) {
		try {
			return parser.apply(value.trim());
		}
		catch (RuntimeException ex) {
			throw new BeanInitializationException(
					where + ": " + attribute + " = \"" + value + "\" is invalid (" + ex.getMessage() + ")", ex);
		}
	}

	private String resolve(String value) {
		if (this.beanFactory == null || value.isEmpty()) {
			return value;
		}
		String resolved = this.beanFactory.resolveEmbeddedValue(value);
		BeanExpressionResolver expressions = this.beanFactory.getBeanExpressionResolver();
		if (resolved == null || expressions == null) {
			return (resolved != null) ? resolved : "";
		}
		Object evaluated = expressions.evaluate(resolved, new BeanExpressionContext(this.beanFactory, null));
		return (evaluated != null) ? evaluated.toString() : "";
	}

}
