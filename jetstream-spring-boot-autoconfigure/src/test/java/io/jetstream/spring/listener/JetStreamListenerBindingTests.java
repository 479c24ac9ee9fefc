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

package io.jetstream.spring.listener;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;

import io.jetstream.spring.annotation.JetStreamListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * How annotated methods are found: repeated annotations, proxied beans, expressions.
 */
class JetStreamListenerBindingTests extends AbstractListenerTests {

	@Test
	void aRepeatedAnnotationBindsOneMethodToTwoConsumers() {
		this.contextRunner.withUserConfiguration(RepeatedListener.class).run((context) -> {
			publish("orders.created", "both");
			Received received = context.getBean(Received.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 2);
			assertThat(context.getBean(JetStreamListenerRegistry.class).getListeners())
				.extracting(MessageListenerContainer::getId)
				.containsExactlyInAnyOrder("first", "second");
		});
	}

	@Test
	void aListenerOnAProxiedBeanIsInvokedThroughTheProxy() {
		this.contextRunner.withUserConfiguration(ProxiedListener.class).run((context) -> {
			publish("orders.created", "through the proxy");
			Received received = context.getBean(Received.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
			assertThat(ProxiedListener.intercepted.get()).isEqualTo(1);
		});
	}

	@Test
	void attributesTakeExpressions() {
		this.contextRunner.withUserConfiguration(ExpressionListener.class)
			.withPropertyValues("app.workers=2")
			.run((context) -> {
				publish("orders.created", "x");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
				assertThat(context.getBean(JetStreamListenerRegistry.class).getListener("expr-consumer")).isNotNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, RepeatedListener.Handler.class })
	static class RepeatedListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(id = "first", stream = "ORDERS", consumer = "first")
			@JetStreamListener(id = "second", stream = "ORDERS", consumer = "second")
			void on(String text) {
				this.received.add(text);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(ReceivedConfiguration.class)
	static class ProxiedListener {

		static final AtomicInteger intercepted = new AtomicInteger();

		@Bean
		Handler handler(Received received) {
			return new Handler(received);
		}

		// declared with its own type, so that its order is known when post-processors are
		// sorted, as for Spring's auto-proxy creators
		@Bean
		static ProxyingPostProcessor proxyingPostProcessor() {
			return new ProxyingPostProcessor();
		}

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(stream = "ORDERS", consumer = "proxied")
			public void on(String text) {
				this.received.add(text);
			}

		}

		static class ProxyingPostProcessor implements BeanPostProcessor, Ordered {

			@Override
			public Object postProcessAfterInitialization(Object bean, String beanName) {
				if (!(bean instanceof Handler)) {
					return bean;
				}
				ProxyFactory factory = new ProxyFactory(bean);
				factory.setProxyTargetClass(true);
				factory.addAdvice((MethodInterceptor) (invocation) -> {
					if (invocation.getMethod().getName().equals("on")) {
						intercepted.incrementAndGet();
					}
					return invocation.proceed();
				});
				return factory.getProxy();
			}

			@Override
			public int getOrder() {
				return Ordered.HIGHEST_PRECEDENCE;
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, ExpressionListener.Handler.class })
	static class ExpressionListener {

		static class Handler extends RecordingHandler {

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(stream = "#{'ORD' + 'ERS'}", consumer = "expr-consumer",
					concurrency = "#{${app.workers} * 1}")
			void on(String text) {
				this.received.add(text);
			}

		}

	}

}
