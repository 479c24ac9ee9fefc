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

package io.jetstream.spring.listener.container;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamOptions;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.AckType;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.impl.NatsMessage;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

/**
 * A message of the consumer that the client read as a status: its stored headers begin
 * with a status line ({@code NATS/1.0 503}), which any publisher can write. jnats keeps
 * only the status of such a message, so it is read back from its stream by the sequence
 * its {@code $JS.ACK} reply subject names (when first looked at), and settled through
 * that reply subject as jnats' own JetStream messages are.
 */
final class StoredJetStreamMessage implements Message {

	private final Connection connection;

	private final String replyTo;

	private final String apiPrefix;

	private final NatsJetStreamMetaData metaData;

	private volatile @Nullable MessageInfo stored;

	private volatile @Nullable AckType lastAck;

	/**
	 * Create the message; it is read from its stream when its subject, headers or payload
	 * are first asked for — by the worker that handles it, not under the puller's lock or
	 * on the ticker.
	 * @param connection the connection it came on
	 * @param replyTo its {@code $JS.ACK} reply subject
	 * @param apiPrefix the JetStream API prefix to read it with
	 */
	StoredJetStreamMessage(Connection connection, String replyTo, String apiPrefix) {
		this.connection = connection;
		this.replyTo = replyTo;
		this.apiPrefix = apiPrefix;
		this.metaData = metaDataOf(replyTo);
	}

	/**
	 * Read the message from its stream, once.
	 * @throws IllegalStateException if it cannot be read: the listener fails, and the
	 * message is retried as any failure is
	 */
	private MessageInfo stored() {
		MessageInfo known = this.stored;
		if (known != null) {
			return known;
		}
		synchronized (this) {
			if (this.stored == null) {
				try {
					this.stored = this.connection
						.jetStreamManagement(JetStreamOptions.builder().prefix(this.apiPrefix).build())
						.getMessage(this.metaData.getStream(), this.metaData.streamSequence());
				}
				catch (IOException | JetStreamApiException ex) {
					throw new IllegalStateException("Could not read message " + this.metaData.streamSequence()
							+ " of stream " + this.metaData.getStream() + " back (its headers begin with a status "
							+ "line, which the client reads as a status): " + ex.getMessage(), ex);
				}
			}
			return this.stored;
		}
	}

	/**
	 * Whether a message read as a status is one of the consumer's: the server sends its
	 * own statuses without a reply subject.
	 * @param message the message as read
	 * @return {@code true} if it has a {@code $JS.ACK} reply subject
	 */
	static boolean isStored(Message message) {
		String reply = message.getReplyTo();
		return message.isStatusMessage() && reply != null && reply.startsWith("$JS.ACK.");
	}

	/**
	 * The stream sequence a reply subject names.
	 * @param replyTo a {@code $JS.ACK} reply subject
	 * @return the metadata parsed from it
	 */
	static NatsJetStreamMetaData metaDataOf(String replyTo) {
		// jnats parses metadata only from a message that calls itself a JetStream one
		return new NatsJetStreamMetaData(new NatsMessage("?", replyTo, new byte[0]) {

			@Override
			public boolean isJetStream() {
				return true;
			}

		});
	}

	@Override
	public String getSubject() {
		String subject = stored().getSubject();
		return (subject != null) ? subject : "?";
	}

	@Override
	public String getReplyTo() {
		return this.replyTo;
	}

	@Override
	public boolean hasHeaders() {
		Headers headers = stored().getHeaders();
		return headers != null && !headers.isEmpty();
	}

	@Override
	public @Nullable Headers getHeaders() {
		return stored().getHeaders();
	}

	@Override
	public boolean isStatusMessage() {
		return false;
	}

	@Override
	public @Nullable Status getStatus() {
		return null;
	}

	@Override
	public byte[] getData() {
		byte[] data = stored().getData();
		return (data != null) ? data : new byte[0];
	}

	@Override
	public boolean isUtf8mode() {
		return false;
	}

	@Override
	public @Nullable Subscription getSubscription() {
		return null;
	}

	@Override
	public @Nullable String getSID() {
		return null;
	}

	@Override
	public Connection getConnection() {
		return this.connection;
	}

	@Override
	public NatsJetStreamMetaData metaData() {
		return this.metaData;
	}

	@Override
	public @Nullable AckType lastAck() {
		return this.lastAck;
	}

	@Override
	public void ack() {
		reply(AckType.AckAck, -1);
	}

	@Override
	public void ackSync(Duration timeout) throws TimeoutException, InterruptedException {
		if (this.lastAck == null || !this.lastAck.terminal) {
			if (this.connection.request(this.replyTo, AckType.AckAck.bodyBytes(-1), timeout) == null) {
				throw new TimeoutException("Ack response timed out.");
			}
			this.lastAck = AckType.AckAck;
		}
	}

	@Override
	public void nak() {
		reply(AckType.AckNak, -1);
	}

	@Override
	public void nakWithDelay(Duration nakDelay) {
		reply(AckType.AckNak, nakDelay.toNanos());
	}

	@Override
	public void nakWithDelay(long nakDelayMillis) {
		reply(AckType.AckNak, nakDelayMillis * 1_000_000L);
	}

	@Override
	public void term() {
		reply(AckType.AckTerm, -1);
	}

	@Override
	public void inProgress() {
		reply(AckType.AckProgress, -1);
	}

	@Override
	public boolean isJetStream() {
		return true;
	}

	@Override
	public long consumeByteCount() {
		// unknown until read; the reply subject stands in for the ledger's byte count
		return this.replyTo.length();
	}

	private void reply(AckType type, long delayNanos) {
		AckType last = this.lastAck;
		if (last != null && last.terminal) {
			return;
		}
		this.connection.publish(this.replyTo, type.bodyBytes(delayNanos));
		this.lastAck = type;
	}

}
