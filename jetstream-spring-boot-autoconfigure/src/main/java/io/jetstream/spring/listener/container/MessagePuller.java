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

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import io.nats.client.BaseConsumeOptions;
import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.Subscription;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.PriorityPolicy;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsJetStreamMetaData;
import io.nats.client.support.NatsJetStreamConstants;
import io.nats.client.support.Status;
import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;

import io.jetstream.spring.listener.JetStreamErrorHandler;

/**
 * The pull side of a {@link JetStreamListenerContainer}: pulls a durable consumer's
 * messages ahead of the workers and hands them out in the order they arrive.
 * <p>
 * <b>One inbox.</b> Every pull request
 * ({@code $JS.API.CONSUMER.MSG.NEXT.<stream>.<consumer>} with a batch, an expiry and an
 * idle heartbeat) names the same inbox, a core subscription of the container's own, and
 * the workers read that inbox directly. So a message never waits behind another pull
 * (each pull of jnats' {@code fetch} has its own inbox, and the server serves waiting
 * pulls in turn), nothing is lost between "counted" and "queued" (jnats 2.26.2 can end a
 * fetch before its last message is queued), and a new pull is made while the previous one
 * is still being read, with no round trip per batch. Status messages are read here:
 * {@code 100} heartbeats prove the pull alive; {@code 408}/{@code 409} with
 * {@code Nats-Pending-Messages} say how many of the messages asked for will not come;
 * {@code 409 Consumer Deleted} and {@code 503} (no consumer answers) make the container
 * re-declare its consumer; other refusals are logged and retried with a growing pause.
 * When neither a message nor the end of a pull arrived for {@code pull-expires} and a
 * second (counted from the last pull made, if later) while pulls are counted as open
 * (heartbeats alone do not count: they only say the server keeps a pull), the count is
 * presumed wrong (a server restart, a lost connection) and pulls are made again; after a
 * reconnect, too. No pull is made while the connection is down.
 * <p>
 * <b>How far ahead.</b> The messages asked for and not yet with a worker (asked for, in
 * the inbox, held) are at most {@code batchSize} per worker, and at most what the
 * messages being handled settle in half the shortest ack-wait (the consumer's ack-wait,
 * or its shortest backoff delay), from the {@link InFlight ledger}'s moving average of
 * the time from a worker taking a message to its settlement — a future's completion or a
 * dead letter's store included — and the number being handled (at least one per worker;
 * 64 until one was settled); at least one. A pull for the difference is made when half of
 * that is left. Bytes are bounded too: each pull carries {@code max_bytes} — four times
 * its batch at the largest recent size, at most what is left of {@code maxBytesAhead}
 * after the ledger's entries and what the pulls still open may bring (their max bytes
 * less what arrived; exact again when nothing is asked for), and of 8MB on the way at
 * once — so that the server never has more on its way than that, however the sizes grow
 * (its slow-consumer limit is 64MB for the whole connection), and of the consumer's own
 * {@code max_bytes}. Each message of a batch has room for the largest recent size and a
 * quarter more (at most 4KB more), and no pull with a byte limit is made for less: the
 * server counts the subject, the ack subject (whose numbers grow) and the payload against
 * a pull's max bytes, and ends a pull the next message does not fit in (nats-server 2.9
 * then loses a redelivery it had for that pull until its ack-wait, and delivers another
 * message a second time in its place). Until a message has arrived (a run's first pulls,
 * which would otherwise take the whole budget until their batch is read), and when the
 * budget has no such room left, nothing is ahead and a worker holding nothing waits (or
 * nothing is held at all), one message is pulled without a byte limit; otherwise the
 * puller waits for what is ahead and held to settle. So the messages held can exceed
 * {@code maxBytesAhead} by about one message per worker. The inbox has no pending limits
 * of the client's: the ledger's bounds are the only ones, and a message the client
 * dropped all the same is logged at ERROR.
 * <p>
 * <b>Nothing held expires.</b> Messages that waited in the inbox for a quarter of the
 * shortest ack-wait (since it was last seen empty) are moved by the keeper (the ledger's
 * ticker) into a queue of held messages, which workers take before the inbox. Every
 * message out of the inbox is an entry of the ledger, which reports it in progress.
 * <p>
 * <b>Stop and pause.</b> No more pulls are made and the inbox is drained: its
 * unsubscription reaches the server before the flush returns, and whatever it had sent
 * arrives before the flush's pong. A consumer info request then makes the server drop the
 * waiting pulls nobody subscribes to. Every message still held, and every message a
 * worker puts back from then on, is nak'ed without delay, so another instance gets it at
 * once; messages of their last allowed delivery are kept instead, since a nak would end
 * them (they are handled before the container stops, or after it resumes).
 */
final class MessagePuller {

	private static final LogAccessor logger = new LogAccessor(JetStreamListenerContainer.class);

	private static final Duration PINNED_TIMEOUT_DEFAULT = Duration.ofMinutes(2);

	private static final long MAX_PAUSE_AFTER_REFUSAL = TimeUnit.SECONDS.toNanos(5);

	private static final long NOT_SUBSCRIBED_WAIT_MILLIS = 100;

	private static final int AHEAD_UNTIL_MEASURED = 64;

	private static final long BYTES_HEADROOM = 4;

	private static final long MAX_ROOM_PER_MESSAGE = 4096;

	private static final long MAX_BYTES_ON_THE_WAY = 8L * 1024 * 1024;

	/**
	 * Held by whoever awaits a pong on a listener's behalf (a drain, a stop's flush):
	 * jnats takes a third ping out at once (max-pings-out 2) for a dead connection and
	 * reconnects, so listeners stopping together ping one after the other.
	 */
	static final Object PING_LOCK = new Object();

	private final String id;

	private final Connection connection;

	private final String apiPrefix;

	private final String stream;

	private final String consumer;

	private final String pullSubject;

	private final int workers;

	private final int batchSize;

	private final long maxBytesAhead;

	private final ContainerState state;

	private final BooleanSupplier connected;

	private final ReentrantLock lock = new ReentrantLock();

	private final InFlight ledger;

	private final ArrayDeque<InFlight.Entry> held = new ArrayDeque<>();

	/**
	 * Inboxes of an earlier connection still open (their pulls may still bring messages),
	 * and those of them whose unsubscription was not sent yet. Guarded by the lock.
	 */
	private final List<Subscription> retiring = new ArrayList<>();

	private final ArrayDeque<Subscription> undrained = new ArrayDeque<>();

	/** Whether an inbox waits to be drained by a worker. */
	private volatile boolean retired;

	private long retiredReadAt;

	private final AtomicInteger pending = new AtomicInteger();

	/**
	 * What the pulls asked for may still bring, in bytes, at most: the sum of their max
	 * bytes less what arrived (and what a pull's end said will not come); exact again
	 * when nothing is asked for.
	 */
	private final AtomicLong askedBytes = new AtomicLong();

	private volatile @Nullable Subscription subscription;

	/**
	 * Whether the server has confirmed the last inbox's unsubscription (a stop's or a
	 * pause's drain). Guarded by the lock.
	 */
	private boolean drained;

	private volatile Duration expires;

	private volatile int maxRequestBatch = Integer.MAX_VALUE;

	private volatile long shortestAckWait = TimeUnit.SECONDS.toNanos(30);

	private volatile double sizeEstimate;

	private volatile long maxRequestBytes;

	private volatile boolean oversized;

	private volatile long lastPull = System.nanoTime();

	private volatile long lastMessage = System.nanoTime();

	private long droppedSeen;

	private volatile long lastEmpty = System.nanoTime();

	private volatile long lastArrival = System.nanoTime();

	private volatile long pullsAfter;

	private volatile int refusals;

	private volatile boolean consumerLost;

	private long reconnects;

	private LongSupplier readerFailures = () -> 0;

	private long readerFailuresSeen;

	private volatile long carefulUntil;

	private volatile long longestAckWait = TimeUnit.SECONDS.toNanos(30);

	private @Nullable String priorityGroup;

	private long minPending;

	private long minAckPending;

	private volatile @Nullable String group;

	private volatile boolean pinning;

	private volatile @Nullable String pinId;

	/**
	 * Create a puller.
	 * @param id the listener id, for log lines
	 * @param connection the connection to pull on
	 * @param apiPrefix the JetStream API prefix, {@code $JS.API.} unless a domain or an
	 * import changes it
	 * @param stream the stream
	 * @param consumer the durable consumer
	 * @param workers the number of workers taking messages
	 * @param batchSize messages pulled ahead per worker, at most
	 * @param maxBytesAhead bytes pulled ahead, at most
	 * @param expires how long one pull request waits on the server
	 * @param state the container's state: pulls are made only while it is active
	 * @param connected whether the connection is up
	 * @param ledger the run's in-flight ledger: every message taken out of the inbox is
	 * entered there
	 */
	MessagePuller(String id, Connection connection, String apiPrefix, String stream, String consumer, int workers,
			int batchSize, long maxBytesAhead, Duration expires, ContainerState state, BooleanSupplier connected,
			InFlight ledger) {
		this.id = id;
		this.ledger = ledger;
		this.connection = connection;
		this.apiPrefix = apiPrefix;
		this.stream = stream;
		this.consumer = consumer;
		this.pullSubject = apiPrefix + "CONSUMER.MSG.NEXT." + stream + "." + consumer;
		this.workers = workers;
		this.batchSize = batchSize;
		this.maxBytesAhead = maxBytesAhead;
		this.expires = expires;
		this.state = state;
		this.connected = connected;
	}

	/**
	 * Pull one message at a time for one ack-wait after each time the connection's reader
	 * stopped on a message it cannot parse.
	 * @param readerFailures a running count of such stops
	 */
	void setReaderFailures(LongSupplier readerFailures) {
		this.readerFailures = readerFailures;
		this.readerFailuresSeen = readerFailures.getAsLong();
	}

	/**
	 * Pull in a priority group of the consumer.
	 * @param group the group, or {@code null} for the consumer's first, if it has any
	 * @param minPending the backlog pulls wait for (overflow), {@code 0} for none
	 * @param minAckPending the unacknowledged messages pulls wait for (overflow),
	 * {@code 0} for none
	 */
	void setPriority(@Nullable String group, long minPending, long minAckPending) {
		this.priorityGroup = group;
		this.minPending = minPending;
		this.minAckPending = minAckPending;
	}

	/**
	 * Take the consumer's priority groups into account: pulls name the group; with the
	 * pinned-client policy they carry the pin id the server gave this client (the
	 * {@code Nats-Pin-Id} header of its messages), and expire in half the priority
	 * timeout, so that an idle pinned client pulls again before the server gives the pin
	 * to another.
	 * @param policy the consumer's priority policy
	 * @param groups its groups
	 * @param timeout how long a pinned client may go without pulling, {@code null} for
	 * the server's default
	 */
	void configurePriority(PriorityPolicy policy, @Nullable List<String> groups, @Nullable Duration timeout) {
		boolean none = policy == PriorityPolicy.None || groups == null || groups.isEmpty();
		String named = this.priorityGroup;
		if (none && (named != null || this.minPending > 0 || this.minAckPending > 0)) {
			logger.error(() -> "Listener '" + this.id + "' pulls in priority group " + named
					+ ", but its consumer has no priority groups: the server serves its pulls as any other");
		}
		this.group = (named != null) ? named : (none ? null : groups.get(0));
		this.pinning = !none && policy == PriorityPolicy.PinnedClient;
		if (this.pinning) {
			Duration half = ((timeout != null) ? timeout : PINNED_TIMEOUT_DEFAULT).dividedBy(2);
			Duration floor = Duration.ofMillis(BaseConsumeOptions.MIN_EXPIRES_MILLS);
			Duration expiry = (half.compareTo(floor) < 0) ? floor : half;
			if (expiry.compareTo(this.expires) < 0) {
				this.expires = expiry;
			}
		}
	}

	/**
	 * The pin id this client holds.
	 * @return the id, or {@code null} if it is not pinned
	 */
	@Nullable String pinId() {
		return this.pinning ? this.pinId : null;
	}

	/**
	 * The priority group pulls are made in.
	 * @return the group, or {@code null} if none
	 */
	@Nullable String group() {
		return this.group;
	}

	/**
	 * Forget the pin (the container gave it back to the server).
	 */
	void unpinned() {
		this.pinId = null;
	}

	/**
	 * Size the pull-ahead from the consumer's settings.
	 * @param limits its ack-wait and backoff
	 * @param maxBatch the consumer's largest batch per pull, {@code 0} or less if none
	 * @param maxExpires the consumer's longest pull expiry, {@code null} if none
	 * @param maxBytes the consumer's largest max bytes per pull, {@code 0} or less if
	 * none
	 */
	void configure(JetStreamErrorHandler.ConsumerLimits limits, int maxBatch, @Nullable Duration maxExpires,
			long maxBytes) {
		Duration shortest = limits.ackWait();
		Duration longest = limits.ackWait();
		for (Duration delay : limits.backoff()) {
			if (delay.compareTo(shortest) < 0) {
				shortest = delay;
			}
			if (delay.compareTo(longest) > 0) {
				longest = delay;
			}
		}
		this.shortestAckWait = Math.max(TimeUnit.MILLISECONDS.toNanos(100), shortest.toNanos());
		this.longestAckWait = longest.toNanos();
		this.maxRequestBatch = (maxBatch > 0) ? maxBatch : Integer.MAX_VALUE;
		this.maxRequestBytes = Math.max(0, maxBytes);
		this.ledger.configure(limits);
		if (maxExpires != null && !maxExpires.isZero() && maxExpires.compareTo(this.expires) < 0) {
			this.expires = maxExpires;
		}
	}

	/**
	 * Take the next message for a worker.
	 * @param timeoutMillis how long to wait for one
	 * @param free whether the worker holds nothing (no batch being collected, no result
	 * pending): only such a worker may pull a message past the byte budget
	 * @return its ledger entry, or {@code null} if none came in time
	 * @throws InterruptedException if the worker was interrupted
	 */
	InFlight.@Nullable Entry take(long timeoutMillis, boolean free) throws InterruptedException {
		if (this.retired) {
			drainRetired();
		}
		Subscription inbox;
		this.lock.lock();
		try {
			InFlight.Entry first = this.held.pollFirst();
			if (first != null) {
				return handOut(first);
			}
			inbox = subscribed();
			if (inbox != null) {
				Message message = read(inbox, null);
				if (message != null) {
					// it arrived after the inbox was last seen empty
					return handOut(this.ledger.enter(message, this.lastEmpty));
				}
				this.lastEmpty = System.nanoTime();
				pullIfLow(free);
			}
		}
		finally {
			this.lock.unlock();
		}
		if (inbox == null) {
			this.state.sleep(Math.min(timeoutMillis, NOT_SUBSCRIBED_WAIT_MILLIS));
			return null;
		}
		// nothing there: wait outside the lock, the keeper does not drain the inbox while
		// a worker is idle
		Message message = read(inbox, Duration.ofMillis(timeoutMillis));
		if (message == null) {
			return null;
		}
		// a waiting worker reads a message as it arrives
		InFlight.Entry entry = this.ledger.enter(message, System.nanoTime());
		this.lock.lock();
		try {
			return handOut(entry);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether the server said the consumer is gone since the last call.
	 * @return {@code true} once per loss
	 */
	boolean consumerLost() {
		if (this.consumerLost) {
			this.consumerLost = false;
			return true;
		}
		return false;
	}

	/**
	 * Stop pulling and drain the inbox, waiting up to the timeout for the server to
	 * confirm, then ask the server for the consumer's info; the next
	 * {@link #take(long, boolean)} while the container is active subscribes anew.
	 * <p>
	 * The consumer info request comes before anything is handed back, including what a
	 * worker puts back later: nats-server 2.9 checks a pull's interest only when it looks
	 * at its waiting pulls (an info request does), and gives a nak'ed message to a pull
	 * of the drained inbox still at the head of its queue, where it waits out its
	 * ack-wait. Its answer also renews the consumer's limits: a max-deliver lowered since
	 * they were read (another deployment's declaration, an operator) makes deliveries
	 * last ones that a nak would end.
	 * @param timeout the longest wait for the server
	 * @return every message held, in order (the caller hands them back), and the
	 * consumer's info, {@code null} if it could not be read
	 */
	Suspension suspend(Duration timeout) {
		Subscription inbox;
		this.lock.lock();
		try {
			inbox = this.subscription;
			this.subscription = null;
			this.drained = false;
			resetAsked();
		}
		finally {
			this.lock.unlock();
		}
		boolean confirmed = (inbox == null) || drain(inbox, timeout);
		List<Subscription> retired = retiringInboxes();
		for (Subscription old : retired) {
			confirmed &= drain(old, timeout);
		}
		ConsumerInfo info = consumerInfo();
		this.lock.lock();
		try {
			// a resume during the drain may have subscribed anew: that inbox is not
			// drained; unconfirmed, what workers put back is held (until the stop has
			// its workers back, or the pause ends) rather than nak'ed into open pulls
			this.drained = confirmed && (info != null || !this.connected.getAsBoolean()) && (this.subscription == null);
			// an inbox retired meanwhile (a resume, then a reconnect) is still read
			this.retiring.removeAll(retired);
			return new Suspension(releaseHeld(), info);
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable ConsumerInfo consumerInfo() {
		if (!this.connected.getAsBoolean()) {
			// the server dropped the pulls with the connection
			return null;
		}
		try {
			return this.connection.jetStreamManagement().getConsumerInfo(this.stream, this.consumer);
		}
		catch (Exception ex) {
			logger.debug(ex, () -> "Listener '" + this.id + "' could not look up its consumer; what it hands back "
					+ "waits for the stop or the end of the pause");
			return null;
		}
	}

	/**
	 * What {@link #suspend(Duration)} found.
	 *
	 * @param held the messages pulled but not taken, in order
	 * @param consumer the consumer's info, read after the inbox was drained
	 */
	record Suspension(List<InFlight.Entry> held, @Nullable ConsumerInfo consumer) {
	}

	/**
	 * Take back messages a worker took but will not handle, as the container stops or
	 * pauses. Until the server has confirmed the inbox's unsubscription they are held,
	 * for the stop or pause to hand back: a nak the server reads before the
	 * unsubscription is redelivered at once into one of this inbox's open pulls, to be
	 * handed back again at the cost of one more delivery (with a {@code max-deliver},
	 * towards its last). Once confirmed, they are returned to be handed back at once.
	 * @param entries the messages, in the order taken
	 * @return the messages to hand back now, none while the inbox may still get them
	 */
	List<InFlight.Entry> putBack(List<InFlight.Entry> entries) {
		this.lock.lock();
		try {
			if (this.drained) {
				return entries;
			}
			hold(entries);
			return List.of();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Remove and return every message held.
	 * @return the messages, in order
	 */
	List<InFlight.Entry> releaseHeld() {
		this.lock.lock();
		try {
			List<InFlight.Entry> entries = new ArrayList<>(this.held);
			this.held.clear();
			return entries;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Keep these messages (of their last allowed delivery) for the workers, ahead of the
	 * others; the ledger keeps them in progress meanwhile.
	 * @param entries the messages
	 */
	void hold(List<InFlight.Entry> entries) {
		this.lock.lock();
		try {
			for (int i = entries.size() - 1; i >= 0; i--) {
				this.held.addFirst(entries.get(i));
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The keeper's round, every tick: notice reconnects, lost pulls and messages the
	 * client dropped, and move messages that waited too long in the inbox into the held
	 * queue (the ledger).
	 * @param now {@link System#nanoTime()}
	 */
	void keep(long now) {
		long failures = this.readerFailures.getAsLong();
		if (failures != this.readerFailuresSeen) {
			// the server redelivers the message that stopped the reader once its
			// ack-wait runs out: alone, it takes no other message down with it
			this.readerFailuresSeen = failures;
			this.carefulUntil = now + this.longestAckWait + TimeUnit.SECONDS.toNanos(1);
			logger.info(() -> "Listener '" + this.id + "' pulls one message at a time for "
					+ Duration.ofNanos(this.longestAckWait + TimeUnit.SECONDS.toNanos(1))
					+ ": the connection's reader stopped on a message the client cannot parse");
		}
		else if (this.carefulUntil != 0 && now - this.carefulUntil >= 0) {
			this.carefulUntil = 0;
		}
		long reconnectCount = this.connection.getStatistics().getReconnects();
		if (reconnectCount != this.reconnects) {
			// pulls made on the old connection may be gone with it: start afresh, on a
			// new
			// inbox, so that nothing counted or delivered on the old one holds back the
			// new pulls
			this.reconnects = reconnectCount;
			resetAsked();
			renewInbox();
		}
		readRetired();
		Subscription inbox = this.subscription;
		if (inbox == null) {
			return;
		}
		long dropped = inbox.getDroppedCount();
		if (dropped != this.droppedSeen) {
			long lost = dropped - this.droppedSeen;
			this.droppedSeen = dropped;
			logger.error(() -> "Listener '" + this.id + "': the client dropped " + lost + " message(s) from its inbox "
					+ "(a bug: the inbox has no pending limits); the server redelivers them after ack-wait");
		}
		long queued = inbox.getPendingMessageCount();
		if (queued > 0) {
			this.lastArrival = now;
		}
		else if (this.pending.get() > 0 && now - lastNews() > lostAfter() && this.carefulUntil == 0) {
			// silence counts from the last pull too: a pull made after a quiet spell (a
			// batch being collected, slow handlers) is not lost the moment it is made,
			// and a second one beside it would ask for more than the bounds allow
			// (while careful, silence means the reader has most likely stopped again: a
			// new pull would only feed it; the forced reconnect starts afresh)
			logger.debug(() -> "Listener '" + this.id + "' heard nothing of its pulls for "
					+ Duration.ofNanos(now - this.lastArrival) + "; pulling again");
			resetAsked();
			this.lastArrival = now;
		}
		if (queued > 0 && now - this.lastEmpty >= this.shortestAckWait / 4) {
			moveToHeld(inbox);
		}
	}

	/**
	 * How many messages are held, taken from the inbox but not yet by a worker.
	 * @return the count
	 */
	int heldCount() {
		this.lock.lock();
		try {
			return this.held.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * The largest number of messages asked for and not yet with a worker. Called with the
	 * lock held.
	 * @return at least 1
	 */
	int aheadLimit() {
		if (this.carefulUntil != 0) {
			return 1;
		}
		long most = (long) this.batchSize * this.workers;
		double average = this.ledger.averageSettle();
		if (average > 0) {
			// Little's law: what is being handled settles at this rate
			long handling = Math.max(this.workers, this.ledger.size() - this.held.size());
			most = Math.min(most, (long) (handling * (this.shortestAckWait / 2.0) / average));
		}
		else {
			// until one message was handled, how many fit in an ack-wait is unknown: a
			// slow handler must not find a full batch waiting (and a crash leave it
			// stranded until ack-wait)
			most = Math.min(most, AHEAD_UNTIL_MEASURED);
		}
		return (int) Math.max(1, most);
	}

	private InFlight.Entry handOut(InFlight.Entry entry) {
		entry.taken();
		Subscription inbox = this.subscription;
		if (inbox != null && inbox.getPendingMessageCount() == 0) {
			this.lastEmpty = System.nanoTime();
		}
		pullIfLow(false);
		return entry;
	}

	/**
	 * Read the inbox until a message of the consumer comes, handling status messages on
	 * the way.
	 * @param wait {@code null} to take only what is there
	 */
	private @Nullable Message read(Subscription inbox, @Nullable Duration wait) throws InterruptedException {
		// what a retired inbox still brings belongs to an earlier connection's pulls: it
		// does not count against the pulls of the current one
		boolean current = (inbox == this.subscription);
		while (true) {
			Message message;
			try {
				message = inbox.nextMessage(wait);
			}
			catch (IllegalStateException ex) {
				// unsubscribed (stop, pause) while reading
				return null;
			}
			if (message == null) {
				return null;
			}
			boolean readAsStatus = StoredJetStreamMessage.isStored(message) && isOwn(message.getReplyTo());
			if (readAsStatus || message.isJetStream()) {
				this.lastArrival = System.nanoTime();
				this.lastMessage = this.lastArrival;
				// as the server counted it against the pull
				long size = message.consumeByteCount();
				if (readAsStatus) {
					// a message of the consumer, whatever its headers begin with
					message = new StoredJetStreamMessage(this.connection, message.getReplyTo(), this.apiPrefix);
				}
				if (current) {
					if (this.pending.decrementAndGet() <= 0) {
						resetAsked();
					}
					else if (this.askedBytes.addAndGet(-size) < 0) {
						this.askedBytes.set(0);
					}
				}
				this.refusals = 0;
				if (this.pinning && message.hasHeaders()) {
					String pin = message.getHeaders().getFirst(NatsJetStreamConstants.NATS_PIN_ID_HDR);
					if (pin != null) {
						this.pinId = pin;
					}
				}
				// the largest recent size: growing messages count at once, shrinking ones
				// over a few hundred
				double estimate = this.sizeEstimate;
				this.sizeEstimate = (size >= estimate) ? size : estimate * 0.99 + size * 0.01;
				this.oversized = false;
				return message;
			}
			if (current && message.isStatusMessage() && onStatus(message)) {
				// a pull ended. Heartbeats alone do not count as news: pulls the server
				// keeps alive without delivering must not hold back new pulls for good
				this.lastArrival = System.nanoTime();
				if (wait != null) {
					// fewer are coming now: let the worker pull before it waits again
					return null;
				}
			}
		}
	}

	/**
	 * Whether a reply subject names this puller's stream and consumer: a message read as
	 * a status is read back and settled through it, and anything can arrive on an inbox.
	 */
	private boolean isOwn(String replyTo) {
		try {
			NatsJetStreamMetaData metaData = StoredJetStreamMessage.metaDataOf(replyTo);
			return this.stream.equals(metaData.getStream()) && this.consumer.equals(metaData.getConsumer());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/**
	 * @return whether the status ended a pull
	 */
	private boolean onStatus(Message message) {
		Status status = message.getStatus();
		int code = status.getCode();
		if (code == Status.FLOW_OR_HEARTBEAT_STATUS_CODE) {
			return false;
		}
		if (code == Status.PIN_ERROR_CODE) {
			// the server pinned another client (this one went quiet for the priority
			// timeout) or unpinned: pull again without a pin id, and wait to be pinned
			String lost = this.pinId;
			this.pinId = null;
			if (lost != null) {
				logger.info(() -> "Listener '" + this.id + "' is no longer the pinned client of group " + this.group
						+ " (" + status.getMessage() + ")");
			}
		}
		Long notComing = headerNumber(message.getHeaders(), NatsJetStreamConstants.NATS_PENDING_MESSAGES);
		if (notComing != null) {
			// a pull ended (expired, or a message too large for its max bytes) before
			// its batch was full
			if (this.pending.addAndGet((int) -Math.min(notComing, Integer.MAX_VALUE)) <= 0) {
				resetAsked();
			}
			else {
				Long bytesNotComing = headerNumber(message.getHeaders(), NatsJetStreamConstants.NATS_PENDING_BYTES);
				if (bytesNotComing != null && this.askedBytes.addAndGet(-bytesNotComing) < 0) {
					this.askedBytes.set(0);
				}
			}
			this.refusals = 0;
			if (code == Status.CONFLICT_CODE) {
				if (Status.MESSAGE_SIZE_EXCEEDS_MAX_BYTES.equals(status.getMessage())
						&& this.lastPull - this.lastMessage > 0) {
					// nothing came since the last pull: the next message does not fit in
					// a pull's max bytes (otherwise a pull simply used its bytes up)
					this.oversized = true;
				}
				logger.debug(() -> "Listener '" + this.id + "': " + status.getMessage());
			}
			return true;
		}
		resetAsked();
		String text = status.getMessage();
		if (code == Status.NO_RESPONDERS_CODE || Status.CONSUMER_DELETED.equals(text)) {
			this.consumerLost = true;
			refused("its consumer does not answer (" + code + " " + text + ")");
		}
		else if (code == Status.CONFLICT_CODE && text != null && text.startsWith("Leadership Change")) {
			logger.debug(() -> "Listener '" + this.id + "': " + text + "; pulling again");
		}
		else if (code != Status.NOT_FOUND_CODE && code != Status.PIN_ERROR_CODE) {
			refused("the server refused its pull (" + code + " " + text + ")");
		}
		return true;
	}

	private void refused(String what) {
		int count = ++this.refusals;
		long pause = Math.min(MAX_PAUSE_AFTER_REFUSAL, TimeUnit.MILLISECONDS.toNanos(100L << Math.min(count, 6)));
		this.pullsAfter = System.nanoTime() + pause;
		if (count == 1) {
			logger.warn(() -> "Listener '" + this.id + "': " + what + "; pulling again");
		}
		else {
			logger.debug(() -> "Listener '" + this.id + "': " + what + ", " + count + " times in a row");
		}
	}

	/**
	 * A number the server put in a pull's status (what a pull will no longer bring).
	 */
	private static @Nullable Long headerNumber(@Nullable Headers headers, String name) {
		String value = (headers != null) ? headers.getFirst(name) : null;
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private void resetAsked() {
		this.pending.set(0);
		this.askedBytes.set(0);
	}

	/**
	 * The subscription, made if there is none and the container is active and connected.
	 * Called with the lock held.
	 */
	private @Nullable Subscription subscribed() {
		Subscription inbox = this.subscription;
		if (inbox != null || !this.state.isActive() || !this.connected.getAsBoolean()) {
			return inbox;
		}
		inbox = this.connection.subscribe(this.connection.createInbox());
		// the ledger bounds what is ahead, by count and by bytes: the client's own
		// limits would only drop messages, which come back after ack-wait
		inbox.setPendingLimits(0, 0);
		this.drained = false;
		this.droppedSeen = 0;
		resetAsked();
		this.lastEmpty = System.nanoTime();
		this.lastArrival = this.lastEmpty;
		this.reconnects = this.connection.getStatistics().getReconnects();
		this.subscription = inbox;
		return inbox;
	}

	/**
	 * Ask for more once half of what may be ahead is left. Called with the lock held.
	 * @param aFreeWorkerWaits whether a worker that holds nothing found nothing and is
	 * about to wait
	 */
	private void pullIfLow(boolean aFreeWorkerWaits) {
		Subscription inbox = this.subscription;
		if (inbox == null) {
			return;
		}
		int limit = aheadLimit();
		int asked = this.pending.get();
		int ahead = asked + this.held.size();
		if (ahead > limit / 2) {
			return;
		}
		long now = System.nanoTime();
		if (now - this.pullsAfter < 0 || !this.state.isActive() || !this.connected.getAsBoolean()) {
			return;
		}
		int batch = Math.min(limit - ahead, this.maxRequestBatch);
		double size = this.sizeEstimate;
		long asking = this.askedBytes.get();
		// what the server may have on its way at once stays well below its slow-consumer
		// limit (max_pending, 64MB by default, for the whole connection)
		long budget = Math.min(this.maxBytesAhead - this.ledger.bytes(), MAX_BYTES_ON_THE_WAY) - asking;
		if (this.maxRequestBytes > 0) {
			budget = Math.min(budget, this.maxRequestBytes);
		}
		long perMessage = (long) Math.ceil(size);
		// room per message: the ack subject's numbers grow by a digit now and then, and
		// payloads vary (a message much larger than the recent ones is a size that grows,
		// which ends a pull anyway, and is counted at once)
		long slot = perMessage + Math.min(perMessage / 4, MAX_ROOM_PER_MESSAGE) + 1;
		long maxBytes;
		if (this.oversized || perMessage == 0 || budget < slot) {
			if (ahead > 0 || (this.ledger.size() > 0 && !aFreeWorkerWaits)) {
				// wait for what is ahead and held to settle
				return;
			}
			// nothing is ahead and a worker holds nothing: at least one message, whatever
			// its size (an entry that takes long to settle, a result that never
			// completes, must not keep the free workers from the rest); nothing else is
			// asked for until it came. A worker collecting a batch or waiting for results
			// holds entries already: for it the budget holds
			batch = 1;
			maxBytes = 0;
		}
		else {
			// a few times what the batch should take at the largest recent size: pulls
			// that end by count leave little of the budget counted as still coming
			batch = (int) Math.max(1, Math.min(batch, budget / slot));
			maxBytes = Math.min(budget, batch * perMessage * BYTES_HEADROOM);
		}
		Duration expiry = this.expires;
		PullRequestOptions.Builder builder = PullRequestOptions.builder(batch)
			.expiresIn(expiry)
			.idleHeartbeat(expiry.dividedBy(2));
		if (maxBytes > 0) {
			builder.maxBytes(maxBytes);
		}
		String priority = this.group;
		PullRequestOptions request;
		if (priority == null) {
			request = builder.build();
		}
		else {
			request = new PriorityPull(
					builder.group(priority).minPending(this.minPending).minAckPending(this.minAckPending),
					this.pinning ? this.pinId : null);
		}
		try {
			this.connection.publish(this.pullSubject, inbox.getSubject(), request.serialize());
		}
		catch (IllegalStateException ex) {
			// closed or closing: the container is about to stop
			logger.debug(ex, () -> "Listener '" + this.id + "' could not pull");
			return;
		}
		this.lastPull = System.nanoTime();
		this.pending.addAndGet(batch);
		this.askedBytes.addAndGet((maxBytes > 0) ? maxBytes : this.maxBytesAhead);
	}

	/**
	 * The later of the last message or end of a pull and the last pull made.
	 */
	private long lastNews() {
		long arrival = this.lastArrival;
		long pull = this.lastPull;
		return (pull - arrival > 0) ? pull : arrival;
	}

	private long lostAfter() {
		return this.expires.toNanos() + TimeUnit.SECONDS.toNanos(1);
	}

	private void readRetired() {
		this.lock.lock();
		try {
			if (!this.retiring.isEmpty()) {
				// they arrived since the last read
				long now = System.nanoTime();
				readRetired(this.retiredReadAt);
				this.retiredReadAt = now;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void moveToHeld(Subscription inbox) {
		this.lock.lock();
		try {
			if (this.subscription != inbox) {
				return;
			}
			// they arrived after the inbox was last seen empty
			readIntoHeld(inbox, this.lastEmpty);
			this.lastEmpty = System.nanoTime();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * @return whether the server confirmed the unsubscription
	 */
	private boolean drain(Subscription inbox, Duration timeout) {
		// without a connection the server dropped the pulls with it: nothing to drain
		boolean draining = this.connected.getAsBoolean();
		boolean confirmed = false;
		try {
			if (draining) {
				// a drain flushes: a ping whose pong it awaits. jnats takes a third ping
				// out at once for a dead connection (max-pings-out 2) and reconnects, so
				// listeners stopping together (shutdown, 100 in the benchmark) drain one
				// after the other
				synchronized (PING_LOCK) {
					long start = System.nanoTime();
					inbox.drain(timeout);
					// jnats reports a flush that timed out to the error listener only: a
					// drain that took the whole timeout is not confirmed
					confirmed = System.nanoTime() - start < timeout.toNanos();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			logger.debug(ex, () -> "Listener '" + this.id + "' could not drain its inbox");
		}
		// what arrived is entered and handed back, also when the wait was cut short (a
		// read of what is there does not wait, interrupted or not)
		this.lock.lock();
		try {
			readIntoHeld(inbox, this.lastEmpty);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
		if (!confirmed) {
			// nobody reads it any more: what still comes waits out its ack-wait
			unsubscribe(inbox);
		}
		return confirmed;
	}

	private void unsubscribe(Subscription inbox) {
		try {
			if (inbox.isActive()) {
				inbox.unsubscribe();
			}
		}
		catch (RuntimeException ex) {
			logger.debug(ex, () -> "Listener '" + this.id + "' could not unsubscribe its inbox");
		}
	}

	/**
	 * Keep what the inbox holds and retire it; the next {@link #take(long, boolean)}
	 * subscribes a new one, and the next worker to come drains the old one (its
	 * unsubscription's flush awaits a pong: not on the keeper, which keeps every entry in
	 * progress). Until then the keeper moves what it still brings (pulls of the old
	 * connection the server kept) into the held queue: unsubscribing it at once would
	 * drop those.
	 */
	private void renewInbox() {
		this.lock.lock();
		try {
			Subscription old = this.subscription;
			if (old == null) {
				return;
			}
			this.subscription = null;
			readIntoHeld(old, this.lastEmpty);
			this.retiredReadAt = System.nanoTime();
			this.retiring.add(old);
			this.undrained.add(old);
			this.retired = true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Move what retired inboxes brought into the held queue, and forget those jnats has
	 * closed (drained and read empty). Called with the lock held.
	 * @param since when their messages are known to have been in progress last
	 */
	private void readRetired(long since) throws InterruptedException {
		for (int i = this.retiring.size() - 1; i >= 0; i--) {
			Subscription old = this.retiring.get(i);
			if (!old.isActive()) {
				this.retiring.remove(i);
				continue;
			}
			readIntoHeld(old, since);
		}
	}

	/**
	 * Take the retired inboxes out of the puller's hands: a stop or pause drains them.
	 */
	private List<Subscription> retiringInboxes() {
		this.lock.lock();
		try {
			this.undrained.removeAll(this.retiring);
			this.retired = !this.undrained.isEmpty();
			return new ArrayList<>(this.retiring);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Drain a retired inbox not drained yet, on a worker's thread.
	 */
	private void drainRetired() {
		Subscription old;
		this.lock.lock();
		try {
			old = this.undrained.pollFirst();
			this.retired = !this.undrained.isEmpty();
		}
		finally {
			this.lock.unlock();
		}
		if (old != null) {
			drain(old, this.expires);
		}
	}

	/**
	 * Move whatever the inbox holds into the held queue. Called with the lock held.
	 * @param since when they are known to have been in progress last
	 */
	private void readIntoHeld(Subscription inbox, long since) throws InterruptedException {
		Message message;
		while ((message = read(inbox, null)) != null) {
			this.held.addLast(this.ledger.enter(message, since));
		}
	}

	/**
	 * A pull in a priority group, with the pin id this client holds (jnats offers the id
	 * only to subclasses).
	 */
	private static final class PriorityPull extends PullRequestOptions {

		private final @Nullable String pinId;

		PriorityPull(PullRequestOptions.Builder builder, @Nullable String pinId) {
			super(builder);
			this.pinId = pinId;
		}

		@Override
		protected @Nullable String getPinId() {
			return this.pinId;
		}

	}

}
