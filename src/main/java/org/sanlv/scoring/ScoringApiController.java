package org.sanlv.scoring;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API of the scores (deductions, ranks, expected deductions, what-if, planning) and the scoring rules. */
@RestController
@Requires(Permission.ORG_READ)
@Tag(name = "scoring", description = "Deduction rules per year, scores and ranks with their noise, what-if")
class ScoringApiController {

  private final ScoringService scoring;

  ScoringApiController(ScoringService scoring) {
    this.scoring = scoring;
  }

  /** The scores with the planning rows beside them. */
  record ScoresAnswer(long surveyId, int year, long rulesId, Rules rules, List<ScoreRow> rows,
      List<CountyTotal> totals, java.time.Instant computedAt, List<ScoringService.PlanningRow> planning) {}

  record NewRules(String area, Integer year, String yaml, String note) {}

  @GetMapping("/api/v1/surveys/{surveyId}/scores")
  @Operation(summary = "Scores of the counties in the caller's subtree (ranks among all), per source and combined;"
      + " rules = a stored version's id (0: the shipped default), else the survey year's latest")
  ScoresAnswer scores(Scope scope, @PathVariable long surveyId, @RequestParam(required = false) Long rules) {
    Scores s = rules == null ? scoring.scores(scope, surveyId) : scoring.scores(scope, surveyId, rules);
    return new ScoresAnswer(s.surveyId(), s.year(), s.rulesId(), s.rules(), s.rows(), s.totals(), s.computedAt(),
        scoring.planning(scope, surveyId));
  }

  @GetMapping("/api/v1/surveys/{surveyId}/scores/what-if")
  @Operation(summary = "A county's scores on one indicator if its rate moved by points and its sample by factor")
  ScoringService.WhatIfResult whatIf(Scope scope, @PathVariable long surveyId, @RequestParam String code,
      @RequestParam String indicator, @RequestParam(defaultValue = "0") double points,
      @RequestParam(defaultValue = "1") double factor) {
    return scoring.whatIf(scope, surveyId, code, indicator, points, factor);
  }

  @GetMapping("/api/v1/scoring/rules")
  @Operation(summary = "Versions of an area's rules for a year, newest first (empty: the shipped default applies)")
  List<RulesVersion> rules(Scope scope, @RequestParam String area, @RequestParam int year) {
    return scoring.versions(scope, area, year);
  }

  @PostMapping("/api/v1/scoring/rules")
  @Requires(Permission.SCORING_RULES)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Save a new version of an area's rules for a year (YAML as the rules file)")
  RulesVersion save(Scope scope, @RequestBody NewRules body) {
    return scoring.save(scope, body.area(), body.year() == null ? 0 : body.year(), body.yaml(), body.note());
  }
}
