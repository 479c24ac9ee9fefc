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

import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may do what. Orders, health and metrics are open (a load balancer and a Prometheus
 * scraper carry no credentials); everything that acts with the application's NATS rights
 * or shows what messages held — the {@code jetstream} and {@code deadletters} actuator
 * endpoints (stop a listener, redrive or delete a dead letter, read its payload), the
 * dead-letter list and replay, the catalog's writes — needs the {@code OPERATOR} role.
 * The operator is the user Spring Boot makes from {@code spring.security.user.*}: its
 * password is printed at startup unless {@code spring.security.user.password} (or
 * {@code SPRING_SECURITY_USER_PASSWORD}) sets one.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	static final String OPERATOR = "OPERATOR";

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.requestMatchers(EndpointRequest.to("health", "prometheus"))
			.permitAll()
			.requestMatchers(EndpointRequest.toAnyEndpoint())
			.hasRole(OPERATOR)
			.requestMatchers(HttpMethod.POST, "/orders")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/orders/**")
			.permitAll()
			// where Boot renders a refused request (400 for an invalid order): not a 401
			.requestMatchers("/error")
			.permitAll()
			.anyRequest()
			.hasRole(OPERATOR));
		http.httpBasic(Customizer.withDefaults());
		// an API for HTTP clients with basic authentication on every request: no session,
		// no cookie a browser could send on another site's behalf, hence no CSRF token
		http.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

}
