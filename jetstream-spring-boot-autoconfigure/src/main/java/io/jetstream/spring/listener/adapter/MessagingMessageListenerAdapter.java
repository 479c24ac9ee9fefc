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
package io.jetstream.spring.listener.adapter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import org.jspecify.annotations.Nullable;

import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.Acknowledgment;
import io.jetstream.spring.listener.JetStreamMessageListener;
import io.jetstream.spring.listener.MessageMetadata;
import io.jetstream.spring.support.JetStreamHeaders;
import io.jetstream.spring.support.converter.DefaultJetStreamMessageConverter;

/**
 * Invokes a listener method for each NATS message: builds the Spring Messaging
 * {@link org.springframework.messaging.Message} (the NATS headers, the raw message, its
 * metadata, the acknowledgment in manual mode), has Spring Messaging's
 * {@link InvocableHandlerMethod} resolve the arguments and invoke the method (the
 * container observes each invocation). As Spring for Apache Pulsar's
 * {@code PulsarRecordMessageToSpringMessageListenerAdapter}.
 * <p>
 * A method returning a {@code CompletionStage} (or a single-value reactive type such as
 * {@code Mono}, when Reactive Streams is on the classpath) is handled asynchronously: the
 * message is settled when the result completes ({@link #onMessageAsync}). With
 * {@link #setReplyTo reply-to} ({@code @SendTo}) a non-null result is published before
 * the message is settled.
 *
 * @since 0.1.0
 */
public class MessagingMessageListenerAdapter implements JetStreamMessageListener {

	private final InvocableHandlerMethod handlerMethod;

	private final String stream;

	private final String consumer;

	private final boolean metadataParameter;

	private final @Nullable Class<?> directParameter;

	private final Method method;

	private DefaultJetStreamMessageConverter.@Nullable PayloadReader payloadReader;

	private final AsyncResults results;

	private @Nullable ReplyTo replyTo;

	/**
	 * Create an adapter.
	 * @param handlerMethod the listener method, with its argument resolvers
	 * @param stream the stream consumed (for the ids of replies)
	 * @param consumer the consumer (for the ids of replies)
	 */
	public MessagingMessageListenerAdapter(InvocableHandlerMethod handlerMethod, String stream, String consumer) {
		this.handlerMethod = handlerMethod;
		this.stream = stream;
		this.consumer = consumer;
		this.metadataParameter = Arrays.stream(handlerMethod.getMethodParameters())
			.anyMatch((parameter) -> parameter.getParameterType() == MessageMetadata.class);
		this.directParameter = directParameter(handlerMethod);
		this.method = BridgeMethodResolver.findBridgedMethod(handlerMethod.getMethod());
		ReflectionUtils.makeAccessible(this.method);
		this.results = AsyncResults.of(this.method);
	}

	/**
	 * A method whose only parameter is an unannotated {@code byte[]} or NATS
	 * {@code Message} needs no argument resolution and no Spring message: it is invoked
	 * directly (about 15% of a {@code byte[]} listener's time went into building headers
	 * and resolving the one argument).
	 */
	private static @Nullable Class<?> directParameter(InvocableHandlerMethod handlerMethod) {
		MethodParameter[] parameters = handlerMethod.getMethodParameters();
		if (parameters.length != 1 || parameters[0].getParameterAnnotations().length != 0) {
			return null;
		}
		Class<?> type = parameters[0].getParameterType();
		return (type == byte[].class || type == Message.class) ? type : null;
	}

	/**
	 * Convert the payload of the method's only parameter with this reader and invoke the
	 * method directly, for the messages the reader can read; others go through the
	 * argument resolvers. The reader must convert exactly as the resolvers would.
	 * @param payloadReader the reader, or {@code null} to resolve every argument
	 * @see JetStreamMessageHandlerMethodFactory#payloadReader(Method)
	 */
	public void setPayloadReader(DefaultJetStreamMessageConverter.@Nullable PayloadReader payloadReader) {
		this.payloadReader = payloadReader;
	}

	/**
	 * Publish the method's non-null results (or what its asynchronous results complete
	 * with) to this subject through this template, each with message id
	 * {@code <stream>:<consumer>:<stream sequence of the source>}: a redelivered source
	 * does not store its reply twice. The source is settled only after the reply is
	 * stored; a reply that cannot be stored fails the source.
	 * @param template the template
	 * @param subject the subject
	 */
	public void setReplyTo(JetStreamOperations template, String subject) {
		Assert.state(this.handlerMethod.getReturnType().getParameterType() != void.class,
				() -> "@SendTo(\"" + subject + "\") on " + this.method + ", which returns nothing to send");
		this.replyTo = new ReplyTo(template, subject, this.stream, this.consumer);
	}

	@Override
	public void onMessage(Message message, @Nullable Acknowledgment acknowledgment) throws Exception {
		CompletionStage<?> pending = onMessageAsync(message, acknowledgment);
		if (pending == null) {
			return;
		}
		try {
			CompletionStage<?> followUp = onResult(message, pending.toCompletableFuture().get());
			if (followUp != null) {
				followUp.toCompletableFuture().get();
			}
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
	}

	@Override
	public @Nullable CompletionStage<?> onMessageAsync(Message message, @Nullable Acknowledgment acknowledgment)
			throws Exception {
		return handleResult(message, invoke(message, acknowledgment));
	}

	/**
	 * What the method returned: an asynchronous result becomes the stage that settles the
	 * message; a value to send is published (before the message is settled).
	 */
	private @Nullable CompletionStage<?> handleResult(Message message, @Nullable Object result) {
		if (result == null) {
			return null;
		}
		CompletionStage<?> pending = this.results.stage(result);
		ReplyTo reply = this.replyTo;
		if (pending == null) {
			if (reply != null) {
				reply.send(message, result);
			}
			return null;
		}
		// a reply to what it completes with is sent by onResult, on the container's
		// thread
		return pending;
	}

	/**
	 * Publish what an asynchronous result completed with, with reply-to; called by the
	 * container on its own thread (the template waits for a free in-flight slot, which
	 * the thread that completed the result may be the one to free).
	 */
	@Override
	public @Nullable CompletionStage<?> onResult(Message message, @Nullable Object value) {
		ReplyTo reply = this.replyTo;
		if (reply == null || value == null) {
			return null;
		}
		return reply.sendAsync(message, value);
	}

	private @Nullable Object invoke(Message message, @Nullable Acknowledgment acknowledgment) throws Exception {
		byte[] data = message.getData();
		// an empty payload takes the resolvers' path, which refuses it as a missing
		// payload (a dead letter, conversion_failed)
		if (data != null && data.length > 0) {
			if (this.directParameter != null) {
				return invokeDirectly((this.directParameter == Message.class) ? message : data);
			}
			DefaultJetStreamMessageConverter.PayloadReader reader = this.payloadReader;
			if (reader != null && reader.canRead(contentType(message))) {
				return invokeDirectly(reader.read(data));
			}
		}
		return this.handlerMethod.invoke(toMessage(message, acknowledgment));
	}

	private static @Nullable String contentType(Message message) {
		Headers headers = message.getHeaders();
		return (headers != null) ? headers.getFirst("Content-Type") : null;
	}

	private @Nullable Object invokeDirectly(Object argument) throws Exception {
		try {
			return this.method.invoke(this.handlerMethod.getBean(), argument);
		}
		catch (InvocationTargetException ex) {
			Throwable cause = ex.getTargetException();
			if (cause instanceof Exception exception) {
				throw exception;
			}
			throw (Error) cause;
		}
	}

	/**
	 * Build the Spring message; the metadata is parsed only when the method asks for it,
	 * as it costs on the hot path.
	 */
	private org.springframework.messaging.Message<byte[]> toMessage(Message message,
			@Nullable Acknowledgment acknowledgment) {
		Map<String, Object> headers = JetStreamHeaders.fromNats(message);
		headers.put(JetStreamHeaders.RAW_MESSAGE, message);
		if (this.metadataParameter) {
			headers.put(JetStreamHeaders.METADATA, MessageMetadata.of(message));
		}
		if (acknowledgment != null) {
			headers.put(JetStreamHeaders.ACKNOWLEDGMENT, acknowledgment);
		}
		byte[] data = (message.getData() != null) ? message.getData() : new byte[0];
		return MessageBuilder.createMessage(data, new ListenerMessageHeaders(headers));
	}

	/**
	 * Headers without the random id and timestamp that {@link MessageHeaders} would
	 * generate for every message; a listener has the stream sequence instead.
	 */
	private static final class ListenerMessageHeaders extends MessageHeaders {

		ListenerMessageHeaders(Map<String, Object> headers) {
			super(headers, ID_VALUE_NONE, -1L);
		}

	}

	/**
	 * Where a listener's results are published.
	 */
	private record ReplyTo(JetStreamOperations template, String subject, String stream, String consumer) {

		void send(Message source, Object value) {
			this.template.newMessage(value).subject(this.subject).messageId(messageId(source)).send();
		}

		CompletableFuture<?> sendAsync(Message source, Object value) {
			return this.template.newMessage(value).subject(this.subject).messageId(messageId(source)).sendAsync();
		}

		private String messageId(Message source) {
			return this.stream + ":" + this.consumer + ":" + source.metaData().streamSequence();
		}

	}

}
