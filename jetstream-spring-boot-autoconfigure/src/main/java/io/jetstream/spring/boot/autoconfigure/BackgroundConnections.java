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
package io.jetstream.spring.boot.autoconfigure;

import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import org.jspecify.annotations.Nullable;

import io.jetstream.spring.support.NatsUrls;

/**
 * Connections made in the background ({@code nats.fail-fast=false}): the application gets
 * a {@link Connection} at once, and the client keeps trying with its reconnect settings.
 * Until the first connection is established, the stand-in reports
 * {@link Connection.Status#CONNECTING} and every operation fails the way a lost
 * connection does (an {@link IOException} where the method declares one), so callers
 * retry as they do after any outage; from then on every call goes to the real connection.
 */
final class BackgroundConnections {

	private BackgroundConnections() {
	}

	static Connection connect(Options options) throws InterruptedException {
		ConnectionHandler handler = new ConnectionHandler(options.getServers().stream().map(Object::toString).toList());
		ConnectionListener configured = options.getConnectionListener();
		Options effective = new Options.Builder(options).connectionListener(new ConnectionListener() {

			@Override
			public void connectionEvent(Connection connection, Events type) {
				connectionEvent(connection, type, null, null);
			}

			@Override
			public void connectionEvent(Connection connection, Events type, @Nullable Long time,
					@Nullable String uriDetails) {
				handler.onEvent(connection, type);
				if (configured != null) {
					configured.connectionEvent(connection, type, time, uriDetails);
				}
			}

		}).build();
		Nats.connectAsynchronously(effective, true);
		return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
				new Class<?>[] { Connection.class }, handler);
	}

	/**
	 * Return a stand-in for an object made from the connection (a JetStream context) that
	 * is made on first use once the connection is established.
	 */
	@SuppressWarnings("unchecked")
	static <T> T lazy(Class<T> type, Connection connection, Callable<T> factory) {
		AtomicReference<@Nullable T> target = new AtomicReference<>();
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getDeclaringClass() == Object.class) {
				return invokeObjectMethod(proxy, method, args, "Lazy " + type.getSimpleName());
			}
			T current = target.get();
			if (current == null) {
				if (connection.getStatus() != Connection.Status.CONNECTED) {
					throw notConnected(method, List.copyOf(connection.getServers()));
				}
				current = factory.call();
				target.compareAndSet(null, current);
			}
			return invoke(current, method, args);
		};
		return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, handler);
	}

	private static Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	private static Object invokeObjectMethod(Object proxy, Method method, Object @Nullable [] args,
			String description) {
		return switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			default -> description;
		};
	}

	private static Exception notConnected(Method method, List<String> servers) {
		String message = "NATS connection to " + NatsUrls.redact(servers)
				+ " is not established yet (nats.fail-fast=false connects in the background)";
		if (Arrays.asList(method.getExceptionTypes()).contains(IOException.class)) {
			return new IOException(message);
		}
		return new NatsConnectionException(message, servers, null);
	}

	private static final class ConnectionHandler implements InvocationHandler {

		private final List<String> servers;

		private final AtomicReference<@Nullable Connection> underlying = new AtomicReference<>();

		private volatile boolean established;

		private volatile boolean closed;

		private final Queue<ConnectionListener> pendingListeners = new ConcurrentLinkedQueue<>();

		ConnectionHandler(List<String> servers) {
			this.servers = servers;
		}

		void onEvent(Connection connection, ConnectionListener.Events type) {
			if (this.underlying.compareAndSet(null, connection)) {
				ConnectionListener listener;
				while ((listener = this.pendingListeners.poll()) != null) {
					connection.addConnectionListener(listener);
				}
			}
			if (type == ConnectionListener.Events.CONNECTED || type == ConnectionListener.Events.RECONNECTED) {
				this.established = true;
			}
			if (this.closed) {
				closeQuietly(connection);
			}
		}

		@Override
		public @Nullable Object invoke(Object proxy, Method method, Object @Nullable [] args) throws Throwable {
			if (method.getDeclaringClass() == Object.class) {
				return invokeObjectMethod(proxy, method, args, "Background NATS connection to " + this.servers);
			}
			Connection connection = this.underlying.get();
			// The status, not only the event, decides: listeners of the same event may
			// run
			// before this handler has seen it.
			if (connection != null && (this.established || connection.getStatus() == Connection.Status.CONNECTED)) {
				this.established = true;
				return BackgroundConnections.invoke(connection, method, args);
			}
			switch (method.getName()) {
				case "getStatus":
					return (connection != null) ? connection.getStatus() : Connection.Status.CONNECTING;
				case "getServers":
					return this.servers;
				case "getConnectedUrl":
				case "getServerInfo":
					return null;
				case "addConnectionListener":
					if (connection != null) {
						connection.addConnectionListener((ConnectionListener) args[0]);
					}
					else {
						this.pendingListeners.add((ConnectionListener) args[0]);
					}
					return null;
				case "close":
				case "drain":
					this.closed = true;
					if (connection != null) {
						closeQuietly(connection);
					}
					return method.getName().equals("drain")
							? java.util.concurrent.CompletableFuture.completedFuture(true) : null;
				default:
					throw notConnected(method, this.servers);
			}
		}

		private static void closeQuietly(Connection connection) {
			try {
				connection.close();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
