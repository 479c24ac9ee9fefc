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
package io.jetstream.spring.listener;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * A running listener: the workers that pull from one durable consumer and hand each
 * message to one listener method. Obtained from the
 * {@code io.jetstream.spring.config.JetStreamListenerRegistry}.
 *
 * @since 0.1.0
 */
public interface MessageListenerContainer extends SmartLifecycle {

	/**
	 * Return the listener id.
	 * @return the id (by default the consumer name)
	 */
	String getId();

	/**
	 * Return the stream consumed.
	 * @return the stream name
	 */
	String getStream();

	/**
	 * Return the durable consumer consumed.
	 * @return the consumer name
	 */
	String getConsumer();

	/**
	 * Start pulling, creating the consumer from its declaration if it does not exist.
	 */
	@Override
	void start();

	/**
	 * Stop pulling; wait for messages in flight (bounded by the shutdown timeout), and
	 * give back messages pulled but not handled so that they are redelivered promptly.
	 * Returns once the server has read every ack, nak and term the container sent (a
	 * flush of the connection, bounded by the shutdown timeout and at most 5 seconds; a
	 * warning naming the listener when it cannot confirm it), so that consumer state read
	 * afterwards is settled.
	 */
	@Override
	void stop();

	/**
	 * Stop pulling but keep the workers and the consumer; messages pulled but not yet
	 * handled are given back, and the server has read those naks when this returns (as
	 * for {@link #stop()}). Handlers already running finish and settle their messages
	 * afterwards.
	 */
	void pause();

	/**
	 * Continue pulling after {@link #pause()}; a consumer paused on the server by
	 * {@link #pause(Instant)} is resumed there too.
	 */
	void resume();

	/**
	 * Pause every instance: the consumer is paused on the server where it supports it
	 * (nats-server 2.11+), which survives restarts, and this instance stops pulling.
	 * Older servers pause this instance only.
	 * @param until when the pause ends by itself, or {@code null} for when resumed
	 * @return where it was paused
	 * @throws IllegalStateException if {@code until} is given and the server cannot pause
	 * the consumer
	 */
	default PauseScope pause(@Nullable Instant until) {
		if (until != null) {
			throw new IllegalStateException("Pausing until a time needs a consumer paused on the server");
		}
		pause();
		return PauseScope.INSTANCE;
	}

	/**
	 * Return where the last {@link #pause(Instant)} paused, while paused.
	 * @return the scope, or {@code null} if not paused that way
	 */
	default @Nullable PauseScope getPauseScope() {
		return null;
	}

	/**
	 * Whether the container is started (paused or not).
	 * @return {@code true} if running
	 */
	@Override
	boolean isRunning();

	/**
	 * Whether the container is paused.
	 * @return {@code true} if paused
	 */
	boolean isPaused();

	/**
	 * Return the time since a worker last received a message or (re)subscribed; with
	 * messages pending on the server, a long time means a stalled listener.
	 * @return the time since the last activity
	 */
	java.time.Duration getTimeSinceLastActivity();

	/**
	 * Return how many messages are in listener methods right now; the consumer's
	 * ack-pending count beyond these are messages pulled and waiting in the listener.
	 * @return the number of messages being handled
	 */
	default int getInFlightCount() {
		return 0;
	}

	/**
	 * Return what workers hold while they retry a dead letter that could not be stored: a
	 * worker keeps the message of its last allowed delivery until its dead letter is
	 * stored, and handles nothing else meanwhile.
	 * @return one line per blocked worker (message, since when, why); empty if none
	 */
	default java.util.List<String> getBlockedWorkers() {
		return java.util.List.of();
	}

	/**
	 * Whether the container starts with the application.
	 * @return {@code true} to start automatically
	 */
	@Override
	boolean isAutoStartup();

}
