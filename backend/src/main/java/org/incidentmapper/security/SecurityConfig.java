package org.incidentmapper.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Viewers read (GET) the map and the API, analysts also write, admins also manage accounts and
 * read the audit trail. Browsers log in with a form and a session (CSRF-protected); scripts use HTTP Basic or a
 * bearer token, without a session. Unauthenticated API calls get 401 problem+json, pages a redirect to the login.
 * {@code mapper.security.anonymous-read} (default false) lets visitors read what a viewer reads.
 */
@Configuration
@ConditionalOnWebApplication
class SecurityConfig {

    private static final String[] PUBLIC = {"/login", "/error", "/css/**", "/js/**", "/webjars/**", "/favicon.ico",
        "/login.html", "/actuator/health"};

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, AccountRepository accounts, TokenRepository tokens,
            @Value("${mapper.security.anonymous-read:false}") boolean anonymousRead,
            @Value("${mapper.map.tile-url:}") String tileUrl) throws Exception {
        var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        // GIS clients (GDAL, QGIS) read /ogc and /tiles: a 401 they can answer, not a redirect to the login form;
        // a browser opening an /ogc page is still sent to the login form
        var ogc = PathPatternRequestMatcher.withDefaults().matcher("/ogc/**");
        var tiles = PathPatternRequestMatcher.withDefaults().matcher("/tiles/**");
        RequestMatcher gisClient = request -> (ogc.matches(request) || tiles.matches(request))
                && !String.valueOf(request.getHeader("Accept")).contains("text/html");
        AuthenticationEntryPoint problem401 = (request, response, e) -> {
            // the accounts could not be read: an outage, not a wrong password (sec-infra, issue 9 point 7)
            if (org.incidentmapper.web.DatabaseOutage.is(e)) {
                org.incidentmapper.web.DatabaseOutage.write(response);
                return;
            }
            ProblemResponses.write(request, response, 401, "Unauthorized", "Log in, or send HTTP Basic or Bearer credentials");
        };
        http
            .authorizeHttpRequests(auth -> {
                auth.requestMatchers(PUBLIC).permitAll();
                auth.requestMatchers("/api/accounts/**", "/api/audit/**").hasRole("ADMIN");
                auth.requestMatchers("/api/me", "/api/me/**").authenticated();
                // import reports quote the rows as uploaded, sensitive ones included
                auth.requestMatchers("/api/imports/**").hasRole("ANALYST");
                // duplicate pairs compare incidents whole, sensitive ones included (duplicate/)
                auth.requestMatchers("/api/duplicates", "/api/duplicates/**", "/api/merges", "/api/merges/**")
                        .hasRole("ANALYST");
                if (anonymousRead) {
                    auth.requestMatchers(HttpMethod.GET, "/api/**", "/", "/index.html", "/ogc", "/ogc/**", "/tiles/**")
                            .permitAll();
                } else {
                    auth.requestMatchers(HttpMethod.GET, "/api/**", "/ogc", "/ogc/**", "/tiles/**").hasRole("VIEWER");
                }
                auth.requestMatchers("/api/**").hasRole("ANALYST");
                auth.anyRequest().authenticated();
            })
            .headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(ContentSecurityPolicy.forApp(tileUrl)))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)))
            .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/", false))
            .httpBasic(basic -> basic.authenticationEntryPoint(problem401))
            .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
            .csrf(csrf -> csrf.spa().ignoringRequestMatchers(request -> request.getHeader("Authorization") != null))
            .exceptionHandling(ex -> ex
                .defaultAuthenticationEntryPointFor(problem401, api)
                .defaultAuthenticationEntryPointFor(problem401, gisClient)
                .defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                .defaultAccessDeniedHandlerFor((request, response, e) -> ProblemResponses.write(request, response, 403,
                        "Forbidden", "Your role does not allow this request"), request -> true))
            .addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
            .addFilterAfter(new AccountStatusFilter(accounts), BasicAuthenticationFilter.class);
        return http.build();
    }

    /** A URL the firewall refuses (an encoded ';' or '..', say) is the caller's mistake: 400, not 500. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> ProblemResponses.write(request, response, 400, "Bad Request",
                "The request URL is not acceptable");
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("ANALYST")
                .role("ANALYST").implies("VIEWER")
                .build();
    }
}
