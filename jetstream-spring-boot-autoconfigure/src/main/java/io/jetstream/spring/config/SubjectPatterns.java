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

/**
 * NATS subject wildcards: {@code *} stands for one token, {@code >} for one or more at
 * the end.
 */
final class SubjectPatterns {

	private SubjectPatterns() {
	}

	/**
	 * Whether some subject matches both patterns.
	 */
	static boolean overlap(String first, String second) {
		String[] a = first.split("\\.");
		String[] b = second.split("\\.");
		int length = Math.min(a.length, b.length);
		for (int i = 0; i < length; i++) {
			if (a[i].equals(">") || b[i].equals(">")) {
				return true;
			}
			if (!a[i].equals("*") && !b[i].equals("*") && !a[i].equals(b[i])) {
				return false;
			}
		}
		if (a.length == b.length) {
			return true;
		}
		// the longer one can only match if the shorter ends in '>' (handled above)
		return false;
	}

}
