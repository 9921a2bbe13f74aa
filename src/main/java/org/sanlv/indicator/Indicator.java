package org.sanlv.indicator;

/**
 * An indicator defined as data: a proportion (a boolean expression over the answers, e.g.
 * {@code ${q9} = '1' or ${q9} = '2'}) or a mean (a numeric expression, e.g.
 * {@code count-selected-of(${q11}, '1', …, '12') div 12}), optionally over a subpopulation {@code where}.
 *
 * @param name short name used in outputs, e.g. {@code safety}
 * @param labelZh label in Chinese
 * @param labelEn label in English
 * @param proportion true for a proportion, false for a mean
 * @param expression the boolean (proportion) or numeric (mean) expression
 * @param where the subpopulation's boolean expression, or null for everyone
 */
public record Indicator(String name, String labelZh, String labelEn, boolean proportion, String expression,
    String where) {}
