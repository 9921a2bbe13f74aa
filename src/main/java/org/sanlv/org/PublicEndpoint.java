package org.sanlv.org;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A page or endpoint for the public (residents taking the online survey): no sign-in, no org scope. Its path
 * variables (such as a survey's link name) are not scope targets. Security must also permit its path.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface PublicEndpoint {}
