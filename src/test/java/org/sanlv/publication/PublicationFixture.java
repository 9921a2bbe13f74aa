package org.sanlv.publication;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * An official survey of 浙江 with phone (statistics bureau) and intercept (third party) responses in three
 * counties, known answers: the publication tests' ground. Written with SQL, as the results tests do.
 */
public final class PublicationFixture {

  public static final String SHANGCHENG = "330102"; // 上城区
  public static final String XIHU = "330106"; // 西湖区
  public static final String SHANGYU = "330604"; // 上虞区

  /** When the fixture's responses were submitted: a day before the tests' clock starts. */
  static final java.sql.Timestamp SUBMITTED = java.sql.Timestamp.from(TestClock.DEFAULT_START.minusSeconds(86_400));

  private PublicationFixture() {}

  /** A new official survey with both sources; 40 responses per county and source (the rules' min_n is 30). */
  public static Survey officialSurvey(SurveyService surveys, InstrumentService instruments, JdbcClient jdbc,
      String name) {
    return officialSurvey(surveys, instruments, jdbc, name, TestClock.DEFAULT_START.minusSeconds(30 * 86_400L));
  }

  /** As above, with its modes opening at {@code opens} (the survey year is the China-time year of it). */
  public static Survey officialSurvey(SurveyService surveys, InstrumentService instruments, JdbcClient jdbc,
      String name, Instant opens) {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-pub-" + UUID.randomUUID().toString().substring(0, 8), name, instrument, "33",
        List.of(new Survey.Mode(SurveyMode.PHONE, opens, opens.plusSeconds(864_000), Map.of()),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plusSeconds(864_000), Map.of()))));
    // safety (q9 好/较好): 上城区 36 and 34 of 40, 西湖区 32 and 33, 上虞区 26 and 28
    insert(jdbc, survey, SHANGCHENG, "phone", 36, 40);
    insert(jdbc, survey, SHANGCHENG, "intercept", 34, 40);
    insert(jdbc, survey, XIHU, "phone", 32, 40);
    insert(jdbc, survey, XIHU, "intercept", 33, 40);
    insert(jdbc, survey, SHANGYU, "phone", 26, 40);
    insert(jdbc, survey, SHANGYU, "intercept", 28, 40);
    return survey;
  }

  /** {@code n} complete responses of a county by a mode, the first {@code safe} of them feeling safe. */
  public static void insert(JdbcClient jdbc, Survey survey, String county, String mode, int safe, int n) {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String q9 = i < safe ? "1" : "4";
      String q4 = i % 3 == 0 ? "2" : "1";
      String answers = """
          {"county":"%s","age":40,"hukou":"1","q1":["1"],"q2":"%s","q3":["1"],"q4":"%s","q5":["1"],"q6":"1","q7":["1"],
           "q8":"1","q9":"%s","q10":["1","2","3"],"q11":["1","2","3","4","5","6","7","8","9"],"q12":["7"],"q13":"4"}"""
          .formatted(county, q9, q4, q9);
      rows.add(new Object[] {UUID.randomUUID(), survey.id(), survey.instrumentId(), county, county, mode, answers});
    }
    for (Object[] r : rows) {
      jdbc.sql("""
          insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status,
                                submitted_at, flags, answers)
          values (?, ?, ?, ?, ?, ?, 'complete', ?, '{}'::text[], ?::jsonb)""")
          .params(r[0], r[1], r[2], r[3], r[4], r[5], SUBMITTED, r[6]).update();
    }
  }
}
