package org.sanlv.fieldwork.cati;

import java.util.Optional;
import org.sanlv.org.ScopeTarget;
import org.sanlv.survey.SurveyService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where {@code caseId} points in the tree, for the one scope check. */
@Configuration(proxyBeanMethods = false)
class CatiScreenScopeTargets {

  /**
   * {@code caseId}: placed at its survey's target area (a case is one number of the survey's draw). A case outside
   * the caller's subtree answers as one that does not exist: numbers are not to be found out by trying ids.
   */
  @Bean
  ScopeTarget catiCaseTarget(CatiScreenRepository cases, SurveyService surveys) {
    return ScopeTarget.hidingOutside("caseId", value -> {
      try {
        return cases.surveyOfCase(Long.parseLong(value)).flatMap(surveys::pathOf);
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
