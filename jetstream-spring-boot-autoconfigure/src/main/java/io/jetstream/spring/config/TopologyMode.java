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
 * What the declarer does with the server's streams and consumers at startup.
 *
 * @since 0.1.0
 */
public enum TopologyMode {

	/**
	 * Create what is missing and update what differs and can be updated; a difference the
	 * server cannot apply fails startup.
	 */
	CREATE_OR_UPDATE,

	/**
	 * Create what is missing and leave existing ones as they are, logging differences.
	 */
	CREATE,

	/**
	 * Change nothing; fail startup when something is missing or differs.
	 */
	VALIDATE,

	/**
	 * Do not look at the server at all.
	 */
	NONE

}
