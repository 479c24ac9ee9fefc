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
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.nats.client.api.CompressionOption;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.Mirror;
import io.nats.client.api.Republish;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.Source;
import io.nats.client.api.SourceBase;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * The stream settings a declaration can set: how each is read from the server's
 * configuration, written to a builder, named in properties, and whether the server can
 * change it on an existing stream. Keeping that in one table lets the declarer compare
 * only what the user configured and leave every other server setting alone.
 *
 * @since 0.1.0
 */
public enum StreamField implements TopologySetting<StreamConfiguration, StreamConfiguration.Builder> {

	/** Subjects the stream captures. */
	SUBJECTS("subjects", true, StreamConfiguration::getSubjects, (b, v) -> b.subjects(strings(v))),

	/** Description. */
	DESCRIPTION("description", true, StreamConfiguration::getDescription, (b, v) -> b.description((String) v)),

	/** Storage type. */
	STORAGE("storage", false, StreamConfiguration::getStorageType, (b, v) -> b.storageType((StorageType) v)),

	/** Retention policy. */
	RETENTION("retention", false, StreamConfiguration::getRetentionPolicy,
			(b, v) -> b.retentionPolicy((RetentionPolicy) v)),

	/** Maximum age of a message. */
	MAX_AGE("max-age", true, StreamConfiguration::getMaxAge, (b, v) -> b.maxAge((Duration) v)),

	/** Maximum bytes in the stream. */
	MAX_BYTES("max-bytes", true, StreamConfiguration::getMaxBytes, (b, v) -> b.maxBytes((Long) v)),

	/** Maximum messages in the stream. */
	MAX_MSGS("max-msgs", true, StreamConfiguration::getMaxMsgs, (b, v) -> b.maxMessages((Long) v)),

	/** Maximum messages per subject. */
	MAX_MSGS_PER_SUBJECT("max-msgs-per-subject", true, StreamConfiguration::getMaxMsgsPerSubject,
			(b, v) -> b.maxMessagesPerSubject((Long) v)),

	/** Maximum size of one message. */
	MAX_MSG_SIZE("max-msg-size", true, StreamConfiguration::getMaxMsgSize, (b, v) -> b.maxMsgSize((Long) v)),

	/** Number of replicas. */
	REPLICAS("replicas", true, StreamConfiguration::getReplicas, (b, v) -> b.replicas((Integer) v)),

	/** Discard policy when a limit is reached. */
	DISCARD("discard", true, StreamConfiguration::getDiscardPolicy, (b, v) -> b.discardPolicy((DiscardPolicy) v)),

	/** Window for de-duplication by message id. */
	DUPLICATE_WINDOW("duplicate-window", true, StreamConfiguration::getDuplicateWindow,
			(b, v) -> b.duplicateWindow((Duration) v)),

	/** Whether deleting messages is refused. */
	DENY_DELETE("deny-delete", false, StreamConfiguration::getDenyDelete, (b, v) -> b.denyDelete((Boolean) v)),

	/** Whether purging is refused. */
	DENY_PURGE("deny-purge", false, StreamConfiguration::getDenyPurge, (b, v) -> b.denyPurge((Boolean) v)),

	/**
	 * The stream this one mirrors, with its filter and subject transforms (transforms
	 * need nats-server 2.10).
	 */
	MIRROR("mirror", false, (c) -> (c.getMirror() != null) ? upstream(c.getMirror()) : null,
			(b, v) -> b.mirror(configure(Mirror.builder(), (StreamDeclaration.Upstream) v).build())) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return ((StreamDeclaration.Upstream) value).subjectTransforms().isEmpty() ? null : V2_10;
		}

	},

	/**
	 * The streams this one sources from, each with its filter and subject transforms
	 * (transforms need nats-server 2.10).
	 */
	SOURCES("sources", true, (c) -> c.getSources().stream().map(StreamField::upstream).toList(), (b, v) -> b
		.sources(upstreams(v).stream().map((upstream) -> configure(Source.builder(), upstream).build()).toList())) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return upstreams(value).stream().allMatch((upstream) -> upstream.subjectTransforms().isEmpty()) ? null
					: V2_10;
		}

	},

	/** Compression of file storage; needs nats-server 2.10. */
	COMPRESSION("compression", true, StreamConfiguration::getCompressionOption,
			(b, v) -> b.compressionOption((CompressionOption) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return (value == CompressionOption.None) ? null : V2_10;
		}

	},

	/** Metadata; needs nats-server 2.10. */
	METADATA("metadata", true, StreamConfiguration::getMetadata, (b, v) -> b.metadata(stringMap(v))) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return V2_10;
		}

	},

	/** Sequence of the first message of a new stream; needs nats-server 2.10. */
	FIRST_SEQUENCE("first-sequence", false, StreamConfiguration::getFirstSequence,
			(b, v) -> b.firstSequence((Long) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return V2_10;
		}

	},

	/** Whether any server of the stream may answer direct gets of its messages. */
	ALLOW_DIRECT("allow-direct", true, StreamConfiguration::getAllowDirect, (b, v) -> b.allowDirect((Boolean) v)),

	/** Whether a mirror answers direct gets for the stream it mirrors. */
	MIRROR_DIRECT("mirror-direct", true, StreamConfiguration::getMirrorDirect, (b, v) -> b.mirrorDirect((Boolean) v)),

	/**
	 * Whether the discard-new policy applies per subject (with max-msgs-per-subject);
	 * needs nats-server 2.10.
	 */
	DISCARD_NEW_PER_SUBJECT("discard-new-per-subject", true, StreamConfiguration::isDiscardNewPerSubject,
			(b, v) -> b.discardNewPerSubject((Boolean) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return Boolean.TRUE.equals(value) ? V2_10 : null;
		}

	},

	/** Most consumers the stream may have. */
	MAX_CONSUMERS("max-consumers", false, StreamConfiguration::getMaxConsumers, (b, v) -> b.maxConsumers((Long) v)),

	/** Whether a message may set its own time to live; needs nats-server 2.11. */
	ALLOW_MSG_TTL("allow-msg-ttl", true, StreamConfiguration::getAllowMessageTtl,
			(b, v) -> b.allowMessageTtl((Boolean) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return Boolean.TRUE.equals(value) ? V2_11 : null;
		}

	},

	/**
	 * How long a marker left where limits or a TTL removed a subject's last message is
	 * kept; needs nats-server 2.11.
	 */
	SUBJECT_DELETE_MARKER_TTL("subject-delete-marker-ttl", true, StreamConfiguration::getSubjectDeleteMarkerTtl,
			(b, v) -> b.subjectDeleteMarkerTtl((Duration) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return V2_11;
		}

	},

	/** Whether atomic batch publishes are accepted; needs nats-server 2.12. */
	ALLOW_ATOMIC("allow-atomic", true, StreamConfiguration::getAllowAtomicPublish,
			(b, v) -> b.allowAtomicPublish((Boolean) v)) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return Boolean.TRUE.equals(value) ? V2_12 : null;
		}

	},

	/** Republish stored messages to core NATS subjects. */
	REPUBLISH("republish", true,
			(c) -> (c.getRepublish() != null) ? new StreamDeclaration.Republish(c.getRepublish().getSource(),
					c.getRepublish().getDestination(), c.getRepublish().isHeadersOnly()) : null,
			(b, v) -> {
				StreamDeclaration.Republish republish = (StreamDeclaration.Republish) v;
				b.republish(Republish.builder()
					.source(republish.source())
					.destination(republish.destination())
					.headersOnly(republish.headersOnly())
					.build());
			}),

	/**
	 * Where in a cluster the stream's replicas are placed: a cluster name and server tags
	 * every chosen server has.
	 */
	PLACEMENT("placement", true,
			(c) -> (c.getPlacement() != null && (c.getPlacement().getCluster() != null
					|| (c.getPlacement().getTags() != null && !c.getPlacement().getTags().isEmpty())))
							? new StreamDeclaration.Placement(c.getPlacement().getCluster(),
									(c.getPlacement().getTags() != null) ? c.getPlacement().getTags() : List.of())
							: null,
			(b, v) -> {
				StreamDeclaration.Placement placement = (StreamDeclaration.Placement) v;
				b.placement(io.nats.client.api.Placement.builder()
					.cluster(placement.cluster())
					.tags(placement.tags())
					.build());
			}),

	/** Rewrites the subject of each message as it is stored; needs nats-server 2.10. */
	SUBJECT_TRANSFORM("subject-transform", true,
			(c) -> (c.getSubjectTransform() != null) ? new StreamDeclaration.SubjectTransform(
					c.getSubjectTransform().getSource(), c.getSubjectTransform().getDestination()) : null,
			(b, v) -> {
				StreamDeclaration.SubjectTransform transform = (StreamDeclaration.SubjectTransform) v;
				b.subjectTransform(io.nats.client.api.SubjectTransform.builder()
					.source(transform.source())
					.destination(transform.destination())
					.build());
			}) {

		@Override
		public @Nullable String getRequiredServerVersion(Object value) {
			return V2_10;
		}

	};

	static final String V2_10 = "2.10.0";

	static final String V2_11 = "2.11.0";

	static final String V2_12 = "2.12.0";

	private final Definition<StreamConfiguration, StreamConfiguration.Builder> definition;

	StreamField(String propertyName, boolean updatable, Function<StreamConfiguration, @Nullable Object> reader,
			BiConsumer<StreamConfiguration.Builder, Object> writer) {
		this.definition = new Definition<>(propertyName, updatable, reader, writer);
	}

	@Override
	public Definition<StreamConfiguration, StreamConfiguration.Builder> definition() {
		return this.definition;
	}

	@SuppressWarnings("unchecked")
	static List<StreamDeclaration.Upstream> upstreams(Object value) {
		return (List<StreamDeclaration.Upstream>) value;
	}

	/**
	 * The server's upstream as a declaration compares it: no filter and no transforms are
	 * the same whether absent or empty.
	 */
	private static StreamDeclaration.Upstream upstream(SourceBase source) {
		String filter = source.getFilterSubject();
		List<StreamDeclaration.SubjectTransform> transforms = (source.getSubjectTransforms() != null)
				? source.getSubjectTransforms()
					.stream()
					.map((transform) -> new StreamDeclaration.SubjectTransform(transform.getSource(),
							transform.getDestination()))
					.toList()
				: List.of();
		return new StreamDeclaration.Upstream(source.getName(), (filter == null || filter.isEmpty()) ? null : filter,
				transforms);
	}

	private static <B extends SourceBase.SourceBaseBuilder<?>> B configure(B builder,
			StreamDeclaration.Upstream upstream) {
		builder.name(upstream.name());
		if (upstream.filterSubject() != null) {
			builder.filterSubject(upstream.filterSubject());
		}
		if (!upstream.subjectTransforms().isEmpty()) {
			builder.subjectTransforms(upstream.subjectTransforms()
				.stream()
				.map((transform) -> io.nats.client.api.SubjectTransform.builder()
					.source(transform.source())
					.destination(transform.destination())
					.build())
				.toList());
		}
		return builder;
	}

	@SuppressWarnings("unchecked")
	static List<String> strings(Object value) {
		return (List<String>) value;
	}

	@SuppressWarnings("unchecked")
	static Map<String, String> stringMap(Object value) {
		return (Map<String, String>) value;
	}

}
