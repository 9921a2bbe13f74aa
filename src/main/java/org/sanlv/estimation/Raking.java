package org.sanlv.estimation;

/**
 * A raking, remembered as R's {@code rake} does: the post-stratification of each margin in the last round,
 * whose weights ({@code psw}) are used in R's ten sweeps {@code x ← x - psw · ave(x/psw, margin)}.
 */
final class Raking implements Calibration {

  final PostStratification[] margins;

  Raking(PostStratification[] margins) {
    this.margins = margins.clone();
  }
}
