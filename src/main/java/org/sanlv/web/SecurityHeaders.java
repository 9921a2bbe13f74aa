package org.sanlv.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Content-Security-Policy and Referrer-Policy of every answer, the residents' pages included (they have a
 * security filter chain of their own). The rest of the headers (X-Content-Type-Options, X-Frame-Options DENY, HSTS
 * over HTTPS, Cache-Control) are Spring Security's defaults in every chain.
 *
 * <p>Scripts only from the platform itself, never inline, so an injected {@code <script>} or {@code onclick} does
 * not run. Styles keep 'unsafe-inline': templates set widths with {@code th:style} (progress bars, question
 * layout), and htmx adds its indicator style; an injected style cannot run code. {@code data:} images are for icons
 * in style sheets (Swagger UI's).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class SecurityHeaders extends OncePerRequestFilter {

  static final String POLICY = String.join("; ",
      "default-src 'self'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "object-src 'none'",
      "base-uri 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'");

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    response.setHeader("Content-Security-Policy", POLICY);
    response.setHeader("Referrer-Policy", "same-origin");
    chain.doFilter(request, response);
  }

  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false; // error pages get the headers too
  }
}
