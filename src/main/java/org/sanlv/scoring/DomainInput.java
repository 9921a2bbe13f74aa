package org.sanlv.scoring;

/**
 * One county's (or town's) estimate of one indicator from one source, and its difference from the whole.
 *
 * @param rate the estimate, a proportion
 * @param se its standard error
 * @param n respondents
 * @param diff county − whole
 * @param diffSe standard error of the difference
 */
public record DomainInput(String code, String name, double rate, double se, long n, double diff, double diffSe) {}
