package org.sanlv.sampling;

/**
 * A survey block (调查小区) of the household frame.
 *
 * @param id the block's id, unique in its frame
 * @param county 6-digit county code (区、县（市）)
 * @param town 9-digit town code (乡镇、街道), or empty when the frame has none
 * @param households number of households, the block's measure of size (positive)
 * @param population resident population, or 0 when not given
 */
public record Block(String id, String county, String town, long households, long population) {

  public Block {
    if (households <= 0) {
      throw new IllegalArgumentException("households of block " + id + " must be positive: " + households);
    }
    if (population < 0) {
      throw new IllegalArgumentException("population of block " + id + " must not be negative: " + population);
    }
    town = town == null ? "" : town;
  }
}
