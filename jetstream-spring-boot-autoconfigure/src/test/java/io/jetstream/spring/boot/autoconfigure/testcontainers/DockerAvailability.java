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

package io.jetstream.spring.boot.autoconfigure.testcontainers;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine answers; tests that need one run only then, and say so in the
 * build output when they are skipped.
 */
public final class DockerAvailability {

	private static volatile Boolean available;

	private DockerAvailability() {
	}

	/**
	 * Whether Docker is available.
	 * @return {@code true} if a Docker engine answers
	 */
	public static boolean dockerAvailable() {
		if (available == null) {
			boolean answer;
			try {
				answer = DockerClientFactory.instance().isDockerAvailable();
			}
			catch (RuntimeException ex) {
				answer = false;
			}
			available = answer;
			if (!answer) {
				System.err.println("SKIPPED (no Docker engine): Testcontainers and Docker Compose tests need Docker");
			}
		}
		return available;
	}

}
