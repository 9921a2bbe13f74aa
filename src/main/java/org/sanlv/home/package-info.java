/**
 * Home: the first page after sign-in, one per role (a province's running surveys with today's responses, flags to
 * review and results at a glance; a county's surveys and what to do next; an interviewer's work), every figure
 * limited to the caller's areas. Public API: {@link org.sanlv.home.HomeService} and the records it returns.
 */
package org.sanlv.home;
