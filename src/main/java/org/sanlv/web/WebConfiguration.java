package org.sanlv.web;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.sanlv.org.Scope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/** Language (zh-CN by default, {@code ?lang=en} switches and is remembered in a cookie) and the scope check. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

  private final ScopeCheck scopeCheck;

  WebConfiguration(ScopeCheck scopeCheck) {
    this.scopeCheck = scopeCheck;
  }

  @Bean
  LocaleResolver localeResolver() {
    CookieLocaleResolver resolver = new CookieLocaleResolver("sanlv-lang");
    resolver.setDefaultLocale(Locale.SIMPLIFIED_CHINESE);
    resolver.setCookieMaxAge(Duration.ofDays(365));
    return resolver;
  }

  @Override
  public void addInterceptors(InterceptorRegistry registry) {
    LocaleChangeInterceptor language = new LocaleChangeInterceptor();
    language.setParamName("lang");
    language.setIgnoreInvalidLocale(true);
    registry.addInterceptor(language);
    registry.addInterceptor(scopeCheck);
  }

  @Override
  public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
    resolvers.add(new HandlerMethodArgumentResolver() {
      @Override
      public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Scope.class;
      }

      @Override
      public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
          WebDataBinderFactory binderFactory) {
        Object scope = request.getNativeRequest(HttpServletRequest.class).getAttribute(ScopeCheck.SCOPE_ATTRIBUTE);
        if (scope == null) {
          throw new org.sanlv.org.OutOfScope("anonymous");
        }
        return scope;
      }
    });
  }
}
