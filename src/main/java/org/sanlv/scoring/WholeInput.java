package org.sanlv.scoring;

/** The whole area's estimate of one indicator from one source. */
public record WholeInput(double rate, double se) {}
