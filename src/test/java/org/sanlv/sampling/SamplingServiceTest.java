package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class SamplingServiceTest {

  @Autowired SamplingService sampling;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  Scope countyAdmin;
  Survey survey;
  byte[] frame;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
    long instrument = instruments.list(countyAdmin).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
    Instant opens = Instant.parse("2026-11-01T00:00:00Z");
    survey = surveys.create(countyAdmin, new SurveyService.NewSurvey("t-draw-" + System.nanoTime() % 1_000_000_000,
        "抽样测试", instrument, TestAccounts.SHANGYU, List.of(
            new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plusSeconds(86_400 * 20),
                Map.of("rule", "fixed", "fixed", "20", "householdsPerBlock", "5")),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plusSeconds(86_400 * 20), Map.of()))));
    StringBuilder csv = new StringBuilder("block_id,county,town,households\n");
    for (OrgNode town : org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN)) {
      for (int b = 1; b <= 6; b++) {
        csv.append(town.code()).append("-").append(b).append(",330604,").append(town.code()).append(',')
            .append(40 + 13 * b).append('\n');
      }
    }
    frame = csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private List<String> households(long drawId) {
    List<String> rows = new ArrayList<>();
    jdbc.sql("select block_id || '#' || household_no || '#' || weight from sample_household where draw_id = ? order by 1")
        .param(drawId).query((rs, i) -> rows.add(rs.getString(1))).list();
    return rows;
  }

  @Test
  void theSameSeedAndFrameGiveTheSameSampleAndADifferentSeedAnother() {
    sampling.importFrame(countyAdmin, survey.id(), SamplingService.FrameKind.BLOCKS, frame, "blocks.csv");
    var first = sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 7, false);
    var again = sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 7, true);
    var other = sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 8, true);
    assertThat(first.unitCount()).isEqualTo(20 * 20);
    assertThat(households(again.id())).isEqualTo(households(first.id()));
    assertThat(households(other.id())).isNotEqualTo(households(first.id()));
    assertThat(sampling.draws(countyAdmin, survey.id())).filteredOn(d -> d.mode().equals("household"))
        .extracting(SamplingRepository.DrawInfo::supersededBy).containsExactly(null, other.id(), again.id());
  }

  @Test
  void aRedrawNeedsConfirmationAndIsRefusedOnceFieldworkStarted() {
    sampling.importFrame(countyAdmin, survey.id(), SamplingService.FrameKind.BLOCKS, frame, "blocks.csv");
    var first = sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 1, false);
    assertThatThrownBy(() -> sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 2, false))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
            .containsExactly("sampling.error.redrawConfirm"));
    surveys.setStatus(countyAdmin, survey.id(), Survey.Status.FIELDING);
    assertThatThrownBy(() -> sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 2, true))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
            .containsExactly("sampling.error.fieldworkStarted"));
    assertThat(households(first.id())).hasSize(400);
  }

  @Test
  void aBadFrameIsRefusedWithItsLinesAndNothingIsStored() {
    int before = jdbc.sql("select count(*) from sampling_frame").query(Integer.class).single();
    byte[] bad = """
        block_id,county,town,households
        A1,330604,330604001,100
        A1,330604,330604001,100
        A2,330604,330604001,-5
        A3,,330604001,10
        """.getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> sampling.importFrame(countyAdmin, survey.id(), SamplingService.FrameKind.BLOCKS, bad, "bad.csv"))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::line)
            .contains(3, 4, 5));
    assertThat(jdbc.sql("select count(*) from sampling_frame").query(Integer.class).single()).isEqualTo(before);
  }

  @Test
  void interceptQuotasSumToTheStratumSizes() {
    var draw = sampling.draw(countyAdmin, survey.id(), SurveyMode.INTERCEPT, 1, false);
    // fixed 20 households per town, intercept = 50% = 10 per town, 20 towns
    assertThat(draw.unitCount()).isEqualTo(200);
    List<List<Object>> rows = new ArrayList<>();
    sampling.export(countyAdmin, survey.id(), SurveyMode.INTERCEPT, rows::add);
    assertThat(rows.get(0)).containsExactly("county", "location_type", "day_type", "time_of_day", "target");
    assertThat(rows.subList(1, rows.size()).stream().mapToInt(r -> (Integer) r.get(4)).sum()).isEqualTo(200);
  }

  @Test
  void plannerSizesSitBesideTheRule() {
    var plan = sampling.plan(countyAdmin, survey.id(), 0.05, 0.9, 1.5);
    assertThat(plan.strata()).hasSize(20);
    // n0 = 1.5 × 1.96² × 0.9 × 0.1 / 0.05² = 207.4; with the finite population correction n0 / (1 + (n0 − 1) / N)
    double n0 = 1.5 * SampleSizePlanner.Z_95 * SampleSizePlanner.Z_95 * 0.09 / 0.0025;
    assertThat(plan.strata()).allSatisfy(s -> {
      assertThat(s.householdN()).isEqualTo(20);
      assertThat(s.plannedN()).isEqualTo((int) Math.ceil(n0 / (1 + (n0 - 1) / s.population())));
    });
  }
}
