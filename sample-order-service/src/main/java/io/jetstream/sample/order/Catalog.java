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

package io.jetstream.sample.order;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * The products the shop sells. An order for anything else cannot succeed however often it
 * is retried. Products can be added at run time ({@code POST /products/{name}}), which
 * makes a replayed dead letter succeed.
 */
@Component
public class Catalog {

	private final Set<String> products = ConcurrentHashMap.newKeySet();

	public Catalog() {
		this.products.addAll(Set.of("book", "pen", "lamp", "flaky-widget"));
	}

	public boolean contains(String product) {
		return this.products.contains(product);
	}

	public void add(String product) {
		this.products.add(product);
	}

	public Set<String> products() {
		return Set.copyOf(this.products);
	}

}
