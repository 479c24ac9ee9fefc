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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON payload of the JSON scenario: an order of about 1 KiB.
 *
 * @param id the order id
 * @param customer the customer
 * @param lines the order lines
 * @param total the total
 */
public record Order(String id, String customer, List<Line> lines, BigDecimal total) {

	/**
	 * One line of an order.
	 *
	 * @param product the product
	 * @param quantity the quantity
	 * @param price the unit price
	 */
	public record Line(String product, int quantity, BigDecimal price) {
	}

	static Order sample(int i) {
		List<Line> lines = new ArrayList<>();
		for (int line = 0; line < 14; line++) {
			lines.add(new Line("product-" + line + "-with-a-longer-name", line + 1, new BigDecimal("12.50")));
		}
		return new Order("order-" + i, "customer-" + (i % 1000) + "@example.com", lines, new BigDecimal("1312.50"));
	}

}
