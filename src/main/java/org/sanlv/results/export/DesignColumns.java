package org.sanlv.results.export;

/**
 * The names and labels of the columns that carry the sample design, so that an analyst can declare it
 * ({@code svyset psu [pw=weight], strata(stratum)}; {@code svydesign(ids=~psu, strata=~stratum,
 * weights=~weight)}).
 *
 * @param id the response's identifier (string)
 * @param stratum the stratum, usually the county code (string)
 * @param psu the primary sampling unit, nested in the stratum (string)
 * @param weight the final weight after adjustment (numeric)
 */
public record DesignColumns(Variable id, Variable stratum, Variable psu, Variable weight) {

  public DesignColumns {
    if (id.isNumeric() || stratum.isNumeric() || psu.isNumeric() || !weight.isNumeric()) {
      throw new IllegalArgumentException("id, stratum and psu are strings, the weight a number");
    }
  }

  /** {@code response_id}, {@code stratum}, {@code psu}, {@code weight} with Chinese labels. */
  public static DesignColumns defaults() {
    return new DesignColumns(
        Variable.string("response_id", "答卷编号", 36),
        Variable.string("stratum", "抽样层（区县）", 32),
        Variable.string("psu", "初级抽样单元", 64),
        Variable.numeric("weight", "最终权数", 6));
  }
}
