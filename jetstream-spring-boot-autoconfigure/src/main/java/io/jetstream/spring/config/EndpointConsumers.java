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

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.nats.client.api.PriorityPolicy;
import org.jspecify.annotations.Nullable;

/**
 * The topology side of an endpoint: the consumer it reads, declared or made from its
 * consumer settings, checked against each other, and the priority group it pulls in.
 */
final class EndpointConsumers {

	private EndpointConsumers() {
	}

	/**
	 * Find the endpoint's stream and consumer.
	 * @param endpoint the endpoint
	 * @param topology the application's declarations, or {@code null} if none
	 * @return what the endpoint reads
	 * @throws JetStreamTopologyException if the endpoint names no stream and its consumer
	 * is not declared, or contradicts the consumer's declaration
	 */
	static Resolved resolve(JetStreamListenerEndpoint endpoint, @Nullable JetStreamTopologyDeclarer topology) {
		ConsumerDeclaration declared = findDeclared(endpoint, topology);
		String stream = (endpoint.getStream() != null) ? endpoint.getStream()
				: (declared != null) ? declared.getStream() : null;
		if (stream == null) {
			throw new JetStreamTopologyException(endpoint.describe() + " names no stream, and consumer "
					+ endpoint.getConsumer() + " is not declared; set stream", null);
		}
		ConsumerDeclaration fromEndpoint = fromEndpoint(endpoint, stream);
		if (declared != null) {
			checkConsistent(endpoint, declared, fromEndpoint);
		}
		ConsumerDeclaration consumer = (declared != null) ? declared : fromEndpoint;
		return new Resolved(stream, consumer, priorityGroup(endpoint, consumer));
	}

	private static @Nullable ConsumerDeclaration findDeclared(JetStreamListenerEndpoint endpoint,
			@Nullable JetStreamTopologyDeclarer topology) {
		if (topology == null) {
			return null;
		}
		List<ConsumerDeclaration> matches = topology.getConsumers()
			.stream()
			.filter((consumer) -> consumer.getName().equals(endpoint.getConsumer())
					&& (endpoint.getStream() == null || consumer.getStream().equals(endpoint.getStream())))
			.toList();
		if (matches.size() > 1) {
			throw new JetStreamTopologyException(endpoint.describe() + ": consumer " + endpoint.getConsumer()
					+ " is declared on several streams; set stream", null);
		}
		return matches.isEmpty() ? null : matches.get(0);
	}

	private static ConsumerDeclaration fromEndpoint(JetStreamListenerEndpoint endpoint, String stream) {
		ConsumerDeclaration.Builder builder = ConsumerDeclaration.builder(endpoint.getConsumer(), stream)
			.origin(endpoint.describe());
		if (!endpoint.getSubjects().isEmpty()) {
			builder.filterSubjects(endpoint.getSubjects());
		}
		if (endpoint.getAckWait() != null) {
			builder.ackWait(endpoint.getAckWait());
		}
		if (endpoint.getMaxDeliver() != null) {
			builder.maxDeliver(endpoint.getMaxDeliver());
		}
		if (!endpoint.getBackoff().isEmpty()) {
			builder.backoff(endpoint.getBackoff());
		}
		if (endpoint.getDeliverPolicy() != null) {
			builder.deliverPolicy(endpoint.getDeliverPolicy());
		}
		return builder.build();
	}

	/**
	 * The listener's priority group, checked against the consumer's declaration where it
	 * has one; otherwise the container takes the consumer's first group from the server.
	 */
	private static @Nullable String priorityGroup(JetStreamListenerEndpoint endpoint, ConsumerDeclaration consumer) {
		Object groups = consumer.getSettings().get(ConsumerField.PRIORITY_GROUPS);
		Object policy = consumer.getSettings().get(ConsumerField.PRIORITY_POLICY);
		boolean overflow = endpoint.getMinPending() != null || endpoint.getMinAckPending() != null;
		if (overflow && policy != null && policy != PriorityPolicy.Overflow) {
			throw new JetStreamTopologyException(endpoint.describe() + " sets minPending or minAckPending, but "
					+ consumer.getOrigin() + ".priority-policy is " + policy.toString().replace('_', '-')
					+ "; they need priority-policy overflow", null);
		}
		if (groups == null) {
			return endpoint.getPriorityGroup();
		}
		List<String> names = StreamField.strings(groups);
		String group = endpoint.getPriorityGroup();
		if (group != null && !names.contains(group)) {
			throw new JetStreamTopologyException(endpoint.describe() + " names priority group " + group + ", but "
					+ consumer.getOrigin() + ".priority-groups is " + names, null);
		}
		return (group != null) ? group : names.get(0);
	}

	private static void checkConsistent(JetStreamListenerEndpoint endpoint, ConsumerDeclaration declared,
			ConsumerDeclaration fromEndpoint) {
		for (Map.Entry<ConsumerField, Object> setting : fromEndpoint.getSettings().entrySet()) {
			Object declaredValue = declared.getSettings().get(setting.getKey());
			if (!Objects.equals(declaredValue, setting.getValue())) {
				String property = setting.getKey().getPropertyName();
				throw new JetStreamTopologyException(endpoint.describe() + " sets " + property + " = "
						+ TopologySetting.format(setting.getValue()) + ", but " + declared.getOrigin() + "." + property
						+ ((declaredValue != null) ? " is " + TopologySetting.format(declaredValue) : " is not set")
						+ ". Configure the consumer in one place: remove the attribute or change the declaration.",
						null);
			}
		}
	}

	/**
	 * What an endpoint reads.
	 *
	 * @param stream the stream
	 * @param consumer the consumer's declaration, or the one made from the endpoint
	 * @param priorityGroup the priority group it pulls in, {@code null} for the
	 * consumer's first on the server
	 */
	record Resolved(String stream, ConsumerDeclaration consumer, @Nullable String priorityGroup) {
	}

}
