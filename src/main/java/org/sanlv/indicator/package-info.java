/**
 * Indicators as data: each rate is a proportion (a boolean expression over the answers) or a mean (a numeric
 * expression), optionally over a subpopulation; defaults per questionnaire, and a survey's own definitions.
 */
package org.sanlv.indicator;
