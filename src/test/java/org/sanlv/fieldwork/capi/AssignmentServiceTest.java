package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.sampling.SamplingService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Teams and assignments on the real database: from the draws, idempotent; assigned singly and in bulk; in scope. */
@IntegrationTest
class AssignmentServiceTest {

  @Autowired AssignmentService assignments;
  @Autowired SamplingService sampling;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  Scope countyAdmin;
  Scope supervisor;
  Survey survey;
  List<OrgNode> towns;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    ensureUser("t-capi-iv2", Role.INTERVIEWER, TestAccounts.SHANGYU);
    ensureUser("t-capi-iv3", Role.INTERVIEWER, TestAccounts.BAIGUAN);
    ensureUser("t-capi-iv-sc", Role.INTERVIEWER, TestAccounts.SHANGCHENG);
    ensureUser("t-capi-sup-sc", Role.SUPERVISOR, TestAccounts.SHANGCHENG);
    countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
    supervisor = users.scopeOf("t-supervisor").orElseThrow();
    long instrument = instruments.list(countyAdmin).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
    Instant opens = Instant.parse("2026-11-01T00:00:00Z");
    survey = surveys.create(countyAdmin, new SurveyService.NewSurvey("t-capi-" + System.nanoTime() % 1_000_000_000,
        "入户任务测试", instrument, TestAccounts.SHANGYU, List.of(
            new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plusSeconds(86_400 * 20),
                Map.of("rule", "fixed", "fixed", "20", "householdsPerBlock", "5")),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, opens.plusSeconds(86_400 * 20), Map.of()))));
    towns = org.areasUnder(TestAccounts.SHANGYU, OrgLevel.TOWN);
    // every block named; the even ones located
    StringBuilder csv = new StringBuilder("block_id,county,town,households,name,lat,lon\n");
    for (OrgNode town : towns) {
      for (int b = 1; b <= 6; b++) {
        csv.append(town.code()).append('-').append(b).append(",330604,").append(town.code()).append(',')
            .append(40 + 13 * b).append(",\"").append(town.name()).append(b).append("号小区\",")
            .append(b % 2 == 0 ? "30.03," + (120.87 + b / 1000.0) : ",").append('\n');
      }
    }
    sampling.importFrame(countyAdmin, survey.id(), SamplingService.FrameKind.BLOCKS,
        csv.toString().getBytes(StandardCharsets.UTF_8), "blocks.csv");
    sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 7, false);
    sampling.draw(countyAdmin, survey.id(), SurveyMode.INTERCEPT, 7, false);
  }

  private void ensureUser(String name, Role role, String node) {
    if (users.scopeOf(name).isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser(name, name, role, node));
    }
  }

  @Test
  void theBlockFramesNameAndLocationGoWithTheDrawnHouseholds() {
    List<Map<String, Object>> rows = jdbc.sql("""
        select h.block_id, h.block_name, h.latitude, h.longitude from sample_household h join sample_draw d on d.id = h.draw_id
         where d.survey_id = ? and d.mode = 'household'""").param(survey.id()).query().listOfRows();
    assertThat(rows).hasSize(400).allSatisfy(r -> {
      String block = (String) r.get("block_id");
      int b = Integer.parseInt(block.substring(block.indexOf('-') + 1));
      assertThat((String) r.get("block_name")).endsWith(b + "号小区");
      if (b % 2 == 0) {
        assertThat((Double) r.get("latitude")).isEqualTo(30.03);
        assertThat((Double) r.get("longitude")).isEqualTo(120.87 + b / 1000.0);
      } else {
        assertThat(r.get("latitude")).isNull();
        assertThat(r.get("longitude")).isNull();
      }
    });
  }

  @Test
  void aFrameWithOnlyOneCoordinateIsRefused() {
    byte[] bad = "block_id,county,town,households,lat\nA1,330604,330604001,100,30.1\n".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> sampling.importFrame(countyAdmin, survey.id(), SamplingService.FrameKind.BLOCKS, bad,
        "bad.csv")).isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems())
            .extracting(Problem::messageKey).containsExactly("sampling.error.coordinatePair"));
  }

  @Test
  void assignmentsAreMadeOncePerHouseholdAndQuotaCellWithTheDrawsProbabilities() {
    AssignmentService.Created first = assignments.createFromDraws(supervisor, survey.id());
    assertThat(first.households()).isEqualTo(400);
    assertThat(first.intercepts()).isPositive();
    AssignmentService.Created again = assignments.createFromDraws(supervisor, survey.id());
    assertThat(again).isEqualTo(new AssignmentService.Created(0, 0, 0));
    assertThat(jdbc.sql("select count(*) from capi_assignment where survey_id = ? and kind = 'household'")
        .param(survey.id()).query(Integer.class).single()).isEqualTo(400);
    // π and 1/π exactly as drawn; the block's name and location carried over; visits from the design
    assertThat(jdbc.sql("""
        select count(*) from capi_assignment a join sample_household h
            on h.draw_id = a.draw_id and h.block_id = a.block_id and h.household_no = a.household_no
         where a.survey_id = ? and a.pi = h.pi and a.base_weight = h.weight
           and abs(a.base_weight * a.pi - 1) < 1e-12 and a.block_name = h.block_name
           and a.latitude is not distinct from h.latitude and a.max_visits = 3 and a.status = 'open'""")
        .param(survey.id()).query(Integer.class).single()).isEqualTo(400);
    // the intercept targets add up to the quotas
    assertThat(jdbc.sql("select sum(target) from capi_assignment where survey_id = ? and kind = 'intercept'")
        .param(survey.id()).query(Integer.class).single()).isEqualTo(200);
  }

  @Test
  void aRedrawClosesUntouchedAssignmentsAndIsRefusedOnceWorkWasDone() {
    assignments.createFromDraws(supervisor, survey.id());
    sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 8, true);
    AssignmentService.Created afterRedraw = assignments.createFromDraws(supervisor, survey.id());
    assertThat(afterRedraw.closedFromOldDraws()).isEqualTo(400);
    assertThat(afterRedraw.households()).isEqualTo(400);
    long open = jdbc.sql("select min(id) from capi_assignment where survey_id = ? and kind = 'household' and status = 'open'")
        .param(survey.id()).query(Long.class).single();
    jdbc.sql("update capi_assignment set visits = 1, status = 'visited' where id = ?").param(open).update();
    sampling.draw(countyAdmin, survey.id(), SurveyMode.HOUSEHOLD, 9, true);
    assertThatThrownBy(() -> assignments.createFromDraws(supervisor, survey.id()))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
            .containsExactly("capi.error.oldDrawHasWork"));
  }

  @Test
  void aBlockGoesToOneInterviewerAndATownIsSpreadEvenlyOverTheTeam() {
    assignments.createFromDraws(supervisor, survey.id());
    AssignmentService.Team team = assignments.createTeam(supervisor, survey.id(), "一组", null);
    assignments.addMember(supervisor, team.id(), "t-interviewer");
    assignments.addMember(supervisor, team.id(), "t-capi-iv2");
    assignments.addMember(supervisor, team.id(), "t-capi-iv3");
    String block = jdbc.sql("select min(block_id) from capi_assignment where survey_id = ? and kind = 'household'")
        .param(survey.id()).query(String.class).single();
    int given = assignments.assignBulk(supervisor, survey.id(), new AssignmentService.Bulk(null, block),
        "t-interviewer", null);
    assertThat(given).isEqualTo(5);
    assertThat(assignments.assignmentsOf("t-interviewer", survey.id())).hasSize(5).allSatisfy(a -> {
      assertThat(a.blockId()).isEqualTo(block);
      assertThat(a.status()).isEqualTo("assigned");
      assertThat(a.assignmentVersion()).isEqualTo(1);
      assertThat(a.teamId()).isEqualTo(team.id());
    });
    // the rest of that block's town over three members, in near-equal runs, the least loaded (not t-interviewer) first
    String town = assignments.assignmentsOf("t-interviewer", survey.id()).get(0).town();
    // households and the town's intercept cells alike
    int open = jdbc.sql("select count(*) from capi_assignment where survey_id = ? and town = ? and interviewer is null").params(survey.id(), town).query(Integer.class).single();
    int spread = assignments.assignBulk(supervisor, survey.id(), new AssignmentService.Bulk(town, null), null, team.id());
    assertThat(spread).isEqualTo(open).isGreaterThanOrEqualTo(3);
    Map<String, Long> perInterviewer = jdbc.sql("""
        select interviewer from capi_assignment where survey_id = ? and town = ?""")
        .params(survey.id(), town).query(String.class).list().stream()
        .collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    long share = open / 3;
    assertThat(perInterviewer.get("t-capi-iv2")).isBetween(share, share + 1);
    assertThat(perInterviewer.get("t-capi-iv3")).isBetween(share, share + 1);
    assertThat(perInterviewer.get("t-interviewer")).isEqualTo(5 + open - perInterviewer.get("t-capi-iv2")
        - perInterviewer.get("t-capi-iv3")).isBetween(5 + share, 5 + share + 1);
    assertThat(assignments.team(supervisor, team.id()).workload())
        .extracting(AssignmentRepository.Workload::interviewer, AssignmentRepository.Workload::assigned)
        .contains(tuple("t-capi-iv2", perInterviewer.get("t-capi-iv2").intValue()));
    // nothing open is left there
    assertThatThrownBy(() -> assignments.assignBulk(supervisor, survey.id(), new AssignmentService.Bulk(town, null),
        null, team.id())).isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems())
            .extracting(Problem::messageKey).containsExactly("capi.error.nothingOpen"));
  }

  @Test
  void aReassignmentRaisesTheVersionAndIsKeptInTheAuditLog() {
    assignments.createFromDraws(supervisor, survey.id());
    AssignmentService.Team team = assignments.createTeam(supervisor, survey.id(), "二组", TestAccounts.SHANGYU);
    assignments.addMember(supervisor, team.id(), "t-interviewer");
    assignments.addMember(supervisor, team.id(), "t-capi-iv2");
    long id = jdbc.sql("select min(id) from capi_assignment where survey_id = ? and kind = 'household'")
        .param(survey.id()).query(Long.class).single();
    assertThat(assignments.assign(supervisor, id, "t-interviewer", null).assignmentVersion()).isEqualTo(1);
    assertThat(assignments.assign(supervisor, id, "t-interviewer", null).assignmentVersion()).isEqualTo(1);
    AssignmentView moved = assignments.assign(supervisor, id, "t-capi-iv2", team.id());
    assertThat(moved.assignmentVersion()).isEqualTo(2);
    assertThat(moved.interviewer()).isEqualTo("t-capi-iv2");
    assertThat(assignments.assignmentsOf("t-interviewer", survey.id())).isEmpty();
    AssignmentView back = assignments.unassign(supervisor, id);
    assertThat(back.assignmentVersion()).isEqualTo(3);
    assertThat(back.status()).isEqualTo("open");
    assertThat(back.interviewer()).isNull();
    List<String> history = jdbc.sql("select action || ':' || (detail ->> 'to') || ':' || (detail ->> 'version')"
        + " from audit_log where target = ? order by id").param("assignment " + id).query(String.class).list();
    assertThat(history).containsExactly("capi.assign:t-interviewer:1", "capi.reassign:t-capi-iv2:2",
        "capi.unassign::3");
  }

  @Test
  void aSupervisorWorksOnlyInsideItsScopeAndWithItsOwnInterviewers() {
    assignments.createFromDraws(supervisor, survey.id());
    long id = jdbc.sql("select min(id) from capi_assignment where survey_id = ?").param(survey.id())
        .query(Long.class).single();
    Scope elsewhere = users.scopeOf("t-capi-sup-sc").orElseThrow();
    // the supervisor of another county sees neither the survey nor its assignments
    assertThatThrownBy(() -> assignments.createFromDraws(elsewhere, survey.id())).isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> assignments.assign(elsewhere, id, "t-capi-iv-sc", null)).isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> assignments.unassign(elsewhere, id)).isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> assignments.createTeam(elsewhere, survey.id(), "外组", null)).isInstanceOf(OutOfScope.class);
    // and this county's supervisor cannot take in the other county's interviewer, nor give work outside its teams
    AssignmentService.Team team = assignments.createTeam(supervisor, survey.id(), "三组", null);
    assertThatThrownBy(() -> assignments.addMember(supervisor, team.id(), "t-capi-iv-sc"))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
            .containsExactly("capi.error.unknownInterviewer"));
    assertThatThrownBy(() -> assignments.addMember(supervisor, team.id(), "t-county-admin"))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
            .containsExactly("capi.error.notInterviewer"));
    assertThatThrownBy(() -> assignments.assign(supervisor, id, "t-capi-iv-sc", null))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
            .containsExactly("capi.error.notInYourTeams"));
    assertThatThrownBy(() -> assignments.team(elsewhere, team.id())).isInstanceOf(OutOfScope.class);
    // a team's area must be inside both the survey and the caller's subtree
    assertThatThrownBy(() -> assignments.createTeam(supervisor, survey.id(), "四组", TestAccounts.SHANGCHENG))
        .isInstanceOf(InputRejected.class);
    // an interviewer has no supervising right at all
    Scope interviewer = users.scopeOf("t-interviewer").orElseThrow();
    assertThatThrownBy(() -> assignments.assign(interviewer, id, "t-interviewer", null)).isInstanceOf(OutOfScope.class);
  }

  /**
   * A province survey worked by two counties' supervisors: each makes and sees the assignments of its own county
   * only, and cannot touch the other's. The draw's rows are written with SQL (the draw itself is tested in sampling).
   */
  @Test
  void inAProvinceSurveyEachCountySupervisorWorksItsOwnCountyOnly() {
    long instrument = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    Instant opens = Instant.parse("2026-11-01T00:00:00Z");
    Survey province = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(
        "t-capi-p-" + System.nanoTime() % 1_000_000_000, "全省入户", instrument, "33", List.of(
            new Survey.Mode(SurveyMode.HOUSEHOLD, opens, opens.plusSeconds(86_400 * 20), Map.of()))));
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'household', 1, '{}'::jsonb, 8, 'admin') returning id""").param(province.id()).query(Long.class).single();
    for (String county : List.of(TestAccounts.SHANGYU, TestAccounts.SHANGCHENG)) {
      for (int h = 1; h <= 4; h++) {
        jdbc.sql("""
            insert into sample_household (draw_id, stratum, county, town, block_id, block_households, certainty,
                                          household_no, pi_block, pi_household, pi, weight)
            values (?, ?, ?, null, ?, 40, false, ?, 0.1, 0.1, 0.01, 100)""")
            .params(draw, county, county, "P" + county, h).update();
      }
    }
    Scope shangcheng = users.scopeOf("t-capi-sup-sc").orElseThrow();
    assertThat(assignments.createFromDraws(supervisor, province.id()).households()).isEqualTo(4);
    assertThat(assignments.createFromDraws(shangcheng, province.id()).households()).isEqualTo(4);
    assertThat(assignments.createFromDraws(supervisor, province.id()).households()).isZero();
    assertThat(assignments.assignments(supervisor, province.id(), AssignmentRepository.Filter.NONE))
        .extracting(AssignmentView::county).containsOnly(TestAccounts.SHANGYU).hasSize(4);
    long theirs = assignments.assignments(shangcheng, province.id(), AssignmentRepository.Filter.NONE).get(0).id();
    AssignmentService.Team team = assignments.createTeam(supervisor, province.id(), "上虞入户组", null);
    assertThat(team.areaCode()).isEqualTo(TestAccounts.SHANGYU);
    assignments.addMember(supervisor, team.id(), "t-interviewer");
    assertThatThrownBy(() -> assignments.assign(supervisor, theirs, "t-interviewer", null))
        .isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> assignments.assignBulk(supervisor, province.id(),
        new AssignmentService.Bulk(null, "P" + TestAccounts.SHANGCHENG), "t-interviewer", null))
        .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
            .containsExactly("capi.error.nothingOpen"));
    assertThat(assignments.assignBulk(supervisor, province.id(), new AssignmentService.Bulk(null, "P" + TestAccounts.SHANGYU),
        "t-interviewer", null)).isEqualTo(4);
    assertThat(assignments.teams(shangcheng, province.id())).isEmpty();
    assertThat(jdbc.sql("select count(*) from capi_assignment where survey_id = ? and interviewer is not null"
        + " and county = ?").params(province.id(), TestAccounts.SHANGCHENG).query(Integer.class).single()).isZero();
  }
}
