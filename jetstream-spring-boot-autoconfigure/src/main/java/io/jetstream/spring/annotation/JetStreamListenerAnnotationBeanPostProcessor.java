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

import io.micrometer.observation.ObservationRegistry;
import io.nats.client.Connection;
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
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.config.JetStreamListenerEndpoint;
import io.jetstream.spring.config.MethodJetStreamListenerEndpoint;
import io.jetstream.spring.core.PayloadSerializer;
import io.jetstream.spring.listener.AckMode;
import io.jetstream.spring.listener.Acknowledgment;
import io.jetstream.spring.listener.MessageMetadata;
import io.jetstream.spring.listener.container.NatsListenerContainer;
import io.jetstream.spring.config.NatsListenerRegistry;
import io.jetstream.spring.support.converter.JetStreamMessageConverter;
import io.jetstream.spring.listener.JetStreamErrorHandler;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * Finds {@link JetStreamListener @JetStreamListener} methods on beans (also behind AOP
 * proxies, repeated, or on several methods of one bean), resolves their attributes
 * ({@code ${...}} placeholders, {@code #{...}} expressions), and, once every singleton
 * exists, has the {@link JetStreamListenerContainerFactory} create one container per
 * annotation and registers it with the {@link JetStreamListenerRegistry}.
 *
 * @since 0.1.0
 */
public class JetStreamListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

	private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();

	private static final String JETSTREAM_HANDLER_METHOD_FACTORY = "jetStreamHandlerMethodFactory";

	/** The bean name of the container factory of listeners that do not name one. */
	public static final String DEFAULT_CONTAINER_FACTORY_BEAN_NAME = "jetStreamListenerContainerFactory";

	private final List<Found> endpoints = new ArrayList<>();

	private final List<NatsFound> natsEndpoints = new ArrayList<>();

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
		Map<Method, NatsListener> core = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<NatsListener>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, NatsListener.class));
		if (annotated.isEmpty() && core.isEmpty()) {
			this.classesWithoutListeners.add(targetClass);
			return bean;
		}
		core.forEach((method, listener) -> {
			synchronized (this.endpoints) {
				this.natsEndpoints.add(new NatsFound(listener, bean,
						AopUtils.selectInvocableMethod(method, bean.getClass()), beanName));
			}
		});
		annotated.forEach((method, listeners) -> {
			Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
			for (JetStreamListener listener : listeners) {
				synchronized (this.endpoints) {
					this.endpoints.add(new Found(endpoint(listener, bean, invocable, beanName),
							text(listener.containerFactory())));
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
		List<Found> found;
		List<NatsFound> core;
		synchronized (this.endpoints) {
			found = List.copyOf(this.endpoints);
			this.endpoints.clear();
			core = List.copyOf(this.natsEndpoints);
			this.natsEndpoints.clear();
		}
		if (!core.isEmpty()) {
			NatsListenerRegistry natsRegistry = this.beanFactory.getBean(NatsListenerRegistry.class);
			for (NatsFound each : core) {
				natsRegistry.registerListenerContainer(natsContainer(each));
			}
		}
		if (found.isEmpty()) {
			return;
		}
		JetStreamListenerRegistry registry = this.beanFactory.getBean(JetStreamListenerRegistry.class);
		for (Found each : found) {
			registry.registerListenerContainer(containerFactory(each).createContainer(each.endpoint()));
		}
	}

	private JetStreamListenerContainerFactory containerFactory(Found found) {
		ConfigurableListableBeanFactory beans = this.beanFactory;
		Assert.state(beans != null, "No bean factory");
		String name = (found.containerFactory() != null) ? found.containerFactory()
				: DEFAULT_CONTAINER_FACTORY_BEAN_NAME;
		if (found.containerFactory() == null && !beans.containsBean(name)) {
			return beans.getBean(JetStreamListenerContainerFactory.class);
		}
		try {
			return beans.getBean(name, JetStreamListenerContainerFactory.class);
		}
		catch (BeansException ex) {
			throw new BeanInitializationException(found.endpoint().describe() + ": containerFactory \"" + name
					+ "\" is not a JetStreamListenerContainerFactory bean", ex);
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
		MethodJetStreamListenerEndpoint endpoint = new MethodJetStreamListenerEndpoint(id, consumer, bean, method);
		endpoint.setStream(text(listener.stream()));
		endpoint.setConcurrency(parse(where, "concurrency", listener.concurrency(), Integer::valueOf));
		endpoint.setAutoStartup(parse(where, "autoStartup", listener.autoStartup(), Boolean::valueOf));
		endpoint.setAckMode(parse(where, "ackMode", listener.ackMode(),
				(value) -> AckMode.valueOf(value.trim().toUpperCase(Locale.ROOT))));
		endpoint.setDeadLetter(text(listener.deadLetter()));
		endpoint.setBatchSize(parse(where, "batchSize", listener.batchSize(), Integer::valueOf));
		endpoint
			.setSubjects(Arrays.stream(listener.subjects()).map(this::resolve).filter(StringUtils::hasText).toList());
		endpoint.setAckWait(parse(where, "ackWait", listener.ackWait(), DurationFormatterUtils::detectAndParse));
		endpoint.setMaxDeliver(parse(where, "maxDeliver", listener.maxDeliver(), Long::valueOf));
		endpoint.setBackoff(Arrays.stream(listener.backoff())
			.map(this::resolve)
			.filter(StringUtils::hasText)
			.map((value) -> parseValue(where, "backoff", value, DurationFormatterUtils::detectAndParse))
			.toList());
		endpoint.setDeliverPolicy(parse(where, "deliverPolicy", listener.deliverPolicy(),
				JetStreamListenerAnnotationBeanPostProcessor::deliverPolicy));
		endpoint.setErrorHandler(errorHandler(where, text(listener.errorHandler())));
		endpoint.setPriorityGroup(text(listener.priorityGroup()));
		endpoint.setMinPending(parse(where, "minPending", listener.minPending(), Long::valueOf));
		endpoint.setMinAckPending(parse(where, "minAckPending", listener.minAckPending(), Long::valueOf));
		endpoint.setSendTo(sendTo(where, method));
		endpoint.setBatchListener(Boolean.TRUE.equals(parse(where, "batch", listener.batch(), Boolean::valueOf)));
		return endpoint;
	}

	/**
	 * The subject of the method's {@code @SendTo}, placeholders and {@code #{...}}
	 * expressions resolved at startup.
	 */
	private @Nullable String sendTo(String where, Method method) {
		SendTo sendTo = AnnotatedElementUtils.findMergedAnnotation(method, SendTo.class);
		if (sendTo == null) {
			return null;
		}
		if (sendTo.value().length != 1 || !StringUtils.hasText(resolve(sendTo.value()[0]))) {
			throw new BeanInitializationException(where + ": @SendTo needs exactly one subject");
		}
		if (method.getReturnType() == void.class) {
			throw new BeanInitializationException(where + ": @SendTo on a method that returns nothing to send");
		}
		return resolve(sendTo.value()[0]);
	}

	private @Nullable JetStreamErrorHandler errorHandler(String where, @Nullable String beanName) {
		if (beanName == null || this.beanFactory == null) {
			return null;
		}
		try {
			return this.beanFactory.getBean(beanName, JetStreamErrorHandler.class);
		}
		catch (BeansException ex) {
			throw new BeanInitializationException(
					where + ": errorHandler \"" + beanName + "\" is not a JetStreamErrorHandler bean", ex);
		}
	}

	private NatsListenerContainer natsContainer(NatsFound found) {
		ConfigurableListableBeanFactory beans = this.beanFactory;
		Assert.state(beans != null, "No bean factory");
		String where = "@NatsListener on " + found.beanName() + "." + found.method().getName();
		String subject = resolve(found.listener().subject());
		if (!StringUtils.hasText(subject)) {
			throw new BeanInitializationException(where + " needs a subject");
		}
		for (Class<?> type : found.method().getParameterTypes()) {
			if (type == MessageMetadata.class || type == Acknowledgment.class) {
				throw new BeanInitializationException(where + " has a " + type.getSimpleName()
						+ " parameter, which only JetStream messages have: core NATS messages are neither stored "
						+ "nor acknowledged");
			}
		}
		String queue = text(found.listener().queue());
		String id = (text(found.listener().id()) != null) ? resolve(found.listener().id())
				: subject + ((queue != null) ? "#" + queue : "");
		Integer concurrency = parse(where, "concurrency", found.listener().concurrency(), Integer::valueOf);
		MessageHandlerMethodFactory methods = beans.getBean(JETSTREAM_HANDLER_METHOD_FACTORY,
				MessageHandlerMethodFactory.class);
		NatsListenerContainer container;
		try {
			container = new NatsListenerContainer(id, subject, queue, (concurrency != null) ? concurrency : 1,
					beans.getBean(Connection.class), methods.createInvocableHandlerMethod(found.bean(), found.method()),
					new PayloadSerializer(beans.getBean(JetStreamMessageConverter.class)));
		}
		catch (IllegalArgumentException | IllegalStateException ex) {
			throw new BeanInitializationException(where + ": " + ex.getMessage(), ex);
		}
		Boolean autoStartup = parse(where, "autoStartup", found.listener().autoStartup(), Boolean::valueOf);
		container.setAutoStartup(autoStartup == null || autoStartup);
		container.setShutdownTimeout(parseValue(where, "nats.jetstream.listener.shutdown-timeout",
				resolve("${nats.jetstream.listener.shutdown-timeout:30s}"), DurationFormatterUtils::detectAndParse));
		container.setObservationRegistry(
				beans.getBeanProvider(ObservationRegistry.class).getIfUnique(() -> ObservationRegistry.NOOP));
		container
			.setReplySubjects(StringUtils.commaDelimitedListToSet(resolve("${nats.jetstream.listener.reply-subjects:}"))
				.stream()
				.map(String::trim)
				.filter((pattern) -> !pattern.isEmpty())
				.toList());
		return container;
	}

	/**
	 * A {@code @NatsListener} method of a bean.
	 */
	private record NatsFound(NatsListener listener, Object bean, Method method, String beanName) {
	}

	/**
	 * An endpoint and the bean name of the container factory it asks for.
	 */
	private record Found(JetStreamListenerEndpoint endpoint, @Nullable String containerFactory) {
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
