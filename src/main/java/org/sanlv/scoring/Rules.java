package org.sanlv.scoring;

import java.util.Map;

/**
 * One year's deduction rules (seed 1: "低于全省平均数的，每低 1 个百分点扣 2 分 … 省统计部门和第三方测评扣分按一定比例折算后，
 * 计入最终扣分").
 *
 * @param year the survey year the rules are for
 * @param average which average a county is compared with
 * @param fraction whether a fraction of a point below counts
 * @param minN a county with fewer responses (in a source) is "too few to rank": no rank, no deduction
 * @param sources weight of each source's deduction in the combined deduction (bureau, third_party, online)
 * @param pointsPerPoint per scored indicator, the points deducted per percentage point below the average
 * @param caps per indicator, the most points deducted per source (absent: no cap)
 */
public record Rules(int year, Average average, Fraction fraction, int minN, Map<String, Double> sources,
    Map<String, Double> pointsPerPoint, Map<String, Double> caps) {

  public Rules {
    sources = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sources));
    pointsPerPoint = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pointsPerPoint));
    caps = caps == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(caps));
  }
}
