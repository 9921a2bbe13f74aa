package org.sanlv.sampling;

/**
 * Parameters of the stratified two-stage household design.
 *
 * @param strata stratum level: county (the official survey) or town (a county's mock survey)
 * @param householdsPerBlock {@code m}, households drawn by simple random sampling in each drawn block
 * @param order how the stratum's block list is ordered before the systematic PPS pass
 */
public record HouseholdDesign(StratumLevel strata, int householdsPerBlock, BlockOrder order) {

  /** Stratum level of a household design. */
  public enum StratumLevel {
    COUNTY, TOWN;

    /** The stratum code of a block at this level. */
    public String of(Block block) {
      return this == COUNTY ? block.county() : block.town();
    }
  }

  /**
   * Order of the block list for systematic PPS: {@code RANDOM} (a random permutation, so that systematic
   * PPS behaves as PPS without replacement with no ordering effect) or {@code SORTED} (by town, then block id:
   * implicit stratification by town, spreading the blocks over the towns of a county).
   */
  public enum BlockOrder { RANDOM, SORTED }

  public HouseholdDesign {
    if (householdsPerBlock < 1 || householdsPerBlock > 1000) {
      throw new IllegalArgumentException("households per block must be in [1, 1000]: " + householdsPerBlock);
    }
  }

  public static HouseholdDesign of(StratumLevel strata, int householdsPerBlock) {
    return new HouseholdDesign(strata, householdsPerBlock, BlockOrder.RANDOM);
  }

  public HouseholdDesign withOrder(BlockOrder newOrder) {
    return new HouseholdDesign(strata, householdsPerBlock, newOrder);
  }
}
