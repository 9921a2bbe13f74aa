package org.sanlv.fieldwork.cati;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * Phone surveys for the queue's tests: a mock survey of 上虞区 (its strata are the county's towns) with a phone
 * mode of the given design, a phone draw written with SQL (numbers in replicates, as the RDD sampler leaves them)
 * and interviewer accounts of 上虞区 inserted directly (hashing 200 passwords would take longer than the test).
 */
final class CatiFixtures {

  private CatiFixtures() {}

  /** A new survey with a phone window from 30 days before {@code now} to 60 days after it. */
  static Survey survey(SurveyService surveys, InstrumentService instruments, Map<String, Object> design, Instant now) {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    String slug = "t-cati-" + UUID.randomUUID().toString().substring(0, 8);
    Survey s = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, "上虞区电话测评", instrument,
        TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.PHONE, now.minus(Duration.ofDays(30)),
            now.plus(Duration.ofDays(60)), design))));
    surveys.setStatus(TestAccounts.ROOT, s.id(), Survey.Status.FIELDING);
    return s;
  }

  /** A phone draw of {@code replicates × perReplicate} numbers ({@code 1 + 10 digits}, unique per survey). */
  static long draw(JdbcClient jdbc, long surveyId, int replicates, int perReplicate) {
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'phone', 1, '{}'::jsonb, ?, 'admin') returning id""")
        .params(surveyId, replicates * perReplicate).query(Long.class).single();
    jdbc.sql("""
        insert into sample_number (draw_id, release_order, replicate, number, prefix, kind, carrier, area)
        select :draw, g, (g - 1) / :per + 1, '1' || lpad((:draw * 10000000 + g)::text, 10, '0'), '139', 'mobile',
               'cmcc', '330604'
          from generate_series(1, :n) g""")
        .param("draw", draw).param("per", perReplicate).param("n", replicates * perReplicate).update();
    return draw;
  }

  /** Interviewer accounts {@code prefix-0 … prefix-(n-1)} of 上虞区 (made once). */
  static List<String> interviewers(JdbcClient jdbc, String prefix, int n) {
    jdbc.sql("""
        insert into app_user (username, display_name, password_hash, role, org_node_id)
        select :prefix || '-' || g, '电话访员' || g, '{noop}x', 'interviewer', (select id from org_node where code = :county)
          from generate_series(0, :n - 1) g
        on conflict (username) do nothing""").param("prefix", prefix).param("county", TestAccounts.SHANGYU)
        .param("n", n).update();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      names.add(prefix + "-" + i);
    }
    return names;
  }
}
