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
package io.jetstream.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The figures of one scenario: every repetition of our side and of the raw jnats
 * baseline, measured alternately in the same run.
 */
final class Result {

	/**
	 * How a scenario is judged.
	 */
	enum Kind {

		/** Messages per second; the ratio ours / raw is the figure. */
		THROUGHPUT,

		/** Milliseconds of latency at a percentile; ours - raw is the figure. */
		LATENCY,

		/** A value of ours alone, reported against a limit. */
		REPORT,

		/** The largest value of ours over all repetitions, against a limit. */
		WORST

	}

	final String scenario;

	final Kind kind;

	final String unit;

	final String target;

	final double limit;

	final List<Double> ours = new ArrayList<>();

	final List<Double> raw = new ArrayList<>();

	String notes = "";

	Result(String scenario, Kind kind, String unit, String target, double limit) {
		this.scenario = scenario;
		this.kind = kind;
		this.unit = unit;
		this.target = target;
		this.limit = limit;
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/**
	 * The figure the target applies to: ours/raw for throughput, ours-raw for latency,
	 * ours for a report, the worst of ours for a worst case.
	 */
	double figure() {
		return switch (this.kind) {
			case THROUGHPUT -> median(this.ours) / median(this.raw);
			case LATENCY -> median(this.ours) - median(this.raw);
			case REPORT -> median(this.ours);
			case WORST -> this.ours.isEmpty() ? Double.NaN : Collections.max(this.ours);
		};
	}

	boolean met() {
		double figure = figure();
		return switch (this.kind) {
			case THROUGHPUT -> figure >= this.limit;
			case LATENCY, REPORT, WORST -> figure <= this.limit;
		};
	}

	String formatFigure() {
		double figure = figure();
		return switch (this.kind) {
			case THROUGHPUT -> String.format(Locale.ROOT, "%.2f×", figure);
			case LATENCY -> String.format(Locale.ROOT, "%+.2f ms", figure);
			case REPORT, WORST -> format(figure) + " " + this.unit;
		};
	}

	String spread(List<Double> values) {
		if (values.isEmpty()) {
			return "—";
		}
		return format(Collections.min(values)) + " / " + format(median(values)) + " / "
				+ format(Collections.max(values));
	}

	static String format(double value) {
		if (Math.abs(value) >= 1000) {
			return String.format(Locale.ROOT, "%,.0f", value);
		}
		if (Math.abs(value) >= 10) {
			return String.format(Locale.ROOT, "%.1f", value);
		}
		return String.format(Locale.ROOT, "%.2f", value);
	}

}
