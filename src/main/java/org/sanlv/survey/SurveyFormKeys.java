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

  /**
   * The fields the survey checks name in their problems ({@code online_opens} of the form, {@code household.share}
   * of a design, {@code modes} of the API), each shown by its label {@code field.<name>}.
   */
  public static List<String> fields() {
    List<String> fields = new ArrayList<>(List.of("modes"));
    for (SurveyMode mode : SurveyMode.values()) {
      String m = mode.dbValue();
      fields.addAll(List.of(m, m + "_opens", m + "_closes"));
      SurveyForm.DESIGN_DEFAULTS.get(mode).keySet().forEach(field -> fields.add(m + "." + field));
    }
    return fields;
  }
}
