package org.sanlv.org;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The permission a web handler needs. The scope check (one interceptor for every page and endpoint) refuses
 * callers whose role lacks it; handlers without the annotation need only a signed-in user.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Requires {
  Permission value();
}
