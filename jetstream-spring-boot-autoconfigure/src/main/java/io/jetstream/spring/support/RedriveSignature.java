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
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Signs redriven messages and verifies them, with a key the application is configured
 * with ({@code nats.jetstream.listener.dead-letter.redrive-key}).
 * <p>
 * A redriven message names the consumer it is for
 * ({@value DeadLetterHeaders#REDRIVE_FOR}); listeners of the stream's other consumers
 * acknowledge it without calling their method. Any publisher can set that header, so a
 * listener skips a message only when its {@value DeadLetterHeaders#REDRIVE_SIGNATURE}
 * verifies: an HMAC-SHA256 over the target consumer, the subject, the redrive id and
 * count, the headers a redrive carries ({@link #isCarried(String) all but the starter's
 * and the server's}) and the payload's SHA-256, made with the key. Dead letters are
 * signed likewise, over what a redrive acts on and the headers it carries. Without a key
 * nothing is signed and nothing is skipped: a redriven message reaches every consumer of
 * its stream whose filter takes it. Limits: whoever holds the key can sign; a signed
 * message published again as it is (same subject, headers and payload) is skipped again
 * by the other consumers and handled again by its target — it cannot carry another
 * payload or header or go to another subject.
 *
 * @since 0.1.0
 */
public final class RedriveSignature {

	/** No key: nothing signed, nothing verifies. */
	public static final RedriveSignature NONE = new RedriveSignature(null);

	private static final String ALGORITHM = "HmacSHA256";

	private final @Nullable SecretKeySpec key;

	private RedriveSignature(@Nullable SecretKeySpec key) {
		this.key = key;
	}

	/**
	 * Return the signature made with a key.
	 * @param key the key (its UTF-8 bytes), {@code null} or empty for none
	 * @return the signature, {@link #NONE} without a key
	 */
	public static RedriveSignature of(@Nullable String key) {
		if (key == null || key.isEmpty()) {
			return NONE;
		}
		return new RedriveSignature(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), ALGORITHM));
	}

	/**
	 * Whether a redrive carries a header of a dead letter to the redriven message: every
	 * header but the starter's ({@code X-DLQ-*}, {@code X-Redrive-*}) and the server's
	 * ({@code Nats-*}, which direct reads add and a publish would act on).
	 * @param name the header's name
	 * @return {@code true} if carried (and signed)
	 */
	public static boolean isCarried(String name) {
		return !name.regionMatches(true, 0, "X-DLQ-", 0, 6) && !name.regionMatches(true, 0, "Nats-", 0, 5)
				&& !name.regionMatches(true, 0, "X-Redrive-", 0, 10);
	}

	/**
	 * Whether a key is configured.
	 * @return {@code true} if messages are signed and verified
	 */
	public boolean isEnabled() {
		return this.key != null;
	}

	/**
	 * Sign a redriven message: set {@value DeadLetterHeaders#REDRIVE_SIGNATURE} from its
	 * other redrive headers, subject and payload; without a key, remove it.
	 * @param headers the message's headers, with {@value DeadLetterHeaders#REDRIVE_FOR},
	 * {@value DeadLetterHeaders#REDRIVE_ID} and {@value DeadLetterHeaders#REDRIVE_COUNT}
	 * @param subject its subject
	 * @param payload its payload
	 */
	public void sign(Headers headers, String subject, byte @Nullable [] payload) {
		headers.remove(DeadLetterHeaders.REDRIVE_SIGNATURE);
		String mac = mac(headers, subject, payload);
		if (mac != null) {
			headers.put(DeadLetterHeaders.REDRIVE_SIGNATURE, mac);
		}
	}

	/**
	 * Whether a message is a redriven message this application signed: its signature
	 * matches its redrive headers, subject and payload.
	 * @param message the message as delivered
	 * @return {@code false} without a key, a signature or a match
	 */
	public boolean verify(Message message) {
		Headers headers = message.getHeaders();
		if (this.key == null || headers == null) {
			return false;
		}
		return matches(headers.getFirst(DeadLetterHeaders.REDRIVE_SIGNATURE),
				mac(headers, message.getSubject(), message.getData()));
	}

	/**
	 * Sign a dead letter this application stores: set
	 * {@value DeadLetterHeaders#SIGNATURE} over what a redrive acts on (original stream,
	 * consumer, sequence and subject, redrive count, payload); without a key, remove it.
	 * @param headers the dead letter's headers, the starter's {@code X-DLQ-*} set
	 * @param payload its payload
	 */
	public void signDeadLetter(Headers headers, byte @Nullable [] payload) {
		headers.remove(DeadLetterHeaders.SIGNATURE);
		String mac = deadLetterMac(headers, payload);
		if (mac != null) {
			headers.put(DeadLetterHeaders.SIGNATURE, mac);
		}
	}

	/**
	 * Whether a dead letter was stored by this application: its signature matches what a
	 * redrive would act on. Anyone who may publish to the dead-letter subjects can store
	 * a "dead letter" naming any stream, consumer and subject.
	 * @param headers the dead letter's headers
	 * @param payload its payload
	 * @return {@code false} without a key, a signature or a match
	 */
	public boolean verifyDeadLetter(@Nullable Headers headers, byte @Nullable [] payload) {
		if (this.key == null || headers == null) {
			return false;
		}
		return matches(headers.getFirst(DeadLetterHeaders.SIGNATURE), deadLetterMac(headers, payload));
	}

	private @Nullable String deadLetterMac(Headers headers, byte @Nullable [] payload) {
		String stream = headers.getFirst(DeadLetterHeaders.ORIGINAL_STREAM);
		String consumer = headers.getFirst(DeadLetterHeaders.CONSUMER);
		String sequence = headers.getFirst(DeadLetterHeaders.ORIGINAL_SEQUENCE);
		String subject = headers.getFirst(DeadLetterHeaders.ORIGINAL_SUBJECT);
		String count = headers.getFirst(DeadLetterHeaders.REDRIVE_COUNT);
		if (stream == null || consumer == null || sequence == null || subject == null) {
			return null;
		}
		return mac(payload, "dead-letter", stream, consumer, sequence, subject, (count != null) ? count : "0",
				carried(headers));
	}

	private static boolean matches(@Nullable String claimed, @Nullable String expected) {
		return claimed != null && expected != null && MessageDigest.isEqual(claimed.getBytes(StandardCharsets.US_ASCII),
				expected.getBytes(StandardCharsets.US_ASCII));
	}

	private @Nullable String mac(Headers headers, String subject, byte @Nullable [] payload) {
		String target = headers.getFirst(DeadLetterHeaders.REDRIVE_FOR);
		String id = headers.getFirst(DeadLetterHeaders.REDRIVE_ID);
		String count = headers.getFirst(DeadLetterHeaders.REDRIVE_COUNT);
		if (target == null || id == null || count == null) {
			return null;
		}
		return mac(payload, "redrive", target, subject, id, count, carried(headers));
	}

	/**
	 * The carried headers in one canonical form: sorted by name, every value in order,
	 * each name and value Base64-encoded (no separator can occur in them).
	 */
	private static String carried(Headers headers) {
		Base64.Encoder base64 = Base64.getEncoder();
		return headers.keySet()
			.stream()
			.filter(RedriveSignature::isCarried)
			.sorted()
			.map((name) -> base64.encodeToString(name.getBytes(StandardCharsets.UTF_8)) + "="
					+ headers.get(name)
						.stream()
						.map((value) -> base64.encodeToString(value.getBytes(StandardCharsets.UTF_8)))
						.collect(Collectors.joining(",")))
			.collect(Collectors.joining(";"));
	}

	private @Nullable String mac(byte @Nullable [] payload, String... fields) {
		SecretKeySpec secret = this.key;
		if (secret == null) {
			return null;
		}
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest((payload != null) ? payload : new byte[0]);
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(secret);
			// a separator no header value or subject holds (the client refuses CR and
			// LF in both): fields cannot run into each other
			String signed = String.join("\n", fields) + "\n" + Base64.getEncoder().encodeToString(digest);
			return Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
