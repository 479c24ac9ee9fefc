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

import io.nats.client.impl.Headers;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests of {@link HeaderValues}.
 */
class HeaderValuesTests {

	@Test
	void printableAsciiIsKeptAsItIs() {
		assertThat(HeaderValues.encode("no such product: 100% sure_of=it?"))
			.isEqualTo("no such product: 100% sure_of=it?");
	}

	@Test
	void nonAsciiBecomesOneEncodedWordThatDecodesToTheText() {
		String text = "unknown product: Bücher-日本 😀";
		String encoded = HeaderValues.encode(text);
		assertThat(encoded).startsWith("=?UTF-8?Q?unknown_product:_B=C3=BCcher-").endsWith("?=");
		assertThat(encoded).matches("[\\x20-\\x7E]+");
		assertThat(HeaderValues.decode(encoded)).isEqualTo(text);
	}

	@Test
	void encodedValuesAreAcceptedByJnats() {
		Headers headers = new Headers();
		headers.put("X-DLQ-Error", HeaderValues.encode("Jürgen\u0000\u007F\tMüller\r\nline two"));
		assertThat(HeaderValues.decode(headers.getFirst("X-DLQ-Error")))
			.isEqualTo("Jürgen\u0000\u007F\tMüller line two");
	}

	@Test
	void lineBreaksBecomeOneSpace() {
		assertThat(HeaderValues.encode("first\r\n\r\nsecond\nthird\n")).isEqualTo("first second third");
	}

	@Test
	void asciiTextThatLooksEncodedIsEncodedSoThatDecodingGivesItBack() {
		String text = "literal =?UTF-8?Q?abc?= text";
		assertThat(HeaderValues.decode(HeaderValues.encode(text))).isEqualTo(text);
	}

	@Test
	void longTextIsCutWithAnEllipsis() {
		String ascii = HeaderValues.encode("x".repeat(100 * 1024));
		assertThat(ascii).hasSize(HeaderValues.DEFAULT_MAX_LENGTH).endsWith("...");
		String encoded = HeaderValues.encode("ü".repeat(100 * 1024));
		assertThat(encoded.length()).isLessThanOrEqualTo(HeaderValues.DEFAULT_MAX_LENGTH);
		assertThat(HeaderValues.decode(encoded)).startsWith("üüü").endsWith("ü...");
	}

	@Test
	void cutNeverSplitsACharacter() {
		for (int max = 32; max < 64; max++) {
			String encoded = HeaderValues.encode("日本".repeat(100), max);
			assertThat(encoded.length()).isLessThanOrEqualTo(max);
			assertThat(HeaderValues.decode(encoded)).doesNotContain("\uFFFD").endsWith("...");
		}
	}

	@Test
	void encodedWordsOfOtherWritersAreDecoded() {
		assertThat(HeaderValues.decode("=?UTF-8?B?SsO8cmdlbg==?= =?ISO-8859-1?Q?M=FCller?= ok"))
			.isEqualTo("JürgenMüller ok");
	}

	@Test
	void malformedEncodedWordsAreKept() {
		assertThat(HeaderValues.decode("=?NO-SUCH-CHARSET?Q?abc?= =?UTF-8?Q?bad=Z?= =?UTF-8?Q?end=?="))
			.isEqualTo("=?NO-SUCH-CHARSET?Q?abc?= =?UTF-8?Q?bad=Z?= =?UTF-8?Q?end=?=");
		assertThat(HeaderValues.decode(null)).isNull();
	}

	@Test
	void nullIsEmptyAndTooSmallALimitIsRefused() {
		assertThat(HeaderValues.encode(null)).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> HeaderValues.encode("x", 10));
	}

}
