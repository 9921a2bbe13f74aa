package org.sanlv.scoring;

import java.time.Instant;
import java.util.List;

/**
 * A survey's scores under one version of the rules, computed on all counties and filtered to the caller's subtree
 * (ranks are among all counties).
 *
 * @param rulesId the stored rules' id, 0 = the shipped default
 */
public record Scores(long surveyId, int year, long rulesId, Rules rules, List<ScoreRow> rows,
    List<CountyTotal> totals, Instant computedAt) {}
