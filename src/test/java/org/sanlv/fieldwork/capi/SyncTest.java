package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.capi.CapiFixtures.JSON;
import static org.sanlv.fieldwork.capi.CapiFixtures.batch;
import static org.sanlv.fieldwork.capi.CapiFixtures.interview;
import static org.sanlv.fieldwork.capi.CapiFixtures.visit;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The sync of the interviewer app through {@code POST /api/v1/capi/sync}, against the real database: each visit
 * stored or refused on its own, a repeated key stored once, and the written conflict rules.
 */
@IntegrationTest
class SyncTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired TestClock clock;
  @Autowired AssignmentService assignments;
  @Autowired AssignmentRepository holders;

  CapiFixtures f;
  Instant now;

  @BeforeEach
  void fixtures() {
    f = CapiFixtures.ensure(jdbc, org, users, surveys, instruments);
    // whole seconds: the database keeps microseconds, the test clock nanoseconds
    now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    clock.set(now);
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  private String at(Duration before) {
    return now.minus(before).toString();
  }

  private MockHttpServletResponse send(String username, String body) throws Exception {
    return mvc.perform(post("/api/v1/capi/sync")
        .with(user(username)).with(csrf()).contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON)
        .header("Accept-Language", "zh-CN").content(body)).andReturn().getResponse();
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> sync(String username, List<Map<String, Object>> visits) throws Exception {
    MockHttpServletResponse r = send(username, batch(now.toString(), visits));
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(200);
    return (List<Map<String, Object>>) JSON.readValue(r.getContentAsString(), Map.class).get("results");
  }

  private long responses(Object key) {
    return jdbc.sql("select count(*) from response where idempotency_key = ?::uuid").param(String.valueOf(key))
        .query(Long.class).single();
  }

  private long visits(Object key) {
    return jdbc.sql("select count(*) from capi_visit where idempotency_key = ?::uuid").param(String.valueOf(key))
        .query(Long.class).single();
  }

  private Map<String, Object> assignment(long id) {
    return jdbc.sql("select status, visits, final_outcome, next_visit_at, address from capi_assignment where id = ?")
        .param(id).query().singleRow();
  }

  @Test
  void storesAHouseholdInterviewWithItsFieldsAndParadataAndCompletesTheAssignment() throws Exception {
    long a = f.household(f.team, "t-interviewer");
    Map<String, Object> v = interview(a, at(Duration.ofMinutes(40)), at(Duration.ofMinutes(20)));
    v.put("offline", true);
    List<Map<String, Object>> results = sync("t-interviewer", List.of(v));

    assertThat(results).hasSize(1);
    assertThat(results.get(0)).containsEntry("status", "stored").containsEntry("key", v.get("key"));
    assertThat(results.get(0).get("responseId")).isNotNull();
    Map<String, Object> row = jdbc.sql("""
        select mode, status, interviewer, assignment_id, interviewer_team, adults, selection, review_status,
               instrument_id, county_code, stratum_code, device_hash, started_at, submitted_at, received_at,
               paradata::text as paradata, answers->>'county' as county
        from response where idempotency_key = ?::uuid""").param(v.get("key")).query().singleRow();
    assertThat(row).containsEntry("mode", "household").containsEntry("status", "complete")
        .containsEntry("interviewer", "t-interviewer").containsEntry("assignment_id", a)
        .containsEntry("interviewer_team", f.team).containsEntry("adults", 3)
        .containsEntry("selection", "next_birthday").containsEntry("review_status", "pending")
        .containsEntry("instrument_id", f.instrumentId).containsEntry("county_code", TestAccounts.SHANGYU)
        .containsEntry("stratum_code", TestAccounts.BAIGUAN).containsEntry("county", TestAccounts.SHANGYU);
    assertThat(row.get("device_hash")).isNotNull();
    assertThat(((java.sql.Timestamp) row.get("started_at")).toInstant()).isEqualTo(now.minus(Duration.ofMinutes(40)));
    assertThat(((java.sql.Timestamp) row.get("received_at")).toInstant()).isBetween(now, now.plusSeconds(30));
    @SuppressWarnings("unchecked")
    Map<String, Object> paradata = JSON.readValue((String) row.get("paradata"), Map.class);
    assertThat(paradata).containsKeys("durations", "startedAt", "endedAt", "gps", "device", "visit", "clockSkewSeconds",
        "assignmentVersion", "offline");
    assertThat(((Number) paradata.get("clockSkewSeconds")).intValue()).isBetween(-30, 0); // the test clock ticks
    assertThat(paradata).containsEntry("visit", 1).containsEntry("offline", true)
        .containsEntry("assignmentVersion", 1).containsEntry("device", row.get("device_hash"));
    assertThat(((Map<?, ?>) paradata.get("gps")).get("lat")).isEqualTo(30.03);
    assertThat(((Map<?, ?>) paradata.get("gps")).get("accuracy")).isEqualTo(12.5);
    assertThat(((Map<?, ?>) paradata.get("durations")).get("q1")).isEqualTo(12000);
    assertThat(assignment(a)).containsEntry("status", "completed").containsEntry("visits", 1)
        .containsEntry("address", "百官街道市民大道 1 号");
  }

  @Test
  void aRepeatedBatchStoresNothingNewAndAnswersRepeatWithTheSameResponse() throws Exception {
    long a = f.household(f.team, "t-interviewer");
    long b = f.household(f.team, "t-interviewer");
    List<Map<String, Object>> batch = List.of(interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1))),
        visit(b, "refused", at(Duration.ofMinutes(30))));
    List<Map<String, Object>> first = sync("t-interviewer", batch);
    List<Map<String, Object>> again = sync("t-interviewer", batch);
    List<Map<String, Object>> third = sync("t-interviewer", batch);

    assertThat(first).extracting(r -> r.get("status")).containsExactly("stored", "stored");
    assertThat(again).extracting(r -> r.get("status")).containsExactly("repeat", "repeat");
    assertThat(third).extracting(r -> r.get("status")).containsExactly("repeat", "repeat");
    assertThat(again.get(0).get("responseId")).isEqualTo(first.get(0).get("responseId"));
    assertThat(responses(batch.get(0).get("key"))).isEqualTo(1);
    assertThat(visits(batch.get(0).get("key"))).isEqualTo(1);
    assertThat(visits(batch.get(1).get("key"))).isEqualTo(1);
    assertThat(assignment(b)).containsEntry("visits", 1); // a repeat never counts a visit twice
  }

  @Test
  void aKeyTwiceInOneBatchIsStoredOnce() throws Exception {
    long a = f.household(f.team, "t-interviewer");
    Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
    List<Map<String, Object>> results = sync("t-interviewer", List.of(v, v));
    assertThat(results).extracting(r -> r.get("status")).containsExactly("stored", "repeat");
    assertThat(responses(v.get("key"))).isEqualTo(1);
  }

  @Test
  void onePoisonedVisitAmongHonestOnesCostsTheOthersNothing() throws Exception {
    long a1 = f.household(f.team, "t-interviewer");
    long a2 = f.household(f.team, "t-interviewer");
    long a3 = f.household(f.team, "t-interviewer");
    long a4 = f.household(f.team, "t-interviewer");
    long theirs = f.household(f.otherTeam, CapiFixtures.OTHER);
    Map<String, Object> honest1 = interview(a1, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
    Map<String, Object> badAnswers = interview(a2, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
    ((Map<String, Object>) badAnswers.get("interview")).put("answers", Map.of("age", "abc"));
    Map<String, Object> honest2 = visit(a3, "nobody_home", at(Duration.ofHours(1)));
    Map<String, Object> unknown = interview(999_999_999L, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
    Map<String, Object> nul = visit(a2, "refused", at(Duration.ofHours(1)));
    nul.put("note", "拒访\u0000");
    Map<String, Object> honest3 = interview(a4, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
    Map<String, Object> another = interview(theirs, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
    Map<String, Object> tooBig = visit(a2, "nobody_home", at(Duration.ofHours(1)));
    tooBig.put("lat", 1e308);
    tooBig.put("lon", 10);
    Map<String, Object> notAVisit = new java.util.LinkedHashMap<>(Map.of("key", "nonsense"));

    List<Map<String, Object>> visits = new ArrayList<>(List.of(honest1, badAnswers, honest2, unknown, nul, honest3,
        another, tooBig, notAVisit));
    List<Map<String, Object>> results = sync("t-interviewer", visits);

    assertThat(results).extracting(r -> r.get("status")).containsExactly("stored", "refused", "stored", "refused",
        "refused", "stored", "refused", "refused", "refused");
    for (Map<String, Object> r : results) {
      if ("refused".equals(r.get("status"))) {
        assertThat((String) r.get("problem")).as("a refusal says why, in Chinese").isNotBlank()
            .containsPattern("\\p{IsHan}");
      }
    }
    assertThat((String) results.get(3).get("problem")).contains("不存在");
    assertThat((String) results.get(6).get("problem")).contains("不属于");
    for (Map<String, Object> refused : List.of(badAnswers, unknown, nul, another, tooBig)) {
      assertThat(responses(refused.get("key"))).isZero();
      assertThat(visits(refused.get("key"))).isZero();
    }
    for (Map<String, Object> stored : List.of(honest1, honest2, honest3)) {
      assertThat(visits(stored.get("key"))).isEqualTo(1);
    }
    assertThat(assignment(a2)).containsEntry("visits", 0).containsEntry("status", "assigned");
    assertThat(assignment(theirs)).containsEntry("visits", 0);
  }

  @Nested
  class ConflictRules {

    @Test
    void anAssignmentReassignedWhileOfflineKeepsTheInterviewFlaggedAndCountedForWhoDidIt() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      // the supervisor hands it to a team mate while t-interviewer is offline
      jdbc.sql("update capi_assignment set interviewer = ?, assignment_version = 2 where id = ?")
          .params(CapiFixtures.MATE, a).update();
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      List<Map<String, Object>> results = sync("t-interviewer", List.of(v));

      assertThat(results.get(0)).containsEntry("status", "stored");
      assertThat(results.get(0).get("flags")).isEqualTo(List.of("capi_reassigned"));
      Map<String, Object> row = jdbc.sql("select interviewer, flags::text as flags from response where idempotency_key = ?::uuid")
          .param(v.get("key")).query().singleRow();
      assertThat(row).containsEntry("interviewer", "t-interviewer").containsEntry("flags", "{capi_reassigned}");
    }

    /** An open household of the fixture's survey, then given to t-interviewer by the supervisor (version 1). */
    private long assignedThroughTheService() {
      long a = f.household(f.team, "t-interviewer");
      jdbc.sql("update capi_assignment set interviewer = null, team_id = null, status = 'open', assignment_version = 0"
          + " where id = ?").param(a).update();
      assignments.assign(supervisor(), a, "t-interviewer", f.team);
      return a;
    }

    private Scope supervisor() {
      return users.scopeOf("t-county-admin").orElseThrow();
    }

    @Test
    void theFormerHolderKeepsAnInterviewDoneBeforeTheAssignmentMovedToAnotherTeamFlaggedAndCountedForHim()
        throws Exception {
      long a = assignedThroughTheService();
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      // while t-interviewer is offline, the supervisor moves the household to the other team
      assignments.assign(supervisor(), a, CapiFixtures.OTHER, f.otherTeam);
      assertThat(assignments.assignment(a).orElseThrow().assignmentVersion()).isEqualTo(2);

      List<Map<String, Object>> results = sync("t-interviewer", List.of(v));

      assertThat(results.get(0)).containsEntry("status", "stored");
      assertThat(results.get(0).get("flags")).isEqualTo(List.of("capi_reassigned"));
      Map<String, Object> row = jdbc.sql("""
          select interviewer, interviewer_team, flags::text as flags from response where idempotency_key = ?::uuid""")
          .param(v.get("key")).query().singleRow();
      assertThat(row).containsEntry("interviewer", "t-interviewer").containsEntry("interviewer_team", f.team)
          .containsEntry("flags", "{capi_reassigned}");
      assertThat(visits(v.get("key"))).isEqualTo(1);
      // the same batch again: stored once
      assertThat(sync("t-interviewer", List.of(v)).get(0)).containsEntry("status", "repeat");
      assertThat(responses(v.get("key"))).isEqualTo(1);
    }

    @Test
    void aFormerHolderSendingAVersionHeNeverHeldIsRefused() throws Exception {
      long a = assignedThroughTheService();
      assignments.assign(supervisor(), a, CapiFixtures.OTHER, f.otherTeam);
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      v.put("assignmentVersion", 2); // OTHER's version, never t-interviewer's
      Map<String, Object> w = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      w.remove("assignmentVersion");

      List<Map<String, Object>> results = sync("t-interviewer", List.of(v, w));

      assertThat(results).extracting(r -> r.get("status")).containsExactly("refused", "refused");
      assertThat((String) results.get(0).get("problem")).contains("不属于");
      assertThat(responses(v.get("key"))).isZero();
      assertThat(responses(w.get("key"))).isZero();
      assertThat(visits(v.get("key"))).isZero();
    }

    @Test
    void anotherTeamsInterviewerWhoNeverHeldItIsRefusedWhateverVersionHeSends() throws Exception {
      long a = assignedThroughTheService();
      List<Map<String, Object>> tries = new ArrayList<>();
      for (int version : new int[] {0, 1, 2}) {
        Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
        v.put("assignmentVersion", version);
        tries.add(v);
      }
      List<Map<String, Object>> results = sync(CapiFixtures.OTHER, tries);
      assertThat(results).extracting(r -> r.get("status")).containsOnly("refused");
      tries.forEach(v -> assertThat(responses(v.get("key"))).isZero());
    }

    @Test
    void anAssignmentTakenBackWhileOfflineKeepsTheHoldersInterviewFlagged() throws Exception {
      long a = assignedThroughTheService();
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      assignments.unassign(supervisor(), a);
      List<Map<String, Object>> results = sync("t-interviewer", List.of(v));
      assertThat(results.get(0)).containsEntry("status", "stored");
      assertThat(results.get(0).get("flags")).isEqualTo(List.of("capi_reassigned"));
    }

    @Test
    void everyChangeOfHolderIsInTheHistory() {
      long a = assignedThroughTheService();
      assignments.assign(supervisor(), a, CapiFixtures.MATE, f.team);
      assignments.assign(supervisor(), a, CapiFixtures.OTHER, f.otherTeam);
      assignments.unassign(supervisor(), a);
      String town = jdbc.sql("select town from capi_assignment where id = ?").param(a).query(String.class).single();
      String block = jdbc.sql("select block_id from capi_assignment where id = ?").param(a).query(String.class).single();
      int given = assignments.assignBulk(supervisor(), f.surveyId, new AssignmentService.Bulk(town, block),
          "t-interviewer", f.team);
      assertThat(given).isEqualTo(1);

      List<AssignmentRepository.Holder> history = holders.holders(a);
      assertThat(history).extracting(AssignmentRepository.Holder::assignmentVersion).containsExactly(1, 2, 3, 5);
      assertThat(history).extracting(AssignmentRepository.Holder::interviewer)
          .containsExactly("t-interviewer", CapiFixtures.MATE, CapiFixtures.OTHER, "t-interviewer");
      assertThat(history).extracting(AssignmentRepository.Holder::teamId)
          .containsExactly(f.team, f.team, f.otherTeam, f.team);
      assertThat(history.subList(0, 3)).allSatisfy(h -> assertThat(h.heldUntil()).isNotNull());
      assertThat(history.get(3).heldUntil()).isNull();
    }

    @Test
    void anInterviewerOfAnotherTeamCannotSubmitToTheAssignmentNorSeeIt() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      assertThat(sync(CapiFixtures.OTHER, List.of(v)).get(0)).containsEntry("status", "refused");
      assertThat(responses(v.get("key"))).isZero();
      String list = mvc.perform(get("/api/v1/capi/me/assignments").with(user(CapiFixtures.OTHER))
          .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getContentAsString();
      assertThat(list).doesNotContain("\"id\":" + a + ",");
      String mine = mvc.perform(get("/api/v1/capi/me/assignments").with(user("t-interviewer"))
          .accept(MediaType.APPLICATION_JSON)).andReturn().getResponse().getContentAsString();
      assertThat(mine).contains("\"id\":" + a + ",").contains("百官一村");
    }

    @Test
    void aTeamMateMaySyncForTheTeamsAssignment() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      assertThat(sync(CapiFixtures.MATE, List.of(v)).get(0)).containsEntry("status", "stored");
    }

    @Test
    void aQuestionnaireChangedWhileOfflineKeepsTheInterviewUnderTheVersionItWasTakenWith() throws Exception {
      // an earlier version of the survey's form, as if the province had published a new one meanwhile
      long old = jdbc.sql("""
          insert into instrument (form_id, version, province_code, year, title_zh, title_en, question_count, xlsform,
                                  built_in, uploaded_by)
          select form_id, 'sync-test-' || extract(epoch from clock_timestamp())::text, province_code, year, title_zh,
                 title_en, question_count, xlsform, false, 'capi-test'
          from instrument where id = ? returning id""").param(f.instrumentId).query(Long.class).single();
      long a = f.household(f.team, "t-interviewer");
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      ((Map<String, Object>) v.get("interview")).put("instrumentId", old);
      assertThat(sync("t-interviewer", List.of(v)).get(0)).containsEntry("status", "stored");
      assertThat(jdbc.sql("select instrument_id from response where idempotency_key = ?::uuid").param(v.get("key"))
          .query(Long.class).single()).isEqualTo(old);

      long henan = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("henan-liangan-2020"))
          .findFirst().orElseThrow().id();
      long b = f.household(f.team, "t-interviewer");
      Map<String, Object> w = interview(b, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      ((Map<String, Object>) w.get("interview")).put("instrumentId", henan);
      Map<String, Object> refused = sync("t-interviewer", List.of(w)).get(0);
      assertThat(refused).containsEntry("status", "refused");
      assertThat((String) refused.get("problem")).contains("不属于本调查");
    }

    @Test
    void aDeletedOrUnknownAssignmentIsRefusedWithAClearProblemAndNothingStored() throws Exception {
      Map<String, Object> v = interview(Long.MAX_VALUE / 2, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      Map<String, Object> r = sync("t-interviewer", List.of(v)).get(0);
      assertThat(r).containsEntry("status", "refused").containsEntry("key", v.get("key"));
      assertThat((String) r.get("problem")).contains("不存在或已被删除").contains("保留在本机");
      assertThat(responses(v.get("key"))).isZero();
    }

    @Test
    void aDeviceClockDaysOffIsStoredWithTheDeviceTimesFlaggedAndReceivedAtTheServersTime() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      Instant device = now.plus(Duration.ofDays(3));
      Map<String, Object> v = interview(a, device.minus(Duration.ofMinutes(30)).toString(), device.toString());
      MockHttpServletResponse response = send("t-interviewer", batch(device.toString(), List.of(v)));
      assertThat(response.getContentAsString()).contains("\"stored\"").contains("capi_clock_skew");
      Map<String, Object> row = jdbc.sql("""
          select submitted_at, received_at, flags::text as flags, (paradata->>'clockSkewSeconds')::bigint as skew
          from response where idempotency_key = ?::uuid""").param(v.get("key")).query().singleRow();
      assertThat(((java.sql.Timestamp) row.get("submitted_at")).toInstant()).isEqualTo(device);
      assertThat(((java.sql.Timestamp) row.get("received_at")).toInstant()).isBetween(now, now.plusSeconds(30));
      assertThat(row).containsEntry("flags", "{capi_clock_skew}").containsEntry("skew", 3 * 86_400L);
    }

    @Test
    void aClockWithinTheThresholdIsNotFlagged() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      Map<String, Object> v = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      MockHttpServletResponse response = send("t-interviewer",
          batch(now.plus(SyncService.CLOCK_SKEW_FLAG).minusSeconds(1).toString(), List.of(v)));
      assertThat(response.getContentAsString()).contains("\"stored\"").doesNotContain("capi_clock_skew");
    }

    @Test
    void aCorrectedInterviewSyncedUnderANewKeyIsANewResponseAndTheFirstStaysAsItWas() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      Map<String, Object> first = interview(a, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
      ((Map<String, Object>) first.get("interview")).put("adults", 0); // refused: adults must be 1 or more
      assertThat(sync("t-interviewer", List.of(first)).get(0)).containsEntry("status", "refused");
      Map<String, Object> corrected = interview(a, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
      assertThat(corrected.get("key")).isNotEqualTo(first.get("key"));
      assertThat(sync("t-interviewer", List.of(corrected)).get(0)).containsEntry("status", "stored");
      assertThat(responses(first.get("key"))).isZero();
      assertThat(responses(corrected.get("key"))).isEqualTo(1);
    }
  }

  @Nested
  class NonInterviews {

    @Test
    void nobodyHomeCountsAVisitPlansTheNextAndClosesAfterTheLastAllowed() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      Map<String, Object> v1 = visit(a, "nobody_home", at(Duration.ofDays(2)));
      v1.put("nextVisitAt", now.plus(Duration.ofDays(1)).toString());
      v1.put("address", "百官街道江扬路 8 号");
      sync("t-interviewer", List.of(v1));
      assertThat(assignment(a)).containsEntry("status", "visited").containsEntry("visits", 1)
          .containsEntry("address", "百官街道江扬路 8 号");
      assertThat(((java.sql.Timestamp) assignment(a).get("next_visit_at")).toInstant()).isEqualTo(now.plus(Duration.ofDays(1)));

      Map<String, Object> v2 = visit(a, "appointment", at(Duration.ofDays(1)));
      v2.put("address", "别的地址");
      sync("t-interviewer", List.of(v2, visit(a, "nobody_home", at(Duration.ofHours(1)))));
      assertThat(assignment(a)).containsEntry("status", "non_response").containsEntry("visits", 3)
          .containsEntry("final_outcome", "nobody_home").containsEntry("address", "百官街道江扬路 8 号");
    }

    @Test
    void aVacantHouseholdIsClosedAtOnce() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      sync("t-interviewer", List.of(visit(a, "vacant", at(Duration.ofHours(1)))));
      assertThat(assignment(a)).containsEntry("status", "non_response").containsEntry("final_outcome", "vacant");
    }

    @Test
    void anInterceptCellIsCompletedAtItsTarget() throws Exception {
      long a = f.intercept(f.team, "t-interviewer", 2);
      Map<String, Object> i1 = interview(a, at(Duration.ofHours(3)), at(Duration.ofHours(2)));
      Map<String, Object> iv = (Map<String, Object>) i1.get("interview");
      iv.put("adults", null);
      iv.put("selection", null);
      sync("t-interviewer", List.of(i1));
      assertThat(assignment(a)).containsEntry("status", "visited");
      Map<String, Object> i2 = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      ((Map<String, Object>) i2.get("interview")).put("selection", null);
      ((Map<String, Object>) i2.get("interview")).put("adults", null);
      sync("t-interviewer", List.of(i2));
      assertThat(assignment(a)).containsEntry("status", "completed");
      assertThat(jdbc.sql("select count(*) from response where assignment_id = ? and mode = 'intercept'").param(a)
          .query(Long.class).single()).isEqualTo(2);
    }
  }

  @Nested
  class AtAStreetSite {

    @Test
    void anApproachEndsInARefusalIneligibleOrALanguageBarrierNeverNobodyHomeVacantOrAnAppointment() throws Exception {
      long a = f.intercept(f.team, "t-interviewer", 3);
      List<Map<String, Object>> results = sync("t-interviewer", List.of(
          visit(a, "refused", at(Duration.ofHours(4))), visit(a, "nobody_home", at(Duration.ofHours(3))),
          visit(a, "vacant", at(Duration.ofHours(2))), visit(a, "language", at(Duration.ofHours(1)))));
      assertThat(results).extracting(r -> r.get("status")).containsExactly("stored", "refused", "refused", "stored");
      assertThat(results.get(1).get("problem")).asString().contains("街头拦截只能记录");
      // refusals at a site never close the cell: its target is reached by interviews only
      assertThat(assignment(a)).containsEntry("status", "visited").containsEntry("final_outcome", null);
    }
  }

  @Nested
  class BadInput {

    @Test
    void bodiesThatAreNoBatchAre400InChineseAndNever5xx() throws Exception {
      for (String body : List.of("{}", "[]", "\"x\"", "{\"deviceId\": \"d\"}", "{\"deviceId\": 7, \"visits\": []}",
          "{\"deviceId\": \"d\", \"visits\": {}}", "{not json", "{\"deviceId\": \"d\u0000\", \"visits\": []}")) {
        MockHttpServletResponse r = send("t-interviewer", body);
        assertThat(r.getStatus()).as(body).isEqualTo(400);
      }
      List<Map<String, Object>> many = new ArrayList<>();
      for (int i = 0; i <= SyncService.MOST_VISITS; i++) {
        many.add(visit(1, "refused", now.toString()));
      }
      MockHttpServletResponse r = send("t-interviewer", batch(now.toString(), many));
      assertThat(r.getStatus()).isEqualTo(400);
      assertThat(r.getContentAsString()).contains("200");
    }

    @Test
    void roleWithoutTheInterviewPermissionIsRefused() throws Exception {
      assertThat(send("t-supervisor", batch(now.toString(), List.of())).getStatus()).isEqualTo(403);
      assertThat(send("t-town-officer", batch(now.toString(), List.of())).getStatus()).isEqualTo(403);
    }

    @Test
    void badFieldsOfOneVisitRefuseThatVisitOnly() throws Exception {
      long a = f.household(f.team, "t-interviewer");
      List<Map<String, Object>> bad = new ArrayList<>();
      for (Map.Entry<String, Object> e : List.<Map.Entry<String, Object>>of(Map.entry("outcome", "sleeping"),
          Map.entry("visitedAt", "yesterday"), Map.entry("visitedAt", "1970-01-01T00:00:00Z"),
          Map.entry("assignmentId", "seven"), Map.entry("assignmentVersion", 1.5), Map.entry("lat", "north"),
          Map.entry("note", "x".repeat(2001)), Map.entry("key", UUID.randomUUID() + "x"))) {
        Map<String, Object> v = visit(a, "nobody_home", at(Duration.ofHours(1)));
        v.put(e.getKey(), e.getValue());
        bad.add(v);
      }
      Map<String, Object> interviewWithoutAnswers = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      ((Map<String, Object>) interviewWithoutAnswers.get("interview")).remove("answers");
      bad.add(interviewWithoutAnswers);
      Map<String, Object> backwards = interview(a, at(Duration.ofHours(1)), at(Duration.ofHours(2)));
      bad.add(backwards);
      Map<String, Object> outcomeWithAnswers = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      outcomeWithAnswers.put("outcome", "refused");
      bad.add(outcomeWithAnswers);
      Map<String, Object> wrongSelection = interview(a, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      ((Map<String, Object>) wrongSelection.get("interview")).put("selection", "only_adult");
      bad.add(wrongSelection);
      Map<String, Object> good = visit(a, "nobody_home", at(Duration.ofHours(1)));
      bad.add(good);
      List<Map<String, Object>> results = sync("t-interviewer", bad);
      assertThat(results).hasSize(bad.size());
      assertThat(results.subList(0, bad.size() - 1)).allSatisfy(r -> assertThat(r).containsEntry("status", "refused"));
      assertThat(results.get(bad.size() - 1)).containsEntry("status", "stored");
      assertThat(assignment(a)).containsEntry("visits", 1);
    }

    @Test
    void refusalsAreInEnglishForAnEnglishDevice() throws Exception {
      Map<String, Object> v = interview(Long.MAX_VALUE / 3, at(Duration.ofHours(2)), at(Duration.ofHours(1)));
      String body = mvc.perform(post("/api/v1/capi/sync")
          .with(user("t-interviewer")).with(csrf()).contentType(MediaType.APPLICATION_JSON)
          .cookie(new jakarta.servlet.http.Cookie("sanlv-lang", "en")).content(batch(now.toString(), List.of(v))))
          .andReturn().getResponse().getContentAsString();
      assertThat(body).contains("does not exist or was deleted");
    }
  }
}
