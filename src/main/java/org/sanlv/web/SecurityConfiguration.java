package org.sanlv.web;

import org.sanlv.org.UserService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * Who may come in: form login for pages, HTTP Basic for API clients, CSRF on for browser sessions. What each
 * signed-in user may touch is decided after this, in one place: {@link ScopeCheck}.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

  static final String[] PUBLIC = {
    "/login", "/css/**", "/js/**", "/img/**", "/webjars/**", "/favicon.ico", "/error", "/actuator/health",
    "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html",
    // residents' online survey pages (handlers marked @PublicEndpoint)
    "/s/**"
  };

  @Bean
  SecurityFilterChain filterChain(HttpSecurity http) throws Exception {
    http.authorizeHttpRequests(a -> a.requestMatchers(PUBLIC).permitAll().anyRequest().authenticated())
        .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).failureUrl("/login?error"))
        .logout(l -> l.logoutSuccessUrl("/login?logout"))
        .httpBasic(Customizer.withDefaults())
        // Scripts that send credentials with every request (HTTP Basic) cannot be victims of CSRF.
        .csrf(c -> c.ignoringRequestMatchers(request -> request.getHeader("Authorization") != null))
        .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
            new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED), PathPatternRequestMatcher.pathPattern("/api/**")));
    return http.build();
  }

  private static UserDetailsService userDetailsService(UserService users) {
    return username -> users.credentials(username)
        .map(c -> User.withUsername(c.username()).password(c.passwordHash()).disabled(!c.enabled())
            .authorities("ROLE_USER").build())
        .orElseThrow(() -> new UsernameNotFoundException("unknown"));
  }

  /**
   * Checks passwords with bcrypt, slowed by {@link LoginThrottle}. Every failure, whatever its cause (unknown
   * name, wrong password, disabled account), looks the same to the caller.
   */
  @Bean
  AuthenticationProvider authenticationProvider(UserService users, PasswordEncoder encoder, LoginThrottle throttle) {
    DaoAuthenticationProvider dao = new DaoAuthenticationProvider(userDetailsService(users));
    dao.setPasswordEncoder(encoder);
    return new AuthenticationProvider() {
      @Override
      public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        throttle.pause(name);
        try {
          Authentication result = dao.authenticate(authentication);
          throttle.succeeded(name);
          return result;
        } catch (AuthenticationException e) {
          throttle.failed(name);
          throw new BadCredentialsException("bad credentials");
        }
      }

      @Override
      public boolean supports(Class<?> authentication) {
        return dao.supports(authentication);
      }
    };
  }
}
