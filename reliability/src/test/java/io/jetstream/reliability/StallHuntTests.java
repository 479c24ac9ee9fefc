package io.jetstream.reliability;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Field;
import java.time.Duration;

import io.jetstream.spring.core.JetStreamOperations;
import io.jetstream.spring.listener.JetStreamListenerRegistry;
import io.jetstream.spring.listener.MessageListenerContainer;
import io.jetstream.spring.test.NatsTestServer;
import io.nats.client.Connection;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.awaitility.Awaitility.await;

class StallHuntTests {

	@Test
	@org.junit.jupiter.api.Timeout(value = 60, unit = java.util.concurrent.TimeUnit.MINUTES)
	void hunt() throws Exception {
		int loops = Integer.getInteger("hunt.loops", 20);
		for (int loop = 1; loop <= loops; loop++) {
			System.out.println("HUNT loop " + loop);
			once(loop);
		}
	}

	private void once(int loop) throws Exception {
		int messages = 5000;
		int rounds = 3;
		Ledger ledger = new Ledger();
		try (NatsTestServer server = NatsTestServer.start();
				ConfigurableApplicationContext app = LedgerApplication.start(ledger, Scenarios.properties(server,
						"ledger.concurrency=2", "nats.jetstream.consumers.worker.ack-wait=5s"))) {
			JetStreamOperations template = app.getBean(JetStreamOperations.class);
			IdPublisher publisher = new IdPublisher(template, ledger, messages);
			publisher.start();
			for (int round = 1; round <= rounds; round++) {
				int threshold = messages * round / (rounds + 1);
				await().atMost(Duration.ofMinutes(1))
					.until(() -> ledger.publishedCount() >= threshold || publisher.failure() != null);
				int processedBefore = ledger.processedTotal();
				server.stop();
				server.startServer();
				try {
					await().atMost(Duration.ofSeconds(30))
						.until(() -> ledger.processedTotal() > processedBefore || publisher.failure() != null);
				}
				catch (ConditionTimeoutException ex) {
					System.out.println("HUNT STALL loop " + loop + " round " + round + " published "
							+ ledger.publishedCount() + " processed " + ledger.processedTotal() + " before "
							+ processedBefore + " failure " + publisher.failure());
					dump(app, server);
					throw ex;
				}
			}
			publisher.join(120_000);
		}
	}

	private void dump(ConfigurableApplicationContext app, NatsTestServer server) throws Exception {
		for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
			System.out.print("HUNT " + info.toString());
			for (StackTraceElement e : info.getStackTrace()) {
				System.out.println("HUNT    at " + e);
			}
		}
		for (MessageListenerContainer c : app.getBean(JetStreamListenerRegistry.class).getListeners()) {
			Object puller = field(c, "puller");
			System.out.println("HUNT container " + c + " running " + c.isRunning() + " paused " + c.isPaused());
			if (puller != null) {
				for (Field f : puller.getClass().getDeclaredFields()) {
					f.setAccessible(true);
					Object v = f.get(puller);
					if (v instanceof io.nats.client.Subscription s) {
						v = s.getSubject() + " active " + s.isActive() + " queued " + s.getPendingMessageCount();
					}
					System.out.println("HUNT   " + f.getName() + " = " + v + " now " + System.nanoTime());
				}
			}
			for (String n : new String[] { "connected", "state", "limits" }) {
				System.out.println("HUNT   c." + n + " = " + field(c, n));
			}
			Object connection = field(c, "connection");
			if (connection instanceof Connection conn) {
				System.out.println("HUNT   conn status " + conn.getStatus() + " stats " + conn.getStatistics());
			}
		}
		try (Connection raw = server.connect()) {
			System.out.println("HUNT consumer " + Scenarios.consumer(raw));
		}
	}

	private static Object field(Object o, String name) throws Exception {
		Class<?> type = o.getClass();
		while (type != null) {
			try {
				Field f = type.getDeclaredField(name);
				f.setAccessible(true);
				return f.get(o);
			}
			catch (NoSuchFieldException ex) {
				type = type.getSuperclass();
			}
		}
		return "?";
	}

}
