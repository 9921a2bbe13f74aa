package org.sanlv.estimation;

/**
 * A weight calibration remembered for the variance: before the strata sums, the linearised variable is
 * replaced by its residuals within the calibration's cells (R: the {@code postStrata} of a design).
 */
sealed interface Calibration permits PostStratification, Raking {}
