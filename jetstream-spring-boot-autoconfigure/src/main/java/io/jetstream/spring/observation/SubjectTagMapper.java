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

package io.jetstream.spring.observation;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Maps a subject to the value of the {@code subject} tag, so that high-cardinality
 * subjects (with ids in them) do not create a time series each.
 *
 * @since 0.1.0
 */
public enum SubjectTagMapper {

	/** The subject as it is. */
	FULL,

	/**
	 * The first tokens, then {@code >} ({@code orders.created.4711} →
	 * {@code orders.created.>}).
	 */
	TRUNCATED,

	/** One value, {@code *}, for all subjects. */
	NONE;

	/**
	 * Return the mapping function.
	 * @param depth how many tokens {@link #TRUNCATED} keeps
	 * @return the function
	 */
	public UnaryOperator<String> mapper(int depth) {
		return switch (this) {
			case FULL -> UnaryOperator.identity();
			case NONE -> (subject) -> "*";
			case TRUNCATED -> (subject) -> truncate(subject, depth);
		};
	}

	private static String truncate(String subject, int depth) {
		int index = -1;
		for (int i = 0; i < depth; i++) {
			index = subject.indexOf('.', index + 1);
			if (index < 0) {
				return subject;
			}
		}
		return subject.substring(0, index) + ".>";
	}

	@Override
	public String toString() {
		return name().toLowerCase(Locale.ROOT);
	}

}
