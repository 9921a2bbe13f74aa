package org.sanlv.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.sanlv.platform.InputTooLarge;
import org.sanlv.platform.Problem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.StandardMultipartHttpServletRequest;

/**
 * Reads a multipart upload before Spring Security does, so that a file over
 * {@code spring.servlet.multipart.max-file-size} (or a broken upload) gets the platform's own 413 (400) page or
 * JSON. Otherwise the first reader is the CSRF check looking for its form field, and the failure escapes every
 * handler and ends on Tomcat's bare error page. The parsed parts stay with the request for the handler.
 */
@Component
class UploadLimit extends OncePerRequestFilter implements Ordered {

  private final ObjectProvider<WebErrors> errors;
  private final ObjectProvider<MultipartProperties> multipart;

  UploadLimit(ObjectProvider<WebErrors> errors, ObjectProvider<MultipartProperties> multipart) {
    this.errors = errors;
    this.multipart = multipart;
  }

  @Override
  public int getOrder() {
    return SecurityFilterProperties.DEFAULT_FILTER_ORDER - 1; // just before the security filters
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String type = request.getContentType();
    if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/")
        && !"GET".equals(request.getMethod())) {
      try {
        new StandardMultipartHttpServletRequest(request); // parses, or throws as Spring MVC would
      } catch (MaxUploadSizeExceededException e) {
        MultipartProperties limits = multipart.getIfAvailable();
        refuse(request, response, HttpStatus.PAYLOAD_TOO_LARGE, "error.413", limits == null ? List.of()
            : List.of(Problem.of("input.error.fileTooLarge", InputTooLarge.megabytes(limits.getMaxFileSize().toBytes()))));
        return;
      } catch (MultipartException e) {
        refuse(request, response, HttpStatus.BAD_REQUEST, "error.upload", List.of());
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private void refuse(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String key,
      List<Problem> problems) throws IOException, ServletException {
    try {
      errors.getObject().write(request, response, status, key, problems);
    } catch (IOException | ServletException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ServletException(e);
    }
  }
}
