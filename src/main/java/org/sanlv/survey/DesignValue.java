package org.sanlv.survey;

/**
 * One design parameter of a mode as the survey page shows it.
 *
 * @param field the design field ({@code share}); its label is {@code design.<field>}
 * @param value the value in the unit shown ({@code 5} for a share of 0.005)
 * @param unit "‰", "%" or empty
 * @param valueKey the message key naming the value when it is a word ({@code design.rule.share}), or null
 */
public record DesignValue(String field, String value, String unit, String valueKey) {}
