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

package io.jetstream.spring.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.stream.Stream;

import io.nats.ConsoleOutput;
import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.NatsServerRunner;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code nats-server} process for tests: JetStream on, a free port on the loopback
 * interface and a storage directory of its own. It can be stopped and started again on
 * the same port with the same storage, which is what fault tests (server restart,
 * reconnect) need, and it removes its storage when closed.
 * <p>
 * The binary is taken from {@code nats-server} on the {@code PATH} (or {@code /usr/sbin},
 * where Debian installs it), or from the {@code NATS_SERVER_PATH} environment variable.
 *
 * <pre class="code">
 * try (NatsTestServer server = NatsTestServer.builder().configLine("authorization { token: s3cret }").start()) {
 *     Connection connection = Nats.connect(server.getUrl());
 * }
 * </pre>
 *
 * @since 0.1.0
 */
public final class NatsTestServer implements AutoCloseable {

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

	private final Path executable;

	private final boolean jetStream;

	private final List<String> configLines;

	private final Path storageDirectory;

	private final String scheme;

	private int port = -1;

	private @Nullable NatsServerRunner runner;

	private NatsTestServer(Builder builder) {
		this.executable = (builder.executable != null) ? builder.executable : findExecutable();
		this.jetStream = builder.jetStream;
		this.configLines = List.copyOf(builder.configLines);
		this.scheme = builder.scheme;
		this.port = builder.port;
		try {
			this.storageDirectory = Files.createTempDirectory("nats-test-server-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not create a storage directory for nats-server", ex);
		}
	}

	/**
	 * Start a server with JetStream and no further configuration.
	 * @return the started server
	 */
	public static NatsTestServer start() {
		return builder().start();
	}

	/**
	 * Return a builder for a server with extra configuration.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Start the server process, on the port it had before if it was started already.
	 * @return this server
	 */
	public synchronized NatsTestServer startServer() {
		if (this.runner != null) {
			return this;
		}
		List<String> inserts = new ArrayList<>(this.configLines);
		if (this.jetStream) {
			inserts.add("jetstream { store_dir: \"" + this.storageDirectory.toAbsolutePath() + "\" }");
		}
		try {
			this.runner = NatsServerRunner.builder()
				.executablePath(this.executable)
				.port((this.port > 0) ? this.port : -1)
				.configInserts(inserts)
				.output(new ConsoleOutput())
				.outputLevel(Level.SEVERE)
				.skipConnectValidate()
				.fullErrorReportOnStartup(true)
				.build();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + this.executable, ex);
		}
		this.port = this.runner.getPort();
		awaitReady();
		return this;
	}

	/**
	 * Waits for the server's INFO line rather than a full CONNECT round trip: the
	 * runner's own check waits for a second line, which an authenticating server sends
	 * only when its auth timeout fires, seconds later.
	 */
	private void awaitReady() {
		long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
		IOException last = null;
		while (System.nanoTime() < deadline) {
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 1000);
				socket.setSoTimeout(1000);
				byte[] info = socket.getInputStream().readNBytes(4);
				if ("INFO".equals(new String(info, StandardCharsets.US_ASCII))) {
					return;
				}
			}
			catch (IOException ex) {
				last = ex;
			}
			LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
		}
		stop();
		throw new IllegalStateException("nats-server did not accept connections on port " + this.port + " within "
				+ STARTUP_TIMEOUT.toSeconds() + "s", last);
	}

	/**
	 * Stop the server process, keeping its port and storage for {@link #startServer()}.
	 */
	public synchronized void stop() {
		NatsServerRunner current = this.runner;
		this.runner = null;
		if (current != null) {
			try {
				current.shutdown(true);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Kill the server process with {@code SIGKILL}, as a crash would: no shutdown, no
	 * flush. Port and storage are kept for {@link #startServer()}.
	 */
	public synchronized void kill() {
		serverProcess().ifPresent((process) -> {
			process.destroyForcibly();
			process.onExit().join();
		});
		stop();
	}

	/**
	 * Suspend the server process with {@code SIGSTOP}, as a hung server: its connections
	 * stay open but nothing is answered, not even pings, until {@link #thaw()}.
	 */
	public synchronized void freeze() {
		signal("STOP");
	}

	/**
	 * Let a {@link #freeze() frozen} server go on ({@code SIGCONT}).
	 */
	public synchronized void thaw() {
		signal("CONT");
	}

	private void signal(String name) {
		ProcessHandle process = serverProcess()
			.orElseThrow(() -> new IllegalStateException("nats-server on port " + this.port + " is not running"));
		try {
			Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
			if (kill.waitFor() != 0) {
				throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while signalling nats-server", ex);
		}
	}

	private Optional<ProcessHandle> serverProcess() {
		NatsServerRunner current = this.runner;
		if (current == null) {
			return Optional.empty();
		}
		String configFile = current.getConfigFile();
		return ProcessHandle.current()
			.children()
			.filter((process) -> process.info().commandLine().map((line) -> line.contains(configFile)).orElse(false))
			.findFirst();
	}

	/**
	 * Stop the server and start it again on the same port with the same storage.
	 */
	public void restart() {
		stop();
		startServer();
	}

	/**
	 * Whether the server process is running.
	 * @return {@code true} while started
	 */
	public synchronized boolean isRunning() {
		return this.runner != null;
	}

	/**
	 * Return the client port.
	 * @return the port, stable across restarts
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * Return the URL clients connect to, such as {@code nats://127.0.0.1:4222}.
	 * @return the client URL
	 */
	public String getUrl() {
		return this.scheme + "://127.0.0.1:" + this.port;
	}

	/**
	 * Return the JetStream storage directory.
	 * @return the storage directory
	 */
	public Path getStorageDirectory() {
		return this.storageDirectory;
	}

	/**
	 * Return the version the binary reports, such as {@code 2.9.10}.
	 * @return the server version
	 */
	public String getVersion() {
		return version(this.executable);
	}

	/**
	 * Connect a plain jnats client, for checking the server's state without the code
	 * under test.
	 * @return a new connection; the caller closes it
	 */
	public Connection connect() {
		try {
			return Nats.connect(getUrl());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not connect to " + getUrl(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Delete every stream, so that each test starts from an empty JetStream.
	 */
	public void deleteAllStreams() {
		try (Connection connection = connect()) {
			JetStreamManagement management = connection.jetStreamManagement();
			for (String stream : management.getStreamNames()) {
				management.deleteStream(stream);
			}
		}
		catch (IOException | JetStreamApiException ex) {
			throw new IllegalStateException("Could not delete the streams of " + getUrl(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		stop();
		deleteRecursively(this.storageDirectory);
	}

	/**
	 * Return the version of the {@code nats-server} binary that tests would use.
	 * @return the version, such as {@code 2.9.10}
	 */
	public static String installedVersion() {
		return version(findExecutable());
	}

	private static String version(Path executable) {
		try {
			Process process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes()).trim();
			process.waitFor();
			int v = output.lastIndexOf('v');
			return (v >= 0) ? output.substring(v + 1) : output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static Path findExecutable() {
		String configured = System.getenv("NATS_SERVER_PATH");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		String path = System.getenv("PATH");
		List<String> directories = new ArrayList<>(
				(path != null) ? Arrays.asList(path.split(File.pathSeparator)) : List.of());
		directories.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/usr/local/bin"));
		for (String directory : directories) {
			for (String name : List.of("nats-server", "nats-server.exe")) {
				Path candidate = Path.of(directory, name);
				if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
					return candidate;
				}
			}
		}
		throw new IllegalStateException("No nats-server binary found on PATH (nor in /usr/sbin, /usr/local/sbin, "
				+ "/usr/local/bin). Install it: 'apt-get install nats-server' (Debian, Ubuntu), "
				+ "'brew install nats-server' (macOS), or set NATS_SERVER_PATH to its location.");
	}

	private static void deleteRecursively(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> paths = Files.walk(directory)) {
			paths.sorted(Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a leftover temp directory must not fail a test that already passed
		}
	}

	/**
	 * Builder for a {@link NatsTestServer}.
	 */
	public static final class Builder {

		private @Nullable Path executable;

		private boolean jetStream = true;

		private final List<String> configLines = new ArrayList<>();

		private String scheme = "nats";

		private int port = -1;

		private Builder() {
		}

		/**
		 * Listen on this port instead of a free one chosen at start, for a test that
		 * needs the URL before the server runs.
		 * @param port the client port
		 * @return this builder
		 */
		public Builder port(int port) {
			this.port = port;
			return this;
		}

		/**
		 * Listen on a port that is free now, known before the server is started.
		 * @return this builder
		 */
		public Builder freePort() {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
				return port(socket.getLocalPort());
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not find a free port", ex);
			}
		}

		/**
		 * Use this binary instead of the one on the {@code PATH}.
		 * @param executable the {@code nats-server} binary
		 * @return this builder
		 */
		public Builder executable(Path executable) {
			this.executable = executable;
			return this;
		}

		/**
		 * Turn JetStream on (the default) or off.
		 * @param jetStream whether JetStream is enabled
		 * @return this builder
		 */
		public Builder jetStream(boolean jetStream) {
			this.jetStream = jetStream;
			return this;
		}

		/**
		 * Add lines to the server's configuration file, such as an {@code authorization}
		 * or {@code tls} block.
		 * @param lines configuration lines
		 * @return this builder
		 */
		public Builder configLine(String... lines) {
			this.configLines.addAll(Arrays.asList(lines));
			return this;
		}

		/**
		 * Use {@code tls} in {@link NatsTestServer#getUrl()}, for a server configured
		 * with a {@code tls} block.
		 * @return this builder
		 */
		public Builder tls() {
			this.scheme = "tls";
			return this;
		}

		/**
		 * Build the server without starting it.
		 * @return the server
		 */
		public NatsTestServer build() {
			return new NatsTestServer(this);
		}

		/**
		 * Build and start the server.
		 * @return the started server
		 */
		public NatsTestServer start() {
			return build().startServer();
		}

	}

}
