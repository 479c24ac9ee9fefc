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
package io.jetstream.spring.support;

import java.nio.charset.StandardCharsets;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the redrive key's signatures cover: no server needed.
 */
class RedriveSignatureTests {

	private static final byte[] PAYLOAD = "{\"id\":\"o-1\"}".getBytes(StandardCharsets.UTF_8);

	private final RedriveSignature signature = RedriveSignature.of("test-key");

	@Test
	void aDeadLetterVerifiesAsSignedAndNotWithAHeaderAddedOrChanged() {
		Headers headers = deadLetter().put("X-Order", "o-1");
		this.signature.signDeadLetter(headers, PAYLOAD);
		assertThat(this.signature.verifyDeadLetter(headers, PAYLOAD)).isTrue();
		assertThat(this.signature.verifyDeadLetter(new Headers(headers).put("Authorization", "Bearer x"), PAYLOAD))
			.as("a header of its own")
			.isFalse();
		Headers changed = new Headers(headers);
		changed.put("X-Order", "o-2");
		assertThat(this.signature.verifyDeadLetter(changed, PAYLOAD)).as("a carried value changed").isFalse();
		assertThat(this.signature.verifyDeadLetter(headers, "{}".getBytes(StandardCharsets.UTF_8)))
			.as("another payload")
			.isFalse();
		// what the server adds on a direct read, and the starter's own, are not carried
		assertThat(this.signature.verifyDeadLetter(new Headers(headers).put("Nats-Sequence", "7"), PAYLOAD)).isTrue();
	}

	@Test
	void aRedriveVerifiesAsSignedAndNotWithAHeaderAdded() {
		Headers headers = new Headers().put("X-Order", "o-1")
			.put(DeadLetterHeaders.REDRIVE_FOR, "ORDERS/picky")
			.put(DeadLetterHeaders.REDRIVE_ID, "redrive:ORDERS:picky:1:1")
			.put(DeadLetterHeaders.REDRIVE_COUNT, "1");
		this.signature.sign(headers, "orders.created", PAYLOAD);
		assertThat(this.signature.verify(message("orders.created", headers))).isTrue();
		assertThat(this.signature.verify(message("orders.other", headers))).as("another subject").isFalse();
		assertThat(this.signature.verify(message("orders.created", new Headers(headers).put("X-Injected", "1"))))
			.as("a header of its own")
			.isFalse();
		assertThat(RedriveSignature.of("other-key").verify(message("orders.created", headers))).isFalse();
		assertThat(RedriveSignature.NONE.verify(message("orders.created", headers))).as("no key, nothing verifies")
			.isFalse();
	}

	@Test
	void headerNamesAndValuesCannotRunIntoEachOther() {
		Headers one = deadLetter().put("X-A", "b,c");
		Headers two = deadLetter().put("X-A", "b").add("X-A", "c");
		this.signature.signDeadLetter(one, PAYLOAD);
		String signed = one.getFirst(DeadLetterHeaders.SIGNATURE);
		two.put(DeadLetterHeaders.SIGNATURE, signed);
		assertThat(this.signature.verifyDeadLetter(two, PAYLOAD)).isFalse();
	}

	@Test
	void theStartersAndTheServersHeadersAreNotCarried() {
		assertThat(RedriveSignature.isCarried("X-Order")).isTrue();
		assertThat(RedriveSignature.isCarried("Authorization")).isTrue();
		assertThat(RedriveSignature.isCarried("x-dlq-reason")).isFalse();
		assertThat(RedriveSignature.isCarried("X-Redrive-For")).isFalse();
		assertThat(RedriveSignature.isCarried("Nats-Msg-Id")).isFalse();
	}

	private static Headers deadLetter() {
		return new Headers().put(DeadLetterHeaders.ORIGINAL_STREAM, "ORDERS")
			.put(DeadLetterHeaders.CONSUMER, "picky")
			.put(DeadLetterHeaders.ORIGINAL_SEQUENCE, "1")
			.put(DeadLetterHeaders.ORIGINAL_SUBJECT, "orders.created");
	}

	private static NatsMessage message(String subject, Headers headers) {
		return NatsMessage.builder().subject(subject).headers(headers).data(PAYLOAD).build();
	}

}
