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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.util.unit.DataSize;

import io.jetstream.spring.config.StreamDeclaration;
import io.jetstream.spring.config.StreamField;

/**
 * Turns {@code nats.jetstream.streams.*} into {@link StreamDeclaration}s, refusing bad
 * values before the server is touched with the property path in the message.
 */
final class StreamDeclarations {

	private static final String PREFIX = "nats.jetstream.streams.";

	private StreamDeclarations() {
	}

	static List<StreamDeclaration> from(JetStreamProperties properties) {
		List<StreamDeclaration> declarations = new ArrayList<>();
		properties.getStreams().forEach((name, stream) -> declarations.add(from(name, stream)));
		checkOverlaps(declarations);
		// streams that others mirror or source from must exist first
		declarations.sort(Comparator.comparing((declaration) -> declaration.getSettings()
			.keySet()
			.stream()
			.anyMatch((field) -> field == StreamField.MIRROR || field == StreamField.SOURCES)));
		return declarations;
	}

	private static StreamDeclaration from(String name, JetStreamProperties.Stream stream) {
		String path = PREFIX + name;
		Map<StreamField, Object> settings = new EnumMap<>(StreamField.class);
		boolean mirrored = stream.getMirror() != null;
		List<String> subjects = stream.getSubjects();
		if (subjects != null && (subjects.isEmpty() || subjects.stream().anyMatch(String::isBlank))) {
			throw invalid(path + ".subjects", subjects, "must list at least one subject, none blank");
		}
		if (subjects == null && !mirrored && stream.getSources() == null) {
			throw invalid(path + ".subjects", null, "must list at least one subject (or declare a mirror or sources)");
		}
		if (mirrored && subjects != null) {
			throw invalid(path + ".mirror", stream.getMirror().getName(), "a mirror cannot have subjects of its own");
		}
		if (mirrored && stream.getSources() != null) {
			throw invalid(path + ".mirror", stream.getMirror().getName(), "a stream cannot both mirror and source");
		}
		put(settings, StreamField.SUBJECTS, subjects, List::copyOf);
		put(settings, StreamField.DESCRIPTION, stream.getDescription(), Function.identity());
		put(settings, StreamField.STORAGE, stream.getStorage(),
				(storage) -> (storage == JetStreamProperties.Storage.FILE) ? StorageType.File : StorageType.Memory);
		put(settings, StreamField.RETENTION, stream.getRetention(), (retention) -> switch (retention) {
			case LIMITS -> RetentionPolicy.Limits;
			case WORK_QUEUE -> RetentionPolicy.WorkQueue;
			case INTEREST -> RetentionPolicy.Interest;
		});
		put(settings, StreamField.MAX_AGE, nonNegative(path + ".max-age", stream.getMaxAge()), Function.identity());
		put(settings, StreamField.MAX_BYTES, size(path + ".max-bytes", stream.getMaxBytes()), Function.identity());
		put(settings, StreamField.MAX_MSGS, count(path + ".max-msgs", stream.getMaxMsgs()), Function.identity());
		put(settings, StreamField.MAX_MSGS_PER_SUBJECT,
				count(path + ".max-msgs-per-subject", stream.getMaxMsgsPerSubject()), Function.identity());
		put(settings, StreamField.MAX_MSG_SIZE, size(path + ".max-msg-size", stream.getMaxMsgSize()),
				Function.identity());
		Integer replicas = stream.getReplicas();
		if (replicas != null && (replicas < 1 || replicas > 5)) {
			throw invalid(path + ".replicas", replicas, "must be between 1 and 5");
		}
		put(settings, StreamField.REPLICAS, replicas, Function.identity());
		put(settings, StreamField.DISCARD, stream.getDiscard(),
				(discard) -> (discard == JetStreamProperties.Discard.OLD) ? DiscardPolicy.Old : DiscardPolicy.New);
		put(settings, StreamField.DUPLICATE_WINDOW,
				nonNegative(path + ".duplicate-window", stream.getDuplicateWindow()), Function.identity());
		put(settings, StreamField.DENY_DELETE, stream.getDenyDelete(), Function.identity());
		put(settings, StreamField.DENY_PURGE, stream.getDenyPurge(), Function.identity());
		put(settings, StreamField.MIRROR, mirrored ? sourceName(path + ".mirror.name", stream.getMirror()) : null,
				Function.identity());
		List<JetStreamProperties.StreamSource> sources = stream.getSources();
		if (sources != null) {
			List<String> names = new ArrayList<>();
			for (int i = 0; i < sources.size(); i++) {
				names.add(sourceName(path + ".sources[" + i + "].name", sources.get(i)));
			}
			settings.put(StreamField.SOURCES, names);
		}
		return new StreamDeclaration(name, settings, path);
	}

	private static <T> void put(Map<StreamField, Object> settings, StreamField field, @Nullable T value,
			Function<T, Object> converter) {
		if (value != null) {
			settings.put(field, converter.apply(value));
		}
	}

	private static String sourceName(String path, JetStreamProperties.StreamSource source) {
		if (source.getName() == null || source.getName().isBlank()) {
			throw invalid(path, source.getName(), "must name a stream");
		}
		return source.getName();
	}

	private static @Nullable Duration nonNegative(String path, @Nullable Duration value) {
		if (value != null && value.isNegative()) {
			throw invalid(path, value, "must not be negative");
		}
		return value;
	}

	private static @Nullable Long size(String path, @Nullable DataSize value) {
		if (value != null && value.toBytes() < -1) {
			throw invalid(path, value, "must not be negative (-1 means unlimited)");
		}
		return (value != null) ? value.toBytes() : null;
	}

	private static @Nullable Long count(String path, @Nullable Long value) {
		if (value != null && value < -1) {
			throw invalid(path, value, "must not be negative (-1 means unlimited)");
		}
		return value;
	}

	private static void checkOverlaps(List<StreamDeclaration> declarations) {
		for (int i = 0; i < declarations.size(); i++) {
			for (int j = i + 1; j < declarations.size(); j++) {
				for (String a : declarations.get(i).getSubjects()) {
					for (String b : declarations.get(j).getSubjects()) {
						if (SubjectPatterns.overlap(a, b)) {
							throw invalid(declarations.get(j).getOrigin() + ".subjects", b,
									"overlaps '" + a + "' of " + declarations.get(i).getOrigin()
											+ ".subjects; a message must belong to one stream");
						}
					}
				}
			}
		}
	}

	private static InvalidConfigurationPropertyValueException invalid(String name, @Nullable Object value,
			String reason) {
		return new InvalidConfigurationPropertyValueException(name, value, reason);
	}

}
