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
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

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
        "/login.html"};

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, AccountRepository accounts, TokenRepository tokens,
            @Value("${mapper.security.anonymous-read:false}") boolean anonymousRead) throws Exception {
        var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        AuthenticationEntryPoint problem401 = (request, response, e) ->
                ProblemResponses.write(request, response, 401, "Unauthorized", "Log in, or send HTTP Basic or Bearer credentials");
        http
            .authorizeHttpRequests(auth -> {
                auth.requestMatchers(PUBLIC).permitAll();
                auth.requestMatchers("/api/accounts/**", "/api/audit/**").hasRole("ADMIN");
                auth.requestMatchers("/api/me", "/api/me/**").authenticated();
                // import reports quote the rows as uploaded, sensitive ones included
                auth.requestMatchers("/api/imports/**").hasRole("ANALYST");
                if (anonymousRead) {
                    auth.requestMatchers(HttpMethod.GET, "/api/**", "/", "/index.html").permitAll();
                } else {
                    auth.requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER");
                }
                auth.requestMatchers("/api/**").hasRole("ANALYST");
                auth.anyRequest().authenticated();
            })
            .formLogin(form -> form.defaultSuccessUrl("/", false))
            .httpBasic(basic -> basic.authenticationEntryPoint(problem401))
            .logout(logout -> logout.logoutSuccessUrl("/login?logout"))
            .csrf(csrf -> csrf.spa().ignoringRequestMatchers(request -> request.getHeader("Authorization") != null))
            .exceptionHandling(ex -> ex
                .defaultAuthenticationEntryPointFor(problem401, api)
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
