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

package io.jetstream.spring;

import java.nio.charset.StandardCharsets;

import io.jetstream.spring.test.NatsServerExtension;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One real server per test class, emptied before each test, and a raw jnats connection to
 * check the server's state without going through the code under test.
 */
public abstract class AbstractJetStreamTests {

	@RegisterExtension
	protected static NatsServerExtension nats = new NatsServerExtension();

	protected Connection raw;

	protected JetStreamManagement jsm;

	@BeforeEach
	void connectAndDeleteAllStreams() throws Exception {
		nats.getServer().deleteAllStreams();
		this.raw = nats.getServer().connect();
		this.jsm = this.raw.jetStreamManagement();
	}

	@AfterEach
	void closeRawConnection() throws InterruptedException {
		this.raw.close();
	}

	/**
	 * Run the rest of the test only if the condition holds (a server-version feature);
	 * skips visibly: the reason goes to the build output, not only to the report.
	 * @param condition whether to run
	 * @param reason why not, otherwise
	 */
	protected static void runOnlyIf(boolean condition, String reason) {
		if (!condition) {
			System.err.println("SKIPPED (server version): " + reason);
		}
		Assumptions.assumeTrue(condition, reason);
	}

	protected void publish(String subject, String data) throws Exception {
		this.raw.jetStream().publish(subject, data.getBytes(StandardCharsets.UTF_8));
	}

	protected ConsumerInfo consumer(String stream, String name) throws Exception {
		return this.jsm.getConsumerInfo(stream, name);
	}

	protected boolean streamExists(String name) throws Exception {
		return this.jsm.getStreamNames().contains(name);
	}

	protected long streamCount(String stream) throws Exception {
		return this.jsm.getStreamInfo(stream).getStreamState().getMsgCount();
	}

}
