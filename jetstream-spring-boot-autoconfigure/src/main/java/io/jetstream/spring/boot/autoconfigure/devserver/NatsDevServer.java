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
package io.jetstream.spring.boot.autoconfigure.devserver;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.core.log.LogAccessor;
import org.springframework.util.FileSystemUtils;
import org.springframework.util.StringUtils;

import io.jetstream.spring.boot.autoconfigure.NatsProperties;

/**
 * A local {@code nats-server} process with JetStream, listening on the loopback interface
 * only, for the life of the application. It exists so that a newcomer can run an
 * application with no NATS to hand: it is not meant for production.
 *
 * @since 0.1.0
 */
public class NatsDevServer {

	private static final LogAccessor logger = new LogAccessor(NatsDevServer.class);

	private static final Pattern LISTENING = Pattern.compile("Listening for client connections on [^\\s]*:(\\d+)");

	private static final int OUTPUT_LINES_KEPT = 30;

	private final NatsProperties.DevServer settings;

	private final Deque<String> output = new ArrayDeque<>();

	private @Nullable Process process;

	private @Nullable Path storageDirectory;

	private boolean temporaryStorage;

	private int port = -1;

	/**
	 * Create a dev server with the given settings; it starts on {@link #start()}.
	 * @param settings the {@code nats.dev-server.*} properties
	 */
	public NatsDevServer(NatsProperties.DevServer settings) {
		this.settings = settings;
	}

	/**
	 * Start the server and wait until it accepts connections.
	 * @throws NatsDevServerException if the binary is missing or the server does not
	 * start
	 */
	public synchronized void start() {
		if (this.process != null) {
			return;
		}
		Path executable = findExecutable(this.settings.getExecutable());
		this.storageDirectory = prepareStorageDirectory();
		List<String> command = new ArrayList<>(List.of(executable.toString(), "--addr", "127.0.0.1", "--port",
				(this.settings.getPort() > 0) ? String.valueOf(this.settings.getPort()) : "-1", "--jetstream",
				"--store_dir", this.storageDirectory.toString(), "--server_name", "spring-dev-server"));
		command.addAll(this.settings.getArgs());
		CompletableFuture<Integer> ready = new CompletableFuture<>();
		try {
			this.process = new ProcessBuilder(command).redirectErrorStream(true).start();
		}
		catch (IOException ex) {
			throw new NatsDevServerException("Could not run " + executable + ": " + ex.getMessage(), ex);
		}
		Process started = this.process;
		Thread reader = new Thread(() -> readOutput(started, ready), "nats-dev-server-output");
		reader.setDaemon(true);
		reader.start();
		Duration timeout = this.settings.getStartupTimeout();
		try {
			this.port = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			stop();
			awaitOutputEnd(reader);
			throw new NatsDevServerException("nats-server (" + String.join(" ", command) + ") did not start within "
					+ timeout.toSeconds() + "s (nats.dev-server.startup-timeout). Its last output:"
					+ System.lineSeparator() + recentOutput(), ex);
		}
		catch (ExecutionException ex) {
			awaitOutputEnd(reader);
			String exitCode = started.isAlive() ? "" : " with exit code " + started.exitValue();
			stop();
			throw new NatsDevServerException("nats-server (" + String.join(" ", command) + ") exited during startup"
					+ exitCode + ". Its last output:" + System.lineSeparator() + recentOutput(), null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			stop();
			throw new NatsDevServerException("Interrupted while starting nats-server", ex);
		}
		logger.info(() -> "Started NATS dev server (" + executable + ") at " + getUrl() + " with JetStream storage in "
				+ this.storageDirectory + (this.temporaryStorage ? " (deleted on shutdown)" : ""));
	}

	/**
	 * Stop the server, giving it a moment to shut down cleanly, and delete a temporary
	 * storage directory.
	 */
	public synchronized void stop() {
		Process current = this.process;
		this.process = null;
		if (current != null && current.isAlive()) {
			current.destroy();
			try {
				if (!current.waitFor(5, TimeUnit.SECONDS)) {
					current.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				current.destroyForcibly();
				Thread.currentThread().interrupt();
			}
			logger.info(() -> "Stopped NATS dev server at " + getUrl());
		}
		if (this.temporaryStorage && this.storageDirectory != null) {
			try {
				FileSystemUtils.deleteRecursively(this.storageDirectory);
			}
			catch (IOException ex) {
				logger.debug(ex, () -> "Could not delete " + this.storageDirectory);
			}
		}
	}

	/**
	 * Return the URL clients connect to.
	 * @return the client URL, such as {@code nats://127.0.0.1:4222}
	 */
	public String getUrl() {
		return "nats://127.0.0.1:" + this.port;
	}

	/**
	 * Return the client port.
	 * @return the port, or -1 before the server started
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Return whether the server process is running.
	 * @return {@code true} while running
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	private static void awaitOutputEnd(Thread reader) {
		try {
			reader.join(1000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private Path prepareStorageDirectory() {
		try {
			String configured = this.settings.getStorageDirectory();
			if (StringUtils.hasText(configured)) {
				this.temporaryStorage = false;
				return Files.createDirectories(Path.of(configured)).toAbsolutePath();
			}
			this.temporaryStorage = true;
			return Files.createTempDirectory("nats-dev-server-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create the storage directory of the NATS dev server", ex);
		}
	}

	private void readOutput(Process process, CompletableFuture<Integer> ready) {
		Integer listeningPort = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				remember(line);
				String logged = line;
				if (line.contains("[ERR]") || line.contains("[FTL]") || line.contains("[WRN]")) {
					logger.warn(() -> "nats-server: " + logged);
				}
				else {
					logger.debug(() -> "nats-server: " + logged);
				}
				Matcher matcher = LISTENING.matcher(line);
				if (matcher.find()) {
					listeningPort = Integer.valueOf(matcher.group(1));
				}
				if (line.contains("Server is ready") && listeningPort != null) {
					ready.complete(listeningPort);
				}
			}
		}
		catch (IOException ex) {
			// the stream closes when the process is stopped
		}
		ready.completeExceptionally(new IllegalStateException("nats-server exited"));
	}

	private void remember(String line) {
		// not the instance monitor: start() holds that while it waits for this output
		synchronized (this.output) {
			if (this.output.size() == OUTPUT_LINES_KEPT) {
				this.output.removeFirst();
			}
			this.output.addLast(line);
		}
	}

	private String recentOutput() {
		synchronized (this.output) {
			return String.join(System.lineSeparator(), this.output);
		}
	}

	static Path findExecutable(@Nullable String configured) {
		if (StringUtils.hasText(configured)) {
			Path path = Path.of(configured);
			if (Files.isRegularFile(path) && Files.isExecutable(path)) {
				return path;
			}
			throw new NatsDevServerException("nats.dev-server.executable is set to '" + configured
					+ "', which is not an executable file. " + installHint(), null);
		}
		String pathVariable = System.getenv("PATH");
		List<String> directories = new ArrayList<>(
				(pathVariable != null) ? Arrays.asList(pathVariable.split(File.pathSeparator)) : List.of());
		// Debian installs nats-server to /usr/sbin, which is not on a normal user's PATH.
		directories.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/opt/homebrew/bin"));
		for (String directory : directories) {
			for (String name : List.of("nats-server", "nats-server.exe")) {
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		throw new NatsDevServerException(
				"nats.dev-server.enabled=true, but no nats-server binary was found on the PATH. " + installHint(),
				null);
	}

	private static String installHint() {
		return "Install nats-server ('apt-get install nats-server' on Debian or Ubuntu, 'brew install nats-server' "
				+ "on macOS) or point nats.dev-server.executable at it; or run NATS in Docker with Testcontainers "
				+ "(see the README), or connect to a running server with nats.servers and "
				+ "nats.dev-server.enabled=false.";
	}

}
