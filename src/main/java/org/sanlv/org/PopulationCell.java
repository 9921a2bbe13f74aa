package org.sanlv.org;

/**
 * An area's resident population of one sex and age band (the post-stratification margins of the results).
 *
 * @param sex {@code m} or {@code f}
 * @param ageFrom first age of the band, in completed years
 * @param ageTo last age of the band (inclusive), or null for "and over"
 */
public record PopulationCell(String sex, int ageFrom, Integer ageTo, long population) {

  /** Whether an age in completed years falls in the band. */
  public boolean covers(int age) {
    return age >= ageFrom && (ageTo == null || age <= ageTo);
  }

  /** The CSV column of the area import: {@code pop_m_16_29}, {@code pop_f_70plus}. */
  public String column() {
    return "pop_" + sex + "_" + ageFrom + (ageTo == null ? "plus" : "_" + ageTo);
  }
}
