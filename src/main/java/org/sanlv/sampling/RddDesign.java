package org.sanlv.sampling;

/**
 * Parameters of a random-digit-dialling draw.
 *
 * @param numbers how many dialable numbers to generate (after de-duplication and the do-not-call list)
 * @param replicateSize numbers per replicate (批次): fieldwork releases replicates 1, 2, … in order, opening a
 *     new one only when needed, so that any released set is itself a random sample
 */
public record RddDesign(int numbers, int replicateSize) {

  public RddDesign {
    if (numbers < 1) {
      throw new IllegalArgumentException("numbers must be positive: " + numbers);
    }
    if (replicateSize < 1) {
      throw new IllegalArgumentException("replicate size must be positive: " + replicateSize);
    }
  }
}
