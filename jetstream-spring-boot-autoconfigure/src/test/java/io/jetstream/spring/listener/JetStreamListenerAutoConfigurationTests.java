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

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;

import io.jetstream.spring.annotation.JetStreamListener;
import io.jetstream.spring.boot.autoconfigure.JetStreamContainerFactoryCustomizer;
import io.jetstream.spring.boot.autoconfigure.JetStreamListenerContainerFactoryConfigurer;
import io.jetstream.spring.config.JetStreamListenerContainerFactory;
import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.container.JetStreamListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import io.jetstream.spring.config.JetStreamListenerRegistry;

/**
 * The extension points of the listener auto-configuration: a bean of the user's replaces
 * each default, customizers apply in order, listeners pick a factory and an error handler
 * by name, and workers run on virtual threads when Spring Boot is told to use them.
 */
class JetStreamListenerAutoConfigurationTests extends AbstractListenerTests {

	private final ApplicationContextRunner runner = this.contextRunner
		.withPropertyValues("nats.jetstream.consumers.plain.stream=ORDERS");

	@Test
	void defaultsAreAutoConfigured() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JetStreamErrorHandler.class)
				.hasSingleBean(DeadLetterPublishingRecoverer.class)
				.hasSingleBean(JetStreamListenerContainerFactoryConfigurer.class)
				.hasSingleBean(JetStreamListenerContainerFactory.class)
				.hasSingleBean(JetStreamListenerRegistry.class);
			assertThat(context.getBean(JetStreamErrorHandler.class)).isInstanceOf(DefaultJetStreamErrorHandler.class);
		});
	}

	@Test
	void userBeansReplaceTheDefaultsAndReachTheContainers() {
		JetStreamErrorHandler errorHandler = (message, metadata, failure, limits) -> ListenerErrorDecision.drop();
		this.runner.withUserConfiguration(PlainListener.class)
			.withBean("myErrorHandler", JetStreamErrorHandler.class, () -> errorHandler)
			.withBean("myRecoverer", DeadLetterPublishingRecoverer.class,
					() -> new DeadLetterPublishingRecoverer((JetStreamOperations) null,
							(original, metadata, failure) -> "errors"))
			.withBean(JetStreamListenerRegistry.class, JetStreamListenerRegistry::new)
			.run((context) -> {
				assertThat(context).hasSingleBean(JetStreamErrorHandler.class)
					.hasSingleBean(DeadLetterPublishingRecoverer.class);
				JetStreamContainerProperties properties = properties(context.getBean(JetStreamListenerRegistry.class),
						"plain");
				assertThat(properties.getErrorHandler()).isSameAs(errorHandler);
				assertThat(properties.getRecoverer()).isSameAs(context.getBean(DeadLetterPublishingRecoverer.class));
			});
	}

	@Test
	void customizersApplyInOrderAfterTheProperties() {
		this.runner.withUserConfiguration(PlainListener.class, Customizers.class)
			.withPropertyValues("nats.jetstream.listener.concurrency=2", "nats.jetstream.listener.batch-size=10")
			.run((context) -> {
				JetStreamContainerProperties properties = properties(context.getBean(JetStreamListenerRegistry.class),
						"plain");
				assertThat(properties.getConcurrency()).as("the later customizer wins").isEqualTo(3);
				assertThat(properties.getBatchSize()).as("from the properties").isEqualTo(10);
				assertThat(properties.getShutdownTimeout()).as("from the container customizer")
					.isEqualTo(Duration.ofSeconds(7));
			});
	}

	@Test
	void listenersCanNameAContainerFactoryAndAnErrorHandler() {
		this.runner.withUserConfiguration(NamedListener.class, SecondFactory.class)
			.withPropertyValues("nats.jetstream.consumers.named.stream=ORDERS")
			.run((context) -> {
				JetStreamListenerRegistry registry = context.getBean(JetStreamListenerRegistry.class);
				assertThat(properties(registry, "plain").getConcurrency()).isEqualTo(1);
				JetStreamContainerProperties named = properties(registry, "named");
				assertThat(named.getConcurrency()).as("from the named factory").isEqualTo(4);
				assertThat(named.getErrorHandler()).isSameAs(context.getBean("dropEverything"));
				assertThat(named.getBatchSize()).as("the configurer's defaults").isEqualTo(500);
			});
	}

	@Test
	@EnabledIf("virtualThreadsAvailable")
	void withVirtualThreadsEnabledListenersRunOnVirtualThreads() {
		this.runner.withUserConfiguration(PlainListener.class)
			.withPropertyValues("spring.threads.virtual.enabled=true")
			.run((context) -> {
				assertThat(properties(context.getBean(JetStreamListenerRegistry.class), "plain").getTaskExecutor())
					.isNotNull();
				publish("orders.created", "one");
				Received received = context.getBean(Received.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> received.payloads.size() == 1);
				assertThat(PlainListener.Handler.virtual).as("handled on a virtual thread").isTrue();
				assertThat(received.threads).singleElement().asString().startsWith("jetstream-listener-");
			});
	}

	static boolean virtualThreadsAvailable() {
		if (Runtime.version().feature() >= 21) {
			return true;
		}
		System.err.println("SKIPPED (Java " + Runtime.version().feature()
				+ "): virtual threads need Java 21+; the build runs this test on Java 21+ when one is installed");
		return false;
	}

	private static JetStreamContainerProperties properties(JetStreamListenerRegistry registry, String id) {
		MessageListenerContainer container = registry.getListener(id);
		assertThat(container).isInstanceOf(JetStreamListenerContainer.class);
		return ((JetStreamListenerContainer) container).getContainerProperties();
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, PlainListener.Handler.class })
	static class PlainListener {

		static class Handler extends RecordingHandler {

			static volatile boolean virtual;

			Handler(Received received) {
				super(received);
			}

			@JetStreamListener(consumer = "plain", autoStartup = "${listener.auto-startup:true}")
			void on(String text) throws Exception {
				Method isVirtual = Thread.class.getMethod("isVirtual");
				virtual = (boolean) isVirtual.invoke(Thread.currentThread());
				this.received.add(text);
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ ReceivedConfiguration.class, PlainListener.Handler.class, NamedListener.Handler.class })
	static class NamedListener {

		static class Handler {

			@JetStreamListener(consumer = "named", containerFactory = "fourWorkers", errorHandler = "dropEverything")
			void on(String text) {
			}

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondFactory {

		@Bean
		JetStreamListenerContainerFactory fourWorkers(JetStreamListenerContainerFactoryConfigurer configurer,
				Connection connection, JetStream jetStream,
				@Qualifier("jetStreamHandlerMethodFactory") MessageHandlerMethodFactory handlerMethodFactory) {
			JetStreamListenerContainerFactory factory = new JetStreamListenerContainerFactory(connection, jetStream,
					handlerMethodFactory);
			configurer.configure(factory);
			factory.getContainerProperties().setConcurrency(4);
			return factory;
		}

		@Bean
		JetStreamErrorHandler dropEverything() {
			return (message, metadata, failure, limits) -> ListenerErrorDecision.drop();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		@Bean
		@Order(2)
		JetStreamContainerFactoryCustomizer three() {
			return (factory) -> factory.getContainerProperties().setConcurrency(3);
		}

		@Bean
		@Order(1)
		JetStreamContainerFactoryCustomizer five() {
			return (factory) -> {
				factory.getContainerProperties().setConcurrency(5);
				factory.setContainerCustomizer(
						(container) -> container.getContainerProperties().setShutdownTimeout(Duration.ofSeconds(7)));
			};
		}

	}

}
