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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unit tests of {@link PermissionViolations}.
 */
class PermissionViolationsTests {

	private final MutableClock clock = new MutableClock();

	private final PermissionViolations violations = new PermissionViolations(this.clock);

	@Test
	void publishAndSubscriptionViolationsAreRecordedBySubject() {
		assertThat(this.violations.record("Permissions Violation for Publish to \"orders.audit\"")).isNotNull();
		assertThat(this.violations.record("Permissions Violation for Subscription to \"_INBOX.abc.*\"")).isNotNull();
		assertThat(this.violations.find("orders.audit", Duration.ofMinutes(1)))
			.hasToString("permission denied for publish to orders.audit");
		assertThat(this.violations.find("_INBOX.abc.*", Duration.ofMinutes(1)).operation()).isEqualTo("subscription");
	}

	@Test
	void otherServerErrorsAreNotViolations() {
		assertThat(this.violations.record("Maximum Payload Violation")).isNull();
		assertThat(this.violations.recent(Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void repeatsAreCountedAndOldViolationsExpire() {
		this.violations.record("Permissions Violation for Publish to \"orders.audit\"");
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(this.violations.record("Permissions Violation for Publish to \"orders.audit\"").count())
			.isEqualTo(2);
		this.clock.advance(Duration.ofSeconds(61));
		assertThat(this.violations.find("orders.audit", Duration.ofMinutes(1))).isNull();
		assertThat(this.violations.recent(Duration.ofMinutes(1))).isEmpty();
	}

	@Test
	void theOldestSubjectMakesRoomWhenTooManyAreRecorded() {
		for (int i = 0; i < 300; i++) {
			this.clock.advance(Duration.ofMillis(1));
			this.violations.record("Permissions Violation for Publish to \"s." + i + "\"");
		}
		assertThat(this.violations.recent(Duration.ofDays(1))).hasSize(256);
		assertThat(this.violations.find("s.299", Duration.ofDays(1))).isNotNull();
		assertThat(this.violations.find("s.0", Duration.ofDays(1))).isNull();
	}

	static final class MutableClock extends Clock {

		private Instant now = Instant.parse("2026-01-01T00:00:00Z");

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
