package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Integrity flags v1: computed on submit, and recomputed over a survey without deleting anything. */
@IntegrationTest
class IntegrityFlagsTest {

  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired FieldworkService fieldwork;
  @Autowired PageTokens tokens;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private Survey freshSurvey() {
    CawiFixtures.ensure(surveys, instruments, org, users);
    return CawiFixtures.fresh(surveys, instruments, "t-flags", clock.instant());
  }

  /** A submit opened {@code secondsAgo} seconds before now. */
  private SubmitResult submit(Survey survey, Map<String, Object> answers, long secondsAgo, String address) {
    Instant now = clock.instant();
    return fieldwork.submitOnline(survey.slug(), new OnlineSubmission(survey.id(), tokens.issue(survey.id(),
        now.minusSeconds(secondsAgo)), UUID.randomUUID().toString(), CawiFixtures.device(), answers,
        Map.of("times", Map.of("q2", 5000)), "", null, null, null, address, "Mozilla/5.0 (iPhone)", null), now);
  }

  private List<String> flags(long id) {
    return jdbc.sql("select coalesce(array_to_string(flags, ','), '') from response where id = :id").param("id", id)
        .query(String.class).single().lines().flatMap(s -> s.isEmpty() ? java.util.stream.Stream.empty()
            : java.util.Arrays.stream(s.split(","))).toList();
  }

  @Test
  void burstsFromOneNetworkAreFlaggedNotBlocked() {
    // five seconds into a 10-minute window of the burst rule: the 23 submits cannot straddle its boundary
    clock.set(CawiFixtures.START.truncatedTo(ChronoUnit.HOURS).plusSeconds(5));
    Survey survey = freshSurvey();
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      ids.add(submit(survey, CawiFixtures.answers("330604"), 600, "10.99.1." + (i % 200)).responseId());
    }
    assertThat(flags(ids.get(0))).isEmpty();
    assertThat(flags(ids.get(19))).isEmpty();
    assertThat(flags(ids.get(21))).containsExactly("burst");
    assertThat(flags(ids.get(22))).containsExactly("burst");
    // recomputing agrees: the first 20 of the window are clean, the later ones are a burst
    fieldwork.recomputeFlags(survey);
    assertThat(flags(ids.get(19))).isEmpty();
    assertThat(flags(ids.get(22))).containsExactly("burst");
  }

  @Test
  void aSpeederIsFlaggedOnSubmitAndRecomputingSettlesDuplicatesThatRacedEachOther() {
    Survey survey = freshSurvey();
    long speeder = submit(survey, CawiFixtures.answers("330604"), 12, "10.98.0.1").responseId();
    assertThat(flags(speeder)).containsExactly("speeder");
    long first = submit(survey, CawiFixtures.answers("330604"), 600, "10.98.1.1").responseId();
    long clean = submit(survey, CawiFixtures.answers("330602"), 600, "10.98.2.1").responseId();
    // two submits of one device that raced past the one-per-device check (possible with several writers or nodes)
    long raced = jdbc.sql("""
        insert into response (idempotency_key, survey_id, instrument_id, county_code, stratum_code, mode, status, started_at,
                              submitted_at, device_hash, network_hash, answers, paradata)
        select gen_random_uuid(), survey_id, instrument_id, county_code, stratum_code, mode, status, started_at,
               submitted_at + interval '1 second', device_hash, network_hash, answers, paradata
        from response where id = :id returning id""").param("id", first).query(Long.class).single();
    long before = jdbc.sql("select count(*) from response where survey_id = :s").param("s", survey.id()).query(Long.class).single();
    int changed = fieldwork.recomputeFlags(survey);
    assertThat(changed).isEqualTo(1);
    assertThat(flags(raced)).containsExactly("duplicate_device");
    assertThat(flags(first)).isEmpty();
    assertThat(flags(clean)).isEmpty();
    assertThat(flags(speeder)).containsExactly("speeder");
    assertThat(jdbc.sql("select count(*) from response where survey_id = :s").param("s", survey.id()).query(Long.class).single())
        .as("flags never delete data").isEqualTo(before);
    assertThat(fieldwork.recomputeFlags(survey)).as("recomputing again changes nothing").isZero();
  }

  @Test
  void theMonitorCountsPerCountyWithFlags() {
    // five seconds into an hour: the three submits fall into one hour of the per-hour figures
    clock.set(CawiFixtures.START.truncatedTo(ChronoUnit.HOURS).plusSeconds(5));
    Survey survey = freshSurvey();
    submit(survey, CawiFixtures.answers("330604"), 600, "10.97.0.1");
    submit(survey, CawiFixtures.answers("330604"), 5, "10.97.0.2");
    submit(survey, CawiFixtures.answers("330602"), 600, "10.97.0.3");
    FieldworkService.Monitor m = fieldwork.monitor(TestAccounts.ROOT, survey);
    assertThat(m.complete()).isEqualTo(3);
    assertThat(m.flagged()).isEqualTo(1);
    List<FieldworkService.StratumRow> answered = m.strata().stream().filter(s -> s.complete() > 0)
        .sorted(java.util.Comparator.comparing(FieldworkService.StratumRow::code)).toList();
    assertThat(answered).extracting(FieldworkService.StratumRow::name).containsExactly("越城区", "上虞区");
    assertThat(answered.get(1).flags()).containsEntry("speeder", 1L);
    assertThat(m.completeByHour()).containsExactly(3L);
  }
}
