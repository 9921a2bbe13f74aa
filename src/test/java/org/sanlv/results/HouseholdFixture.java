package org.sanlv.results;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.sanlv.platform.CsvTable;
import org.sanlv.survey.Survey;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The household fixture of src/test/resources/results/household-two-stage.csv (written by
 * src/test/r/household-weighting-reference.R) stored as a field survey would store it: a household draw, one
 * assignment per household (π and base weight 1/π from the draw) and one complete household interview each, with
 * the adults in the household and its review status.
 */
public final class HouseholdFixture {

  private HouseholdFixture() {}

  public static String resource(String name) {
    try (InputStream in = HouseholdFixture.class.getResourceAsStream("/results/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stores the fixture in the survey; returns fixture id → response id. */
  public static Map<String, Long> store(JdbcClient jdbc, Survey survey) {
    Map<String, Long> responseOf = new LinkedHashMap<>();
    List<CsvTable.Row> rows = CsvTable.parse(resource("household-two-stage.csv"), 10_000).rows();
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'household', 20261201, '{}'::jsonb, ?, 'test') returning id""")
        .params(survey.id(), rows.size()).query(Long.class).single();
    for (CsvTable.Row r : rows) {
      double pi = Double.parseDouble(r.get("pi"));
      long assignment = jdbc.sql("""
          insert into capi_assignment (survey_id, draw_id, kind, stratum, county, block_id, household_no, pi,
                                       base_weight, interviewer, status, visits)
          values (?, ?, 'household', ?, ?, ?, ?, ?, ?, 't-interviewer', 'completed', 1) returning id""")
          .params(survey.id(), draw, r.get("county"), r.get("county"), r.get("block"),
              Integer.parseInt(r.get("household_no")), pi, 1 / pi)
          .query(Long.class).single();
      String adults = r.get("adults");
      String answers = """
          {"county":"%s","age":40,"hukou":"1","q1":["1"],"q2":"%s","q3":["1"],"q4":"1","q5":["1"],"q6":"1",
           "q7":["1"],"q8":"1","q9":"%s","q10":["1"],"q11":["1","2"],"q12":["7"],"q13":"%s"}"""
          .formatted(r.get("county"), r.get("q2"), r.get("q9"), r.get("q13"));
      long id = jdbc.sql("""
          insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                submitted_at, interviewer, flags, answers, assignment_id, adults, selection,
                                review_status)
          values (?, ?, ?, ?, ?, 'household', 'complete', now(), 't-interviewer', '{}', ?::jsonb, ?, ?,
                  'next_birthday', ?) returning id""")
          .params(UUID.randomUUID(), survey.id(), survey.instrumentId(), r.get("county"), r.get("county"), answers,
              assignment, adults.isEmpty() ? null : Integer.parseInt(adults), r.get("review"))
          .query(Long.class).single();
      responseOf.put(r.get("id"), id);
    }
    return responseOf;
  }
}
