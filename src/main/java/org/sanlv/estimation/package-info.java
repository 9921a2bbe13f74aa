/**
 * Estimation: design-based rates, means and totals with linearised standard errors, confidence intervals,
 * design effects and county-minus-province differences, after post-stratification, raking and trimming;
 * checked against R's survey package. Public API: {@link org.sanlv.estimation.SurveyDesign},
 * {@link org.sanlv.estimation.Estimator}, {@link org.sanlv.estimation.Domains}, the records they return and
 * the {@code estimate} command ({@link org.sanlv.estimation.EstimateCommand}).
 */
package org.sanlv.estimation;
