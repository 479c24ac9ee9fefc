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

package io.jetstream.spring.test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Applies {@link EmbeddedNatsServer @EmbeddedNatsServer} to a Spring test context.
 */
class EmbeddedNatsServerContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public @Nullable ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		EmbeddedNatsServer annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass,
				EmbeddedNatsServer.class);
		return (annotation != null) ? new Customizer(annotation) : null;
	}

	private static final class Customizer implements ContextCustomizer {

		static final String BEAN_NAME = "embeddedNatsServer";

		private final List<String> config;

		private final boolean jetStream;

		private final String serversProperty;

		Customizer(EmbeddedNatsServer annotation) {
			this.config = Arrays.asList(annotation.config());
			this.jetStream = annotation.jetStream();
			this.serversProperty = annotation.serversProperty();
		}

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			NatsTestServer server = NatsTestServer.builder()
				.jetStream(this.jetStream)
				.configLine(this.config.toArray(String[]::new))
				.start();
			ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
			beanFactory.registerSingleton(BEAN_NAME, server);
			if (beanFactory instanceof DefaultListableBeanFactory registry) {
				// registered first, so destroyed last: after the connection that uses it
				registry.registerDisposableBean(BEAN_NAME, server::close);
			}
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("embeddedNatsServer",
						Map.of(this.serversProperty, server.getUrl(), "nats.dev-server.enabled", "false")));
		}

		@Override
		public boolean equals(@Nullable Object other) {
			return other instanceof Customizer that && this.config.equals(that.config)
					&& this.jetStream == that.jetStream && this.serversProperty.equals(that.serversProperty);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.config, this.jetStream, this.serversProperty);
		}

	}

}
