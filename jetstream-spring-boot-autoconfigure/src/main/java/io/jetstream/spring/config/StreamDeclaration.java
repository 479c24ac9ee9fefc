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
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import io.nats.client.api.CompressionOption;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.support.Validator;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A stream the application needs: its name and only the settings the user chose. Settings
 * left out keep the server's value (or default), so that a declaration never overwrites
 * what another tool or operator configured. Declare one as a bean to add it to the
 * streams of {@code nats.jetstream.streams}, as Spring for Apache Kafka does with
 * {@code NewTopic}:
 *
 * <pre class="code">
 * &#64;Bean
 * StreamDeclaration auditStream() {
 *     return StreamDeclaration.builder("AUDIT").subjects("audit.>").maxAge(Duration.ofDays(30)).build();
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class StreamDeclaration {

	private final String name;

	private final Map<StreamField, Object> settings;

	private final String origin;

	private StreamDeclaration(String name, Map<StreamField, Object> settings, String origin) {
		this.name = name;
		this.settings = settings.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(settings));
		this.origin = origin;
	}

	/**
	 * Start a declaration of the named stream.
	 * @param name the stream name
	 * @return a builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Return the stream name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Return the configured settings, in the client's types (a {@code StorageType} for
	 * {@link StreamField#STORAGE}, a {@code Long} of bytes for sizes).
	 * @return the settings, by field
	 */
	public Map<StreamField, Object> getSettings() {
		return this.settings;
	}

	/**
	 * Return where this stream was declared, such as
	 * {@code nats.jetstream.streams.ORDERS}; messages name settings below it.
	 * @return the origin
	 */
	public String getOrigin() {
		return this.origin;
	}

	/**
	 * Return a copy that names another origin in messages.
	 * @param origin the origin, such as {@code bean 'auditStream'}
	 * @return the copy
	 */
	public StreamDeclaration withOrigin(String origin) {
		return new StreamDeclaration(this.name, this.settings, origin);
	}

	/**
	 * Return the configured subjects.
	 * @return the subjects, empty if none were configured
	 */
	public List<String> getSubjects() {
		Object subjects = this.settings.get(StreamField.SUBJECTS);
		return (subjects != null) ? StreamField.strings(subjects) : List.of();
	}

	/**
	 * Return the names of the streams this one mirrors or sources from.
	 * @return the upstream stream names
	 */
	public List<String> getUpstreams() {
		Object mirror = this.settings.get(StreamField.MIRROR);
		if (mirror != null) {
			return List.of(((Upstream) mirror).name());
		}
		Object sources = this.settings.get(StreamField.SOURCES);
		return (sources != null) ? StreamField.upstreams(sources).stream().map(Upstream::name).toList() : List.of();
	}

	/**
	 * Build the configuration for a new stream, or for an update of the given one.
	 * @param existing the server's configuration, or {@code null} to create
	 * @return the configuration to send
	 */
	public StreamConfiguration toConfiguration(@Nullable StreamConfiguration existing) {
		StreamConfiguration.Builder builder = (existing != null) ? StreamConfiguration.builder(existing)
				: StreamConfiguration.builder().name(this.name);
		this.settings.forEach((field, value) -> field.write(builder, value));
		return builder.build();
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return this == other || (other instanceof StreamDeclaration that && this.name.equals(that.name)
				&& this.settings.equals(that.settings));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.name, this.settings);
	}

	@Override
	public String toString() {
		return "StreamDeclaration " + this.name + " " + this.settings + " from " + this.origin;
	}

	static void checkName(String kind, String name, String path) {
		if (name.isBlank()
				|| name.chars().anyMatch((c) -> c == '.' || c == '*' || c == '>' || Character.isWhitespace(c))) {
			throw new TopologyDeclarationException(path, name,
					kind + " name must not be empty or contain '.', '*', '>' or white space");
		}
	}

	/**
	 * Check subject syntax here, with the property path, rather than let the server
	 * answer "invalid subject" without saying which.
	 */
	static void checkSubjects(List<String> subjects, Function<String, TopologyDeclarationException> invalid) {
		for (String subject : subjects) {
			try {
				Validator.validateSubjectTermStrict(subject, "subject", true);
			}
			catch (IllegalArgumentException ex) {
				throw invalid.apply("'" + subject + "' is not a valid subject: " + ex.getMessage()
						+ " (tokens are separated by single dots; '*' and '>' stand alone, '>' last)");
			}
		}
	}

	/**
	 * Builder of a {@link StreamDeclaration}; {@link #build()} checks the settings.
	 */
	public static final class Builder {

		private final String name;

		private final Map<StreamField, Object> settings = new EnumMap<>(StreamField.class);

		private String origin;

		private Builder(String name) {
			this.name = name;
			this.origin = "stream " + name;
		}

		/**
		 * Name where the declaration comes from, used in messages.
		 * @param origin such as {@code nats.jetstream.streams.ORDERS}
		 * @return this builder
		 */
		public Builder origin(String origin) {
			this.origin = origin;
			return this;
		}

		/**
		 * Subjects the stream captures, wildcards allowed.
		 * @param subjects the subjects
		 * @return this builder
		 */
		public Builder subjects(String... subjects) {
			return subjects(Arrays.asList(subjects));
		}

		/**
		 * Subjects the stream captures, wildcards allowed.
		 * @param subjects the subjects
		 * @return this builder
		 */
		public Builder subjects(List<String> subjects) {
			return set(StreamField.SUBJECTS, List.copyOf(subjects));
		}

		/**
		 * Description shown by the server.
		 * @param description the description
		 * @return this builder
		 */
		public Builder description(String description) {
			return set(StreamField.DESCRIPTION, description);
		}

		/**
		 * Storage type; cannot change on an existing stream.
		 * @param storage the storage type
		 * @return this builder
		 */
		public Builder storage(StorageType storage) {
			return set(StreamField.STORAGE, storage);
		}

		/**
		 * Retention policy; cannot change on an existing stream.
		 * @param retention the retention policy
		 * @return this builder
		 */
		public Builder retention(RetentionPolicy retention) {
			return set(StreamField.RETENTION, retention);
		}

		/**
		 * Maximum age of a message; zero for unlimited.
		 * @param maxAge the maximum age
		 * @return this builder
		 */
		public Builder maxAge(Duration maxAge) {
			return set(StreamField.MAX_AGE, maxAge);
		}

		/**
		 * Maximum size of the stream; -1 bytes for unlimited.
		 * @param maxBytes the maximum size
		 * @return this builder
		 */
		public Builder maxBytes(DataSize maxBytes) {
			return set(StreamField.MAX_BYTES, maxBytes.toBytes());
		}

		/**
		 * Maximum number of messages; -1 for unlimited.
		 * @param maxMsgs the maximum count
		 * @return this builder
		 */
		public Builder maxMsgs(long maxMsgs) {
			return set(StreamField.MAX_MSGS, maxMsgs);
		}

		/**
		 * Maximum number of messages per subject; -1 for unlimited.
		 * @param maxMsgsPerSubject the maximum count
		 * @return this builder
		 */
		public Builder maxMsgsPerSubject(long maxMsgsPerSubject) {
			return set(StreamField.MAX_MSGS_PER_SUBJECT, maxMsgsPerSubject);
		}

		/**
		 * Maximum size of one message; -1 bytes for the server's limit.
		 * @param maxMsgSize the maximum size
		 * @return this builder
		 */
		public Builder maxMsgSize(DataSize maxMsgSize) {
			return set(StreamField.MAX_MSG_SIZE, maxMsgSize.toBytes());
		}

		/**
		 * Number of replicas, 1 to 5.
		 * @param replicas the replica count
		 * @return this builder
		 */
		public Builder replicas(int replicas) {
			return set(StreamField.REPLICAS, replicas);
		}

		/**
		 * What happens when a limit is reached.
		 * @param discard the discard policy
		 * @return this builder
		 */
		public Builder discard(DiscardPolicy discard) {
			return set(StreamField.DISCARD, discard);
		}

		/**
		 * Window in which a repeated message id is stored once.
		 * @param duplicateWindow the window
		 * @return this builder
		 */
		public Builder duplicateWindow(Duration duplicateWindow) {
			return set(StreamField.DUPLICATE_WINDOW, duplicateWindow);
		}

		/**
		 * Whether deleting single messages is refused.
		 * @param denyDelete whether to refuse deletes
		 * @return this builder
		 */
		public Builder denyDelete(boolean denyDelete) {
			return set(StreamField.DENY_DELETE, denyDelete);
		}

		/**
		 * Whether purging is refused.
		 * @param denyPurge whether to refuse purges
		 * @return this builder
		 */
		public Builder denyPurge(boolean denyPurge) {
			return set(StreamField.DENY_PURGE, denyPurge);
		}

		/**
		 * Stream this one mirrors; a mirror has no subjects of its own.
		 * @param stream the mirrored stream
		 * @return this builder
		 */
		public Builder mirror(String stream) {
			return mirror(Upstream.of(stream));
		}

		/**
		 * Stream this one mirrors, with a filter or subject transforms.
		 * @param upstream the mirrored stream
		 * @return this builder
		 */
		public Builder mirror(Upstream upstream) {
			return set(StreamField.MIRROR, upstream);
		}

		/**
		 * Streams this one copies messages from.
		 * @param streams the source streams
		 * @return this builder
		 */
		public Builder sources(String... streams) {
			return sources(Arrays.stream(streams).map(Upstream::of).toList());
		}

		/**
		 * Streams this one copies messages from, each with a filter or subject
		 * transforms.
		 * @param upstreams the source streams
		 * @return this builder
		 */
		public Builder sources(List<Upstream> upstreams) {
			return set(StreamField.SOURCES, List.copyOf(upstreams));
		}

		/**
		 * Compression of file storage (nats-server 2.10+).
		 * @param compression the compression
		 * @return this builder
		 */
		public Builder compression(CompressionOption compression) {
			return set(StreamField.COMPRESSION, compression);
		}

		/**
		 * Metadata (nats-server 2.10+).
		 * @param metadata the metadata
		 * @return this builder
		 */
		public Builder metadata(Map<String, String> metadata) {
			return set(StreamField.METADATA, Collections.unmodifiableMap(new LinkedHashMap<>(metadata)));
		}

		/**
		 * Sequence of the first message of a new stream (nats-server 2.10+).
		 * @param firstSequence the first sequence
		 * @return this builder
		 */
		public Builder firstSequence(long firstSequence) {
			return set(StreamField.FIRST_SEQUENCE, firstSequence);
		}

		/**
		 * Whether any server of the stream may answer direct gets.
		 * @param allowDirect whether direct gets are allowed
		 * @return this builder
		 */
		public Builder allowDirect(boolean allowDirect) {
			return set(StreamField.ALLOW_DIRECT, allowDirect);
		}

		/**
		 * Whether this mirror answers direct gets for the stream it mirrors.
		 * @param mirrorDirect whether it does
		 * @return this builder
		 */
		public Builder mirrorDirect(boolean mirrorDirect) {
			return set(StreamField.MIRROR_DIRECT, mirrorDirect);
		}

		/**
		 * Whether discard-new applies per subject (nats-server 2.10+).
		 * @param discardNewPerSubject whether it does
		 * @return this builder
		 */
		public Builder discardNewPerSubject(boolean discardNewPerSubject) {
			return set(StreamField.DISCARD_NEW_PER_SUBJECT, discardNewPerSubject);
		}

		/**
		 * Most consumers the stream may have ({@code -1} for no limit).
		 * @param maxConsumers the limit
		 * @return this builder
		 */
		public Builder maxConsumers(long maxConsumers) {
			return set(StreamField.MAX_CONSUMERS, maxConsumers);
		}

		/**
		 * Whether a message may set its own time to live (nats-server 2.11+).
		 * @param allowMsgTtl whether it may
		 * @return this builder
		 */
		public Builder allowMsgTtl(boolean allowMsgTtl) {
			return set(StreamField.ALLOW_MSG_TTL, allowMsgTtl);
		}

		/**
		 * How long delete markers are kept (nats-server 2.11+).
		 * @param ttl at least one second
		 * @return this builder
		 */
		public Builder subjectDeleteMarkerTtl(Duration ttl) {
			return set(StreamField.SUBJECT_DELETE_MARKER_TTL, ttl);
		}

		/**
		 * Whether atomic batch publishes are accepted (nats-server 2.12+).
		 * @param allowAtomic whether they are
		 * @return this builder
		 */
		public Builder allowAtomic(boolean allowAtomic) {
			return set(StreamField.ALLOW_ATOMIC, allowAtomic);
		}

		/**
		 * Where in a cluster the stream's replicas are placed.
		 * @param cluster the cluster's name, or {@code null} for any
		 * @param tags server tags every chosen server has, such as {@code az:1}
		 * @return this builder
		 */
		public Builder placement(@Nullable String cluster, List<String> tags) {
			return set(StreamField.PLACEMENT, new Placement(cluster, tags));
		}

		/**
		 * Republish every stored message whose subject matches to a core NATS subject.
		 * @param source the subjects to republish ({@code >} for all)
		 * @param destination where, with wildcard references such as {@code audit.>}
		 * @param headersOnly whether only the headers are republished
		 * @return this builder
		 */
		public Builder republish(String source, String destination, boolean headersOnly) {
			return set(StreamField.REPUBLISH, new Republish(source, destination, headersOnly));
		}

		/**
		 * Rewrite the subject of each message as it is stored (nats-server 2.10+).
		 * @param source the subjects to rewrite
		 * @param destination the new subject, with wildcard references
		 * @return this builder
		 */
		public Builder subjectTransform(String source, String destination) {
			return set(StreamField.SUBJECT_TRANSFORM, new SubjectTransform(source, destination));
		}

		private Builder set(StreamField field, Object value) {
			this.settings.put(field, value);
			return this;
		}

		/**
		 * Check the settings and build the declaration.
		 * @return the declaration
		 * @throws TopologyDeclarationException naming the offending setting
		 */
		public StreamDeclaration build() {
			checkName("Stream", this.name, this.origin);
			Object subjects = this.settings.get(StreamField.SUBJECTS);
			boolean mirrored = this.settings.containsKey(StreamField.MIRROR);
			boolean sourced = this.settings.containsKey(StreamField.SOURCES);
			if (subjects != null && (StreamField.strings(subjects).isEmpty()
					|| StreamField.strings(subjects).stream().anyMatch(String::isBlank))) {
				throw invalid(StreamField.SUBJECTS, "must list at least one subject, none blank");
			}
			if (subjects == null && !mirrored && !sourced) {
				throw invalid(StreamField.SUBJECTS, "must list at least one subject (or declare a mirror or sources)");
			}
			if (mirrored && subjects != null) {
				throw invalid(StreamField.MIRROR, "cannot be combined with subjects: a mirror has none of its own");
			}
			if (mirrored && sourced) {
				throw invalid(StreamField.MIRROR, "cannot be combined with sources");
			}
			if (subjects != null) {
				checkSubjects(StreamField.strings(subjects), (reason) -> invalid(StreamField.SUBJECTS, reason));
			}
			Object sources = this.settings.get(StreamField.SOURCES);
			if (sources != null && StreamField.upstreams(sources)
				.stream()
				.anyMatch((upstream) -> upstream.name() == null || upstream.name().isBlank())) {
				throw invalid(StreamField.SOURCES, "must each name a stream");
			}
			if (mirrored) {
				checkUpstream((Upstream) this.settings.get(StreamField.MIRROR), StreamField.MIRROR);
			}
			if (sources != null) {
				StreamField.upstreams(sources).forEach((upstream) -> checkUpstream(upstream, StreamField.SOURCES));
			}
			checkNotNegative(StreamField.MAX_AGE);
			checkNotNegative(StreamField.DUPLICATE_WINDOW);
			checkAtLeastMinusOne(StreamField.MAX_BYTES);
			checkAtLeastMinusOne(StreamField.MAX_MSGS);
			checkAtLeastMinusOne(StreamField.MAX_MSGS_PER_SUBJECT);
			checkAtLeastMinusOne(StreamField.MAX_MSG_SIZE);
			Object replicas = this.settings.get(StreamField.REPLICAS);
			if (replicas != null && ((Integer) replicas < 1 || (Integer) replicas > 5)) {
				throw invalid(StreamField.REPLICAS, "must be between 1 and 5");
			}
			Object firstSequence = this.settings.get(StreamField.FIRST_SEQUENCE);
			if (firstSequence != null && (Long) firstSequence < 1) {
				throw invalid(StreamField.FIRST_SEQUENCE, "must be at least 1");
			}
			checkAtLeastMinusOne(StreamField.MAX_CONSUMERS);
			Object placement = this.settings.get(StreamField.PLACEMENT);
			if (placement != null && ((Placement) placement).cluster() == null
					&& ((Placement) placement).tags().isEmpty()) {
				throw invalid(StreamField.PLACEMENT, "must name a cluster or at least one tag");
			}
			if (placement != null && ((Placement) placement).tags().stream().anyMatch(String::isBlank)) {
				throw invalid(StreamField.PLACEMENT, "must not contain a blank tag");
			}
			Object republish = this.settings.get(StreamField.REPUBLISH);
			if (republish != null) {
				checkSubjects(List.of(((Republish) republish).source(), ((Republish) republish).destination()),
						(reason) -> invalid(StreamField.REPUBLISH, reason));
			}
			Object transform = this.settings.get(StreamField.SUBJECT_TRANSFORM);
			if (transform != null) {
				checkSubjects(
						List.of(((SubjectTransform) transform).source(), ((SubjectTransform) transform).destination()),
						(reason) -> invalid(StreamField.SUBJECT_TRANSFORM, reason));
			}
			if (Boolean.TRUE.equals(this.settings.get(StreamField.MIRROR_DIRECT)) && !mirrored) {
				throw invalid(StreamField.MIRROR_DIRECT, "applies only to a mirror");
			}
			Object markerTtl = this.settings.get(StreamField.SUBJECT_DELETE_MARKER_TTL);
			if (markerTtl != null && ((Duration) markerTtl).compareTo(Duration.ofSeconds(1)) < 0) {
				throw invalid(StreamField.SUBJECT_DELETE_MARKER_TTL, "must be at least 1s");
			}
			return new StreamDeclaration(this.name, this.settings, this.origin);
		}

		private void checkUpstream(Upstream upstream, StreamField field) {
			List<String> subjects = new ArrayList<>();
			if (upstream.filterSubject() != null) {
				subjects.add(upstream.filterSubject());
			}
			upstream.subjectTransforms().forEach((transform) -> {
				subjects.add(transform.source());
				subjects.add(transform.destination());
			});
			checkSubjects(subjects, (reason) -> invalid(field, reason));
		}

		private void checkNotNegative(StreamField field) {
			Object value = this.settings.get(field);
			if (value != null && ((Duration) value).isNegative()) {
				throw invalid(field, "must not be negative");
			}
		}

		private void checkAtLeastMinusOne(StreamField field) {
			Object value = this.settings.get(field);
			if (value != null && (Long) value < -1) {
				throw invalid(field, "must not be negative (-1 means unlimited)");
			}
		}

		private TopologyDeclarationException invalid(StreamField field, String reason) {
			return new TopologyDeclarationException(this.origin + "." + field.getPropertyName(),
					this.settings.get(field), reason);
		}

	}

	/**
	 * Where stored messages are republished.
	 *
	 * @param source the subjects to republish
	 * @param destination where to
	 * @param headersOnly whether only headers are republished
	 */
	public record Republish(String source, String destination, boolean headersOnly) {
	}

	/**
	 * Where in a cluster the stream's replicas are placed.
	 *
	 * @param cluster the cluster's name, or {@code null} for any
	 * @param tags server tags every chosen server has (such as {@code az:1})
	 */
	public record Placement(@Nullable String cluster, List<String> tags) {

		/**
		 * A placement.
		 * @param cluster the cluster's name, or {@code null} for any
		 * @param tags server tags every chosen server has
		 */
		public Placement {
			tags = List.copyOf(tags);
		}

	}

	/**
	 * How subjects are rewritten as messages are stored.
	 *
	 * @param source the subjects to rewrite
	 * @param destination the new subject
	 */
	public record SubjectTransform(String source, String destination) {
	}

	/**
	 * A stream this one mirrors or sources from.
	 *
	 * @param name the other stream
	 * @param filterSubject only its messages of this subject, or {@code null} for all
	 * @param subjectTransforms how their subjects are rewritten as they are copied
	 * (nats-server 2.10+), empty for none
	 */
	public record Upstream(String name, @Nullable String filterSubject, List<SubjectTransform> subjectTransforms) {

		/**
		 * An upstream by name, without filter or transforms.
		 * @param name the other stream
		 * @return the upstream
		 */
		public static Upstream of(String name) {
			return new Upstream(name, null, List.of());
		}

	}

}
