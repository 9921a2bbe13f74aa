package org.sanlv.survey;

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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** REST API of surveys. Times are ISO-8601 instants (e.g. {@code 2026-10-18T16:00:00Z} = 19 Oct 0:00 China time). */
@RestController
@RequestMapping("/api/v1/surveys")
@Requires(Permission.ORG_READ)
@Tag(name = "surveys", description = "Surveys, their modes, windows and designs")
class SurveyApiController {

  private final SurveyService surveys;

  SurveyApiController(SurveyService surveys) {
    this.surveys = surveys;
  }

  record StatusChange(Survey.Status status) {}

  @GetMapping
  @Operation(summary = "Surveys of the caller's subtree and of the areas above it")
  List<Survey> list(Scope scope) {
    return surveys.list(scope);
  }

  @GetMapping("/{surveyId}")
  @Operation(summary = "One survey with its modes")
  Survey get(Scope scope, @PathVariable long surveyId) {
    return surveys.get(scope, surveyId);
  }

  @PostMapping
  @Requires(Permission.SURVEYS_MANAGE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create a survey: a province target makes an official survey, a county target a mock survey")
  Survey create(Scope scope, @RequestBody SurveyService.NewSurvey survey) {
    return surveys.create(scope, survey);
  }

  @PutMapping("/{surveyId}/modes")
  @Requires(Permission.SURVEYS_MANAGE)
  @Operation(summary = "Add a mode or change its window and design")
  Survey saveMode(Scope scope, @PathVariable long surveyId, @RequestBody Survey.Mode mode) {
    return surveys.saveMode(scope, surveyId, mode);
  }

  @PostMapping("/{surveyId}/status")
  @Requires(Permission.SURVEYS_MANAGE)
  @Operation(summary = "Move the status forward: DRAFT → FIELDING → CLOSED")
  Survey status(Scope scope, @PathVariable long surveyId, @RequestBody StatusChange change) {
    return surveys.setStatus(scope, surveyId, change.status() == null ? Survey.Status.DRAFT : change.status());
  }
}
