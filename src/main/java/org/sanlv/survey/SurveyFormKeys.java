package org.sanlv.survey;

import java.util.ArrayList;
import java.util.List;

/** The message keys the survey pages build at run time (mode and design field names), for the bundle test. */
public final class SurveyFormKeys {

  private SurveyFormKeys() {}

  public static List<String> all() {
    List<String> keys = new ArrayList<>();
    for (SurveyMode mode : SurveyMode.values()) {
      keys.add("mode." + mode.name());
      SurveyForm.DESIGN_DEFAULTS.get(mode).keySet().forEach(field -> {
        keys.add("design." + field);
        keys.add("design.help." + field);
      });
    }
    for (Survey.Status status : Survey.Status.values()) {
      keys.add("survey.status." + status.name());
      keys.add("survey.statusNote." + status.name());
    }
    for (Survey.Kind kind : Survey.Kind.values()) {
      keys.add("survey.kind." + kind.name());
    }
    return keys;
  }
}
