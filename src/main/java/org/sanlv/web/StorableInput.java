package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.StorableText;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

/**
 * Refuses typed text that PostgreSQL cannot store ({@link StorableText}: NUL, half a surrogate pair) before any
 * handler or scope check reads it: request parameters and form fields (an interceptor that runs first), path
 * variables, and every string of a JSON body of {@code @RequestBody} (after Jackson has read it, field by field).
 * The answer is a 400 naming the field, e.g. {@code "modes[0].design.share": contains U+0000}.
 */
@ControllerAdvice
class StorableInput extends RequestBodyAdviceAdapter implements WebMvcConfigurer {

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    registry.addInterceptor(new HandlerInterceptor() {
      @Override
      public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String[]> parameters;
        try {
          parameters = request.getParameterMap();
        } catch (IllegalStateException e) {
          // Tomcat refuses a query or form that is not valid UTF-8 (?lang=%FF) when the parameters are first read
          throw new InputRejected(List.of(Problem.of("input.error.badEncoding")));
        }
        parameters.forEach((name, values) -> {
          check(name, name, problems);
          for (String value : values) {
            check(name, value, problems);
          }
        });
        @SuppressWarnings("unchecked")
        Map<String, String> pathVariables =
            (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        if (pathVariables != null) {
          pathVariables.forEach((name, value) -> check(name, value, problems));
        }
        if (!problems.isEmpty()) {
          throw new InputRejected(problems);
        }
        return true;
      }
    }).order(Ordered.HIGHEST_PRECEDENCE);
  }

  @Override
  public boolean supports(MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    return true;
  }

  @Override
  public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
      Class<? extends HttpMessageConverter<?>> converterType) {
    List<Problem> problems = new ArrayList<>();
    walk(body, "", problems, 0);
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return body;
  }

  private static void check(String field, String text, List<Problem> problems) {
    if (text != null && !StorableText.isStorable(text)) {
      problems.add(StorableText.problem(0, field.isEmpty() ? null : StorableText.isStorable(field) ? field : "?", text));
    }
  }

  /** Every string in what Jackson made of the body: records, maps (keys too), lists; named by their path. */
  private static void walk(Object value, String path, List<Problem> problems, int depth) {
    if (value == null || depth > 64) {
      return;
    }
    if (value instanceof CharSequence text) {
      check(path, text.toString(), problems);
    } else if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        String key = String.valueOf(k);
        check(path.isEmpty() ? key : path, key, problems);
        walk(v, path.isEmpty() ? key : path + "." + key, problems, depth + 1);
      });
    } else if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", problems, depth + 1);
      }
    } else if (value.getClass().isRecord()) {
      for (RecordComponent component : value.getClass().getRecordComponents()) {
        try {
          Method accessor = component.getAccessor();
          accessor.setAccessible(true);
          walk(accessor.invoke(value), path.isEmpty() ? component.getName() : path + "." + component.getName(),
              problems, depth + 1);
        } catch (ReflectiveOperationException | RuntimeException e) {
          // a component that cannot be read is not text the client sent
        }
      }
    }
  }
}
