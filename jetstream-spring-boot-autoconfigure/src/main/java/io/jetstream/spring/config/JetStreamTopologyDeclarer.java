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
package io.jetstream.spring.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.core.log.LogAccessor;

/**
 * The one owner of the application's topology: collects the {@link StreamDeclaration} and
 * {@link ConsumerDeclaration} beans (with the declarations it is given, from
 * configuration properties, say), merges them, refuses overlapping subjects and cycles,
 * and applies them to the server according to a {@link TopologyMode}, comparing only the
 * settings each declaration sets. It runs once, after every singleton exists and before
 * any listener starts, and logs one summary line of what it created, updated and left
 * alone; {@link #declare(Collection, Collection)} applies more (consumers created from
 * listener annotations, the dead-letter stream) the same way. Modelled on Spring Kafka's
 * {@code KafkaAdmin}.
 *
 * @since 0.1.0
 */
public class JetStreamTopologyDeclarer implements BeanFactoryAware, SmartInitializingSingleton {

	private static final LogAccessor logger = new LogAccessor(JetStreamTopologyDeclarer.class);

	private static final int STREAM_NOT_FOUND = 10059;

	private static final int CONSUMER_NOT_FOUND = 10014;

	private final JetStreamManagement management;

	private final Supplier<ServerInfo> serverInfo;

	private final TopologyMode mode;

	private final List<StreamDeclaration> givenStreams;

	private final List<ConsumerDeclaration> givenConsumers;

	private volatile @Nullable List<StreamDeclaration> streams;

	private volatile @Nullable List<ConsumerDeclaration> consumers;

	private @Nullable ListableBeanFactory beanFactory;

	private volatile boolean initialized;

	private BooleanSupplier connected = () -> true;

	private final AtomicBoolean declared = new AtomicBoolean();

	private TopologyCalls calls = new TopologyCalls(Duration.ofSeconds(30));

	/**
	 * Create a declarer of the {@link StreamDeclaration} and {@link ConsumerDeclaration}
	 * beans of its bean factory.
	 * @param management the JetStream management context
	 * @param serverInfo the connected server's info, read when declaring (for feature
	 * gates)
	 * @param mode what to do with differences
	 */
	public JetStreamTopologyDeclarer(JetStreamManagement management, Supplier<ServerInfo> serverInfo,
			TopologyMode mode) {
		this(management, serverInfo, mode, List.of(), List.of());
	}

	/**
	 * Create a declarer of the given declarations and, as a bean, of the
	 * {@link StreamDeclaration} and {@link ConsumerDeclaration} beans of its bean
	 * factory.
	 * @param management the JetStream management context
	 * @param serverInfo the connected server's info, read when declaring (for feature
	 * gates)
	 * @param mode what to do with differences
	 * @param streams streams to declare besides the beans (from configuration properties,
	 * say)
	 * @param consumers consumers to declare besides the beans
	 */
	public JetStreamTopologyDeclarer(JetStreamManagement management, Supplier<ServerInfo> serverInfo, TopologyMode mode,
			Collection<StreamDeclaration> streams, Collection<ConsumerDeclaration> consumers) {
		this.management = management;
		this.serverInfo = serverInfo;
		this.mode = mode;
		this.givenStreams = List.copyOf(streams);
		this.givenConsumers = List.copyOf(consumers);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		if (beanFactory instanceof ListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	/**
	 * Declare at startup only while this says the connection is up; otherwise
	 * {@link #declare()} is left to whoever sees the connection come up.
	 * @param connected whether the connection is up
	 */
	public void setConnected(BooleanSupplier connected) {
		this.connected = connected;
	}

	/**
	 * Collects the declaration beans and, when connected, declares everything: after
	 * every singleton exists, before any listener starts (as Spring Kafka's
	 * {@code KafkaAdmin} does).
	 */
	@Override
	public void afterSingletonsInstantiated() {
		resolve();
		this.initialized = true;
		if (this.connected.getAsBoolean()) {
			declare();
		}
		else {
			logger
				.info("NATS not connected yet; the JetStream topology is declared once the connection is established");
		}
	}

	/**
	 * Whether the declaration beans have been collected: the application context is ready
	 * for {@link #declare()}.
	 * @return {@code true} after {@link #afterSingletonsInstantiated()}
	 */
	public boolean isInitialized() {
		return this.initialized || this.beanFactory == null;
	}

	private synchronized void resolve() {
		if (this.streams != null) {
			return;
		}
		ListableBeanFactory beans = this.beanFactory;
		this.streams = Declarations.streams(this.givenStreams,
				(beans != null) ? beans.getBeansOfType(StreamDeclaration.class) : Map.of());
		this.consumers = Declarations.consumers(this.givenConsumers,
				(beans != null) ? beans.getBeansOfType(ConsumerDeclaration.class) : Map.of());
	}

	/**
	 * How long a call the server refuses for a passing reason (a JetStream cluster that
	 * is forming or electing a leader, a request timeout) is retried before declaring
	 * fails; {@link Duration#ZERO} fails at once.
	 * @param retryTimeout the time to keep retrying one call
	 */
	public void setRetryTimeout(Duration retryTimeout) {
		this.calls = new TopologyCalls(retryTimeout);
	}

	/**
	 * Return the mode.
	 * @return the topology mode
	 */
	public TopologyMode getMode() {
		return this.mode;
	}

	/**
	 * Return the declared streams.
	 * @return the streams
	 */
	public List<StreamDeclaration> getStreams() {
		resolve();
		return Objects.requireNonNull(this.streams);
	}

	/**
	 * Return the declared consumers.
	 * @return the consumers
	 */
	public List<ConsumerDeclaration> getConsumers() {
		resolve();
		return Objects.requireNonNull(this.consumers);
	}

	/**
	 * Whether the declarations have been applied.
	 * @return {@code true} once {@link #declare()} has succeeded
	 */
	public boolean isDeclared() {
		return this.declared.get();
	}

	/**
	 * Apply the declarations; a second call does nothing.
	 * @throws JetStreamTopologyException if the server cannot apply a declaration, is too
	 * old for a configured feature, or (in {@link TopologyMode#VALIDATE validate} mode)
	 * does not match
	 */
	public synchronized void declare() {
		if (this.declared.get()) {
			return;
		}
		List<StreamDeclaration> streams = getStreams();
		List<ConsumerDeclaration> consumers = getConsumers();
		if (this.mode != TopologyMode.NONE && !(streams.isEmpty() && consumers.isEmpty())) {
			checkServerVersion(streams, consumers);
			// before anything is created: a failed startup should leave the server as it
			// was
			consumers.forEach((consumer) -> requireStream(consumer, streams));
			Summary summary = new Summary();
			streams.forEach((stream) -> declareStream(stream, summary));
			consumers.forEach((consumer) -> declareConsumer(consumer, summary));
			logger.info(() -> "JetStream topology (" + TopologySetting.format(this.mode) + "): " + summary);
		}
		this.declared.set(true);
	}

	/**
	 * Apply more declarations with this declarer's mode and retries: consumers created
	 * from listener annotations, the dead-letter stream. Each call applies what it is
	 * given (an existing match is left alone), so it may be repeated.
	 * @param streams the streams, upstreams first
	 * @param consumers the consumers
	 * @throws JetStreamTopologyException as {@link #declare()}
	 */
	public void declare(Collection<StreamDeclaration> streams, Collection<ConsumerDeclaration> consumers) {
		JetStreamTopologyDeclarer more = new JetStreamTopologyDeclarer(this.management, this.serverInfo, this.mode,
				streams, consumers);
		more.calls = this.calls;
		more.declare();
	}

	private void checkServerVersion(List<StreamDeclaration> streams, List<ConsumerDeclaration> consumers) {
		ServerInfo info = this.serverInfo.get();
		List<String> refused = new ArrayList<>();
		streams.forEach((stream) -> refused.addAll(tooNew(info, stream.getOrigin(), stream.getSettings())));
		consumers.forEach((consumer) -> refused.addAll(tooNew(info, consumer.getOrigin(), consumer.getSettings())));
		if (!refused.isEmpty()) {
			throw new JetStreamTopologyException(String.join("; ", refused), null);
		}
	}

	private static List<String> tooNew(ServerInfo info, String origin,
			Map<? extends TopologySetting<?, ?>, Object> settings) {
		List<String> refused = new ArrayList<>();
		settings.forEach((setting, value) -> {
			String required = setting.getRequiredServerVersion(value);
			if (required != null && info.isOlderThanVersion(required)) {
				refused.add(origin + "." + setting.getPropertyName() + " needs nats-server " + required
						+ " or newer; the connected server is " + info.getVersion());
			}
		});
		return refused;
	}

	private void declareStream(StreamDeclaration stream, Summary summary) {
		String what = "stream " + stream.getName();
		StreamInfo info = this.calls.read(what, () -> this.management.getStreamInfo(stream.getName()),
				STREAM_NOT_FOUND);
		if (info == null) {
			requireCreateAllowed(what, stream.getOrigin());
			this.calls.write(what, "create", () -> this.management.addStream(stream.toConfiguration(null)));
			summary.created.add(what);
			return;
		}
		StreamConfiguration existing = info.getConfiguration();
		List<String> differences = differences(stream.getOrigin(), stream.getSettings(), existing);
		if (applyDifferences(what, stream.getOrigin(), differences, summary)) {
			requireUpdatable(what, stream.getOrigin(), stream.getSettings(), existing);
			this.calls.write(what, "update", () -> this.management.updateStream(stream.toConfiguration(existing)));
			summary.updated.add(what + " (" + String.join("; ", differences) + ")");
		}
	}

	private void declareConsumer(ConsumerDeclaration consumer, Summary summary) {
		String what = "consumer " + consumer.getName() + " on stream " + consumer.getStream();
		ConsumerInfo info = this.calls.read(what,
				() -> this.management.getConsumerInfo(consumer.getStream(), consumer.getName()), CONSUMER_NOT_FOUND);
		if (info == null) {
			requireCreateAllowed(what, consumer.getOrigin());
			this.calls.write(what, "create",
					() -> this.management.addOrUpdateConsumer(consumer.getStream(), consumer.toConfiguration(null)));
			summary.created.add(what);
			return;
		}
		ConsumerConfiguration existing = info.getConsumerConfiguration();
		List<String> differences = differences(consumer.getOrigin(), consumer.getSettings(), existing);
		if (applyDifferences(what, consumer.getOrigin(), differences, summary)) {
			requireUpdatable(what, consumer.getOrigin(), consumer.getSettings(), existing);
			this.calls.write(what, "update", () -> this.management.addOrUpdateConsumer(consumer.getStream(),
					consumer.toConfiguration(existing)));
			summary.updated.add(what + " (" + String.join("; ", differences) + ")");
		}
	}

	private void requireStream(ConsumerDeclaration consumer, List<StreamDeclaration> streams) {
		boolean declared = streams.stream().anyMatch((stream) -> stream.getName().equals(consumer.getStream()));
		if (declared) {
			return;
		}
		StreamInfo info = this.calls.read("stream " + consumer.getStream(),
				() -> this.management.getStreamInfo(consumer.getStream()), STREAM_NOT_FOUND);
		if (info == null) {
			throw new TopologyDeclarationException(consumer.getOrigin() + ".stream", consumer.getStream(),
					"names a stream that is neither declared nor present on the server");
		}
	}

	/**
	 * Decide what to do with the differences of an existing stream or consumer.
	 * @return {@code true} if it should be updated
	 */
	private boolean applyDifferences(String what, String origin, List<String> differences, Summary summary) {
		if (differences.isEmpty()) {
			summary.unchanged.add(what);
			return false;
		}
		switch (this.mode) {
			case VALIDATE -> throw new JetStreamTopologyException(what + " on the server differs from " + origin
					+ " (topology mode validate): " + String.join("; ", differences), null);
			case CREATE -> {
				logger.warn(() -> what + " differs from " + origin + " and is left as it is (topology mode create): "
						+ String.join("; ", differences));
				summary.unchanged.add(what);
				return false;
			}
			default -> {
				return true;
			}
		}
	}

	private void requireCreateAllowed(String what, String origin) {
		if (this.mode == TopologyMode.VALIDATE) {
			throw new JetStreamTopologyException(
					what + " (" + origin + ") does not exist on the server (topology mode validate)", null);
		}
	}

	private static <C> void requireUpdatable(String what, String origin,
			Map<? extends TopologySetting<C, ?>, Object> settings, C existing) {
		List<String> fixed = settings.entrySet()
			.stream()
			.filter((setting) -> !setting.getKey().isUpdatable()
					&& !setting.getKey().matches(setting.getKey().read(existing), setting.getValue()))
			.map((setting) -> difference(origin, setting.getKey(), setting.getKey().read(existing), setting.getValue()))
			.toList();
		if (!fixed.isEmpty()) {
			throw new JetStreamTopologyException(
					what + " cannot be updated: the server cannot change " + String.join("; ", fixed)
							+ ". Change the configuration back, or delete and recreate it on the server.",
					null);
		}
	}

	private static <C> List<String> differences(String origin, Map<? extends TopologySetting<C, ?>, Object> settings,
			C existing) {
		List<String> differences = new ArrayList<>();
		settings.forEach((setting, configured) -> {
			Object serverValue = setting.read(existing);
			if (!setting.matches(serverValue, configured)) {
				differences.add(difference(origin, setting, serverValue, configured));
			}
		});
		return differences;
	}

	private static String difference(String origin, TopologySetting<?, ?> setting, @Nullable Object serverValue,
			Object configured) {
		return setting.getPropertyName() + " is " + TopologySetting.format(serverValue) + " on the server, "
				+ TopologySetting.format(configured) + " configured (" + origin + "." + setting.getPropertyName() + ")";
	}

	private static final class Summary {

		private final List<String> created = new ArrayList<>();

		private final List<String> updated = new ArrayList<>();

		private final List<String> unchanged = new ArrayList<>();

		@Override
		public String toString() {
			return "created " + this.created + ", updated " + this.updated + ", unchanged " + this.unchanged;
		}

	}

}
