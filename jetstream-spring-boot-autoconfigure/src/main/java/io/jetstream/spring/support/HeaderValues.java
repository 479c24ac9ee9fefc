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

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Makes any text a valid NATS header value, and back. NATS header values are US-ASCII
 * without CR or LF (ADR-4; jnats refuses anything else), while exception messages and
 * other text the starter puts into headers may hold any character.
 * <p>
 * {@link #encode(String)} keeps printable ASCII text as it is. Text with any other
 * character (non-ASCII, control characters) becomes one RFC 2047 encoded word with the
 * UTF-8 "Q" encoding — {@code unknown product: Bücher} becomes
 * {@code =?UTF-8?Q?unknown_product:_B=C3=BCcher?=} — which mail libraries and
 * {@link #decode(String)} turn back into the text. Line breaks become spaces (a header is
 * one line), and the value is bounded in length, ending in {@code ...} when cut.
 *
 * @since 0.1.0
 */
public final class HeaderValues {

	/** The longest value {@link #encode(String)} returns. */
	public static final int DEFAULT_MAX_LENGTH = 1024;

	private static final String ELLIPSIS = "...";

	private static final String PREFIX = "=?UTF-8?Q?";

	private static final String SUFFIX = "?=";

	private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n]+");

	private static final Pattern ENCODED_WORD = Pattern
		.compile("=\\?([^?\\s]+)\\?([qQbB])\\?([^?\\s]*)\\?=(?:\\s+(?==\\?[^?\\s]+\\?[qQbB]\\?))?");

	private static final HexFormat HEX = HexFormat.of().withUpperCase();

	private HeaderValues() {
	}

	/**
	 * Make text a header value of at most {@value #DEFAULT_MAX_LENGTH} characters.
	 * @param text the text, or {@code null} for an empty value
	 * @return a valid header value
	 */
	public static String encode(@Nullable String text) {
		return encode(text, DEFAULT_MAX_LENGTH);
	}

	/**
	 * Make text a header value of at most the given length.
	 * @param text the text, or {@code null} for an empty value
	 * @param maxLength the longest value to return (at least 32)
	 * @return a valid header value
	 */
	public static String encode(@Nullable String text, int maxLength) {
		if (maxLength < 32) {
			throw new IllegalArgumentException("maxLength must be at least 32, not " + maxLength);
		}
		if (text == null) {
			return "";
		}
		String line = LINE_BREAKS.matcher(text).replaceAll(" ").strip();
		if (isPlain(line)) {
			return (line.length() > maxLength) ? line.substring(0, maxLength - ELLIPSIS.length()) + ELLIPSIS : line;
		}
		return encodedWord(line, maxLength);
	}

	/**
	 * Whether text can be a header value as it is: printable ASCII (and tabs), and
	 * nothing that a decoder would take for an encoded word.
	 */
	private static boolean isPlain(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if ((c < 0x20 && c != '\t') || c > 0x7E) {
				return false;
			}
		}
		return !text.contains("=?");
	}

	private static String encodedWord(String text, int maxLength) {
		int room = maxLength - PREFIX.length() - SUFFIX.length();
		StringBuilder encoded = new StringBuilder(Math.min(room, text.length() * 3)).append(PREFIX);
		int i = 0;
		while (i < text.length()) {
			int codePoint = text.codePointAt(i);
			String next = qEncode(codePoint);
			int remaining = text.length() - i - Character.charCount(codePoint);
			int reserve = (remaining > 0) ? ELLIPSIS.length() : 0;
			if (encoded.length() - PREFIX.length() + next.length() + reserve > room) {
				encoded.append(ELLIPSIS);
				break;
			}
			encoded.append(next);
			i += Character.charCount(codePoint);
		}
		return encoded.append(SUFFIX).toString();
	}

	private static String qEncode(int codePoint) {
		if (codePoint == ' ') {
			return "_";
		}
		if (codePoint > 0x20 && codePoint < 0x7F && codePoint != '=' && codePoint != '?' && codePoint != '_') {
			return String.valueOf((char) codePoint);
		}
		byte[] bytes = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
		StringBuilder encoded = new StringBuilder(bytes.length * 3);
		for (byte b : bytes) {
			encoded.append('=').append(HEX.toHexDigits(b));
		}
		return encoded.toString();
	}

	/**
	 * Turn a header value back into its text: RFC 2047 encoded words ({@code Q} or
	 * {@code B}, any charset Java knows) are decoded, everything else is kept as it is.
	 * @param value the header value, or {@code null}
	 * @return the text ({@code null} for {@code null})
	 */
	public static @Nullable String decode(@Nullable String value) {
		if (value == null || !value.contains("=?")) {
			return value;
		}
		Matcher matcher = ENCODED_WORD.matcher(value);
		StringBuilder decoded = new StringBuilder(value.length());
		while (matcher.find()) {
			String word = decodeWord(matcher.group(1), matcher.group(2), matcher.group(3));
			matcher.appendReplacement(decoded, Matcher.quoteReplacement((word != null) ? word : matcher.group()));
		}
		matcher.appendTail(decoded);
		return decoded.toString();
	}

	private static @Nullable String decodeWord(String charsetName, String encoding, String text) {
		try {
			Charset charset = Charset.forName(charsetName);
			if (encoding.toUpperCase(Locale.ROOT).equals("B")) {
				return new String(Base64.getDecoder().decode(text), charset);
			}
			ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (c == '_') {
					bytes.write(' ');
				}
				else if (c == '=') {
					if (i + 2 >= text.length()) {
						throw new IllegalArgumentException("'=' without two hex digits");
					}
					bytes.write(HexFormat.fromHexDigits(text, i + 1, i + 3));
					i += 2;
				}
				else {
					bytes.write(c);
				}
			}
			return bytes.toString(charset);
		}
		catch (IllegalArgumentException ex) {
			// not an encoded word after all (unknown charset, bad digits): keep it
			return null;
		}
	}

}
