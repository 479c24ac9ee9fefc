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

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;

/**
 * Applies declared streams to the server according to a {@link TopologyMode}, comparing
 * only the settings each declaration sets. It runs once, before anything that consumes or
 * publishes, and logs one summary line of what it created, updated and left alone.
 */
public class JetStreamTopologyDeclarer {

	private static final LogAccessor logger = new LogAccessor(JetStreamTopologyDeclarer.class);

	private static final int STREAM_NOT_FOUND = 10059;

	private final JetStreamManagement management;

	private final TopologyMode mode;

	private final Collection<StreamDeclaration> streams;

	/**
	 * Create a declarer.
	 * @param management the JetStream management context
	 * @param mode what to do with differences
	 * @param streams the declared streams
	 */
	public JetStreamTopologyDeclarer(JetStreamManagement management, TopologyMode mode,
			Collection<StreamDeclaration> streams) {
		this.management = management;
		this.mode = mode;
		this.streams = List.copyOf(streams);
	}

	/**
	 * Apply the declarations.
	 * @throws JetStreamTopologyException if the server cannot apply a declaration or, in
	 * {@link TopologyMode#VALIDATE validate} mode, does not match it
	 */
	public void declare() {
		if (this.mode == TopologyMode.NONE || this.streams.isEmpty()) {
			return;
		}
		List<String> created = new ArrayList<>();
		List<String> updated = new ArrayList<>();
		List<String> unchanged = new ArrayList<>();
		for (StreamDeclaration stream : this.streams) {
			StreamInfo info = streamInfo(stream);
			if (info == null) {
				createStream(stream);
				created.add(stream.getName());
				continue;
			}
			List<String> differences = differences(stream, info.getConfiguration());
			if (differences.isEmpty()) {
				unchanged.add(stream.getName());
			}
			else if (this.mode == TopologyMode.CREATE) {
				logger.warn(() -> "Stream " + stream.getName() + " differs from " + stream.getOrigin()
						+ " and is left as it is (nats.jetstream.topology.mode=create): "
						+ String.join("; ", differences));
				unchanged.add(stream.getName());
			}
			else {
				updateStream(stream, info.getConfiguration(), differences);
				updated.add(stream.getName() + " (" + String.join("; ", differences) + ")");
			}
		}
		logger.info(() -> "JetStream topology (" + this.mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
				+ "): streams created " + created + ", updated " + updated + ", unchanged " + unchanged);
	}

	private @Nullable StreamInfo streamInfo(StreamDeclaration stream) {
		try {
			return this.management.getStreamInfo(stream.getName());
		}
		catch (JetStreamApiException ex) {
			if (ex.getApiErrorCode() == STREAM_NOT_FOUND) {
				return null;
			}
			throw new JetStreamTopologyException("Could not read stream " + stream.getName() + ": " + ex.getMessage(),
					ex);
		}
		catch (IOException ex) {
			throw new JetStreamTopologyException("Could not read stream " + stream.getName() + ": " + ex.getMessage(),
					ex);
		}
	}

	private void createStream(StreamDeclaration stream) {
		if (this.mode == TopologyMode.VALIDATE) {
			throw new JetStreamTopologyException("Stream " + stream.getName() + " (" + stream.getOrigin()
					+ ") does not exist on the server (nats.jetstream.topology.mode=validate)", null);
		}
		try {
			this.management.addStream(stream.toConfiguration(null));
		}
		catch (IOException | JetStreamApiException ex) {
			throw new JetStreamTopologyException(
					"Could not create stream " + stream.getName() + " (" + stream.getOrigin() + "): " + ex.getMessage(),
					ex);
		}
	}

	private void updateStream(StreamDeclaration stream, StreamConfiguration existing, List<String> differences) {
		if (this.mode == TopologyMode.VALIDATE) {
			throw new JetStreamTopologyException(
					"Stream " + stream.getName() + " on the server differs from " + stream.getOrigin()
							+ " (nats.jetstream.topology.mode=validate): " + String.join("; ", differences),
					null);
		}
		List<String> fixed = new ArrayList<>();
		stream.getSettings().forEach((field, value) -> {
			if (!field.isUpdatable() && !matches(field.read(existing), value)) {
				fixed.add(difference(stream, field, field.read(existing), value));
			}
		});
		if (!fixed.isEmpty()) {
			throw new JetStreamTopologyException("Stream " + stream.getName()
					+ " cannot be updated: the server cannot change " + String.join("; ", fixed)
					+ ". Change the configuration back, or delete and recreate the stream (its messages are lost).",
					null);
		}
		try {
			this.management.updateStream(stream.toConfiguration(existing));
		}
		catch (IOException | JetStreamApiException ex) {
			throw new JetStreamTopologyException("Could not update stream " + stream.getName() + " ("
					+ String.join("; ", differences) + "): " + ex.getMessage(), ex);
		}
	}

	private static List<String> differences(StreamDeclaration stream, StreamConfiguration existing) {
		List<String> differences = new ArrayList<>();
		for (Map.Entry<StreamField, Object> setting : stream.getSettings().entrySet()) {
			Object serverValue = setting.getKey().read(existing);
			if (!matches(serverValue, setting.getValue())) {
				differences.add(difference(stream, setting.getKey(), serverValue, setting.getValue()));
			}
		}
		return differences;
	}

	private static String difference(StreamDeclaration stream, StreamField field, @Nullable Object serverValue,
			Object configured) {
		return field.getPropertyName() + " is " + StreamField.format(serverValue) + " on the server, "
				+ StreamField.format(configured) + " configured (" + stream.getOrigin() + "." + field.getPropertyName()
				+ ")";
	}

	private static boolean matches(@Nullable Object serverValue, Object configured) {
		if (serverValue instanceof Collection<?> server && configured instanceof Collection<?> wanted) {
			return new HashSet<>(server).equals(new HashSet<>(wanted));
		}
		return Objects.equals(serverValue, configured);
	}

}
