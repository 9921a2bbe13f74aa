package org.sanlv.fieldwork.cati;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A province phone survey of Zhejiang with ten cases written with SQL (the queue is another branch's): seven in
 * 上虞区 330604, two in 上城区 330102, one unscreened mobile number of 绍兴市 3306. Days are China dates: D1 2026-11-02,
 * D2 2026-11-03 (one attempt at 01:30 China time on D2, 17:30 UTC the day before).
 *
 * <pre>
 * case  county  area    disposition  attempts (interviewer, China time)
 * c1    330604  330604  1.1          t-interviewer D1 10:00 (1.1)
 * c2    330604  330604  1.1          t-supervisor D1 10:00 (3.13), t-interviewer D2 10:00 (1.1)
 * c3    330604  330604  2.111        t-interviewer D2 11:00
 * c4    330604  330604  2.21         t-supervisor D1 15:00
 * c5    330604  330604  4.31         t-supervisor D2 01:30
 * c6    -       330604  3.11         never attempted
 * c7    -       330604  3.13         t-interviewer D1 16:00
 * c8    330102  330102  1.1          t-supervisor D1 14:00
 * c9    330102  330102  2.12         t-supervisor D1 14:30
 * c10   -       3306    3.12         t-interviewer D2 09:30
 * </pre>
 */
public final class CatiRatesFixtures {

  public static final String SLUG = "t-cati-rates";

  private CatiRatesFixtures() {}

  private record Attempt(String interviewer, String at, String code) {}

  private record Case(String county, String area, String disposition, List<Attempt> attempts) {}

  private static final List<Case> CASES = List.of(
      new Case("330604", "330604", "1.1", List.of(new Attempt("t-interviewer", "2026-11-02T02:00:00Z", "1.1"))),
      new Case("330604", "330604", "1.1", List.of(new Attempt("t-supervisor", "2026-11-02T02:00:00Z", "3.13"),
          new Attempt("t-interviewer", "2026-11-03T02:00:00Z", "1.1"))),
      new Case("330604", "330604", "2.111", List.of(new Attempt("t-interviewer", "2026-11-03T03:00:00Z", "2.111"))),
      new Case("330604", "330604", "2.21", List.of(new Attempt("t-supervisor", "2026-11-02T07:00:00Z", "2.21"))),
      new Case("330604", "330604", "4.31", List.of(new Attempt("t-supervisor", "2026-11-02T17:30:00Z", "4.31"))),
      new Case(null, "330604", "3.11", List.of()),
      new Case(null, "330604", "3.13", List.of(new Attempt("t-interviewer", "2026-11-02T08:00:00Z", "3.13"))),
      new Case("330102", "330102", "1.1", List.of(new Attempt("t-supervisor", "2026-11-02T06:00:00Z", "1.1"))),
      new Case("330102", "330102", "2.12", List.of(new Attempt("t-supervisor", "2026-11-02T06:30:00Z", "2.12"))),
      new Case(null, "3306", "3.12", List.of(new Attempt("t-interviewer", "2026-11-03T01:30:00Z", "3.12"))));

  /** The survey's id; created with its cases once per database. */
  public static synchronized long survey(SurveyService surveys, InstrumentService instruments, JdbcClient jdbc) {
    return surveys.bySlug(SLUG).map(Survey::id).orElseGet(() -> create(surveys, instruments, jdbc));
  }

  private static long create(SurveyService surveys, InstrumentService instruments, JdbcClient jdbc) {
    long zhejiang = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = Instant.parse("2026-11-01T00:00:00Z");
    Survey survey = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(SLUG, "浙江电话应答率测试", zhejiang, "33",
        List.of(new Survey.Mode(SurveyMode.PHONE, opens, opens.plusSeconds(86_400L * 40), Map.of()))));
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'phone', 1, '{}'::jsonb, ?, 'admin') returning id""")
        .params(survey.id(), CASES.size()).query(Long.class).single();
    int order = 0;
    for (Case c : CASES) {
      order++;
      Attempt last = c.attempts().isEmpty() ? null : c.attempts().get(c.attempts().size() - 1);
      long id = jdbc.sql("""
          insert into cati_case (survey_id, draw_id, number, area, replicate, release_order, stratum, county, state,
                                 attempts, last_attempt_at, last_code, disposition)
          values (?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?::timestamptz, ?, ?) returning id""")
          .params(survey.id(), draw, "1380000" + String.format("%04d", order), c.area(), order, c.county(), c.county(),
              c.attempts().isEmpty() ? "fresh" : "callback", c.attempts().size(), last == null ? null : last.at(),
              last == null ? null : last.code(), c.disposition())
          .query(Long.class).single();
      int no = 0;
      for (Attempt a : c.attempts()) {
        no++;
        jdbc.sql("""
            insert into cati_attempt (idempotency_key, case_id, survey_id, interviewer, attempt_no, started_at,
                                      ended_at, code)
            values (?, ?, ?, ?, ?, ?::timestamptz - interval '2 minutes', ?::timestamptz, ?)""")
            .params(UUID.randomUUID(), id, survey.id(), a.interviewer(), no, a.at(), a.at(), a.code()).update();
      }
    }
    return survey.id();
  }
}
