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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The asynchronous results a listener method may return: a {@code CompletionStage}, or a
 * single-value reactive type (a {@code Mono}, say) through Spring's
 * {@link ReactiveAdapterRegistry} when Reactive Streams is on the classpath.
 *
 * @since 0.1.0
 */
public final class AsyncResults {

	private final @Nullable ReactiveAdapter reactiveAdapter;

	private AsyncResults(@Nullable ReactiveAdapter reactiveAdapter) {
		this.reactiveAdapter = reactiveAdapter;
	}

	/**
	 * The results of a method, checked at startup: a multi-value reactive type (a
	 * {@code Flux}) is refused, since a message has one outcome.
	 * @param method the method
	 * @return its results
	 * @throws IllegalStateException if it returns a multi-value reactive type
	 */
	public static AsyncResults of(Method method) {
		Class<?> type = method.getReturnType();
		if (type == void.class || CompletionStage.class.isAssignableFrom(type) || !ClassUtils
			.isPresent("org.reactivestreams.Publisher", method.getDeclaringClass().getClassLoader())) {
			return new AsyncResults(null);
		}
		ReactiveAdapter adapter = ReactiveAdapterRegistry.getSharedInstance().getAdapter(type);
		Assert.state(adapter == null || !adapter.isMultiValue(),
				() -> "Listener method " + method + " returns " + type.getSimpleName()
						+ ", which may complete with several values; a message has one outcome: return a "
						+ "single-value type such as Mono, or a CompletableFuture");
		return new AsyncResults(adapter);
	}

	/**
	 * Whether a method's return type, or the class of a value it returned, is one that
	 * the single-message path treats as an asynchronous result (a {@code CompletionStage}
	 * or any reactive type Spring's {@link ReactiveAdapterRegistry} knows, single- or
	 * multi-value), or a plain {@link Future}: work that may not have run when the method
	 * returns.
	 * @param type the type
	 * @return {@code true} if its instances are results still to come
	 */
	public static boolean isAsynchronous(Class<?> type) {
		if (CompletionStage.class.isAssignableFrom(type) || Future.class.isAssignableFrom(type)) {
			return true;
		}
		return type != void.class && type != Object.class
				&& ClassUtils.isPresent("org.reactivestreams.Publisher", type.getClassLoader())
				&& ReactiveAdapterRegistry.getSharedInstance().getAdapter(type) != null;
	}

	/**
	 * The stage a result completes with, if it is asynchronous.
	 * @param result what the method returned
	 * @return the stage, or {@code null} if the result is a value (or {@code null})
	 */
	public @Nullable CompletionStage<?> stage(@Nullable Object result) {
		if (result instanceof CompletionStage<?> stage) {
			return stage;
		}
		ReactiveAdapter adapter = this.reactiveAdapter;
		if (result == null || adapter == null) {
			return null;
		}
		ReactiveAdapter future = ReactiveAdapterRegistry.getSharedInstance().getAdapter(CompletableFuture.class);
		Assert.state(future != null, "No adapter of reactive results to CompletableFuture");
		return (CompletionStage<?>) future.fromPublisher(adapter.toPublisher(result));
	}

}
