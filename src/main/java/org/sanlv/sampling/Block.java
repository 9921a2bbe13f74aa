package org.sanlv.sampling;

/**
 * A survey block (调查小区) of the household frame.
 *
 * @param id the block's id, unique in its frame
 * @param county 6-digit county code (区、县（市）)
 * @param town 9-digit town code (乡镇、街道), or empty when the frame has none
 * @param households number of households, the block's measure of size (positive)
 * @param population resident population, or 0 when not given
 * @param name the block's name (e.g. the residential compound), or null; shown to interviewers
 * @param latitude WGS-84 latitude in degrees, or null (then longitude is null too)
 * @param longitude WGS-84 longitude in degrees, or null
 */
public record Block(String id, String county, String town, long households, long population, String name,
    Double latitude, Double longitude) {

  /** A block without name or location (neither enters the draw). */
  public Block(String id, String county, String town, long households, long population) {
    this(id, county, town, households, population, null, null, null);
  }

  public Block {
    if (households <= 0) {
      throw new IllegalArgumentException("households of block " + id + " must be positive: " + households);
    }
    if (population < 0) {
      throw new IllegalArgumentException("population of block " + id + " must not be negative: " + population);
    }
    town = town == null ? "" : town;
    name = name == null || name.isEmpty() ? null : name;
    if ((latitude == null) != (longitude == null)) {
      throw new IllegalArgumentException("block " + id + ": latitude and longitude go together");
    }
  }
}
