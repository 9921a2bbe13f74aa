package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.ReviewFixtures;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.PublicEndpoint;
import org.sanlv.org.ScopeTarget;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what, written down: {@link #EXPECTED} holds, for every page and API endpoint the application maps,
 * the roles that may call it. The test reads the application's own handler mappings, so a new endpoint fails here
 * until somebody decides who may call it; and it checks the table against the running application, not against
 * the permission table in {@code Role}, so a wrong permission or a handler without {@code @Requires} shows up.
 *
 * <p>For every endpoint and every role it tries: the caller's own subtree (refused exactly when the table says
 * so), something outside it in every path variable, request parameter and JSON field that names a node, user,
 * survey or questionnaire (always refused, nothing outside changes), and it fails on any 5xx of any method.
 */
@IntegrationTest
class ScopeMatrixTest {

  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");

  /** Role columns: 省管 province admin, 析 province analyst, 督 supervisor, 访 interviewer, 县 county admin, 镇 town officer, 单 unit reporter. */
  private static final Map<String, String> ROLE_BY_ABBREVIATION = Map.of(
      "PA", "t-province-admin", "AN", "t-province-analyst", "SU", "t-supervisor", "IN", "t-interviewer",
      "CA", "t-county-admin", "TO", "t-town-officer", "UR", "t-unit-reporter");

  private static final String ALL = "PA AN SU IN CA TO UR";
  private static final String ORG_WRITERS = "PA CA";
  private static final String ACCOUNT_MANAGERS = "PA CA";
  private static final String SURVEY_MANAGERS = "PA AN CA";
  private static final String FORM_MANAGERS = "PA AN";
  /** Household and intercept fieldwork: teams, assignments, progress (Permission.FIELDWORK_SUPERVISE). */
  private static final String FIELDWORK_SUPERVISORS = "PA SU CA";
  /** Raw rows (responses with free text, drawn households and numbers): never interviewers or town officers. */
  private static final String RAW_DATA = "PA AN CA";
  /** FIELDWORK_INTERVIEW: the interviewer app and its sync. */
  private static final String INTERVIEWERS = "PA IN";
  /** FIELDWORK_RATES: the phone survey's response rates (aggregates naming interviewers), not interviewers. */
  private static final String CATI_RATES = "PA AN SU CA";
  /** PUBLISH: freezing a survey's ranking (晾晒) as a publication. */
  private static final String PUBLISHERS = "PA CA";
  /** CAMPAIGN_MANAGE: create campaigns, assign tasks, set quota thresholds, return and accept reports (issue 22). */
  private static final String CAMPAIGN_MANAGERS = "PA CA";
  /** CAMPAIGN_WORK: one's own campaign tasks, checklist, evidence, quota figures, reports (a unit reporter: its unit's). */
  private static final String CAMPAIGN_WORKERS = "PA CA TO UR";
  /** LEDGER_READ: the problem ledger's lists, problems, statistics, photos and exports (issue 23). */
  private static final String LEDGER_READERS = "PA AN CA TO UR";
  /** LEDGER_WORK: record, assign, work, resolve, close and reopen problems. */
  private static final String LEDGER_WORKERS = "PA CA TO UR";

  /** Endpoint → roles that may call it inside their scope. "public" = no sign-in (residents' pages). */
  static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    // shell
    EXPECTED.put("GET /", ALL);
    EXPECTED.put("GET /login", "public");
    // the sign-in page again with 429 when the slow-down refuses an attempt (forwarded to, never linked)
    EXPECTED.put("GET /login/throttled", "public");
    EXPECTED.put("POST /login/throttled", "public");
    // areas, units (pages and API)
    EXPECTED.put("GET /areas", ALL);
    EXPECTED.put("GET /areas/{code}", ALL);
    EXPECTED.put("GET /areas/{code}/children", ALL);
    EXPECTED.put("GET /areas/import", ORG_WRITERS);
    EXPECTED.put("POST /areas/import", ORG_WRITERS);
    EXPECTED.put("POST /areas/{code}/figures", ORG_WRITERS);
    EXPECTED.put("POST /areas/{code}/units", ORG_WRITERS);
    EXPECTED.put("GET /api/v1/areas", ALL);
    EXPECTED.put("GET /api/v1/areas/search", ALL);
    EXPECTED.put("GET /api/v1/areas/{code}", ALL);
    EXPECTED.put("GET /api/v1/areas/{code}/children", ALL);
    EXPECTED.put("GET /api/v1/areas/{code}/phone-blocks", ALL);
    EXPECTED.put("PUT /api/v1/areas/{code}/figures", ORG_WRITERS);
    EXPECTED.put("POST /api/v1/areas/import", ORG_WRITERS);
    EXPECTED.put("GET /api/v1/units/{code}", ALL);
    EXPECTED.put("POST /api/v1/units", ORG_WRITERS);
    // accounts
    EXPECTED.put("GET /users", ACCOUNT_MANAGERS);
    EXPECTED.put("GET /users/new", ACCOUNT_MANAGERS);
    EXPECTED.put("POST /users", ACCOUNT_MANAGERS);
    EXPECTED.put("GET /users/{username}", ACCOUNT_MANAGERS);
    EXPECTED.put("POST /users/{username}/password-reset", ACCOUNT_MANAGERS);
    EXPECTED.put("POST /users/{username}/enabled", ACCOUNT_MANAGERS);
    EXPECTED.put("GET /account/password", ALL);
    EXPECTED.put("POST /account/password", ALL);
    EXPECTED.put("GET /api/v1/users", ACCOUNT_MANAGERS);
    EXPECTED.put("GET /api/v1/users/{username}", ACCOUNT_MANAGERS);
    EXPECTED.put("POST /api/v1/users", ACCOUNT_MANAGERS);
    EXPECTED.put("POST /api/v1/users/{username}/password-reset", ACCOUNT_MANAGERS);
    EXPECTED.put("POST /api/v1/users/{username}/enabled", ACCOUNT_MANAGERS);
    EXPECTED.put("GET /api/v1/account", ALL);
    EXPECTED.put("POST /api/v1/account/password", ALL);
    // questionnaires
    EXPECTED.put("GET /instruments", ALL);
    EXPECTED.put("POST /instruments", FORM_MANAGERS);
    EXPECTED.put("GET /instruments/{instrumentId}/xlsform", ALL);
    EXPECTED.put("GET /instruments/{instrumentId}/preview", ALL);
    EXPECTED.put("GET /instruments/{instrumentId}/preview/step", ALL);
    // CAPI: the questionnaire for the offline interview engine, to interviewers and their supervisors
    EXPECTED.put("GET /api/v1/capi/instruments/{instrumentId}", "PA SU IN CA");
    EXPECTED.put("GET /capi/preview/{instrumentId}", "PA SU IN CA");
    // surveys
    EXPECTED.put("GET /surveys", ALL);
    EXPECTED.put("GET /surveys/new", SURVEY_MANAGERS);
    EXPECTED.put("POST /surveys", SURVEY_MANAGERS);
    EXPECTED.put("GET /surveys/{surveyId}", ALL);
    EXPECTED.put("POST /surveys/{surveyId}/status", SURVEY_MANAGERS);
    EXPECTED.put("GET /api/v1/surveys", ALL);
    EXPECTED.put("GET /api/v1/surveys/{surveyId}", ALL);
    EXPECTED.put("POST /api/v1/surveys", SURVEY_MANAGERS);
    EXPECTED.put("PUT /api/v1/surveys/{surveyId}/modes", SURVEY_MANAGERS);
    EXPECTED.put("POST /api/v1/surveys/{surveyId}/status", SURVEY_MANAGERS);
    // indicators, samples, online fieldwork
    EXPECTED.put("GET /surveys/{surveyId}/indicators", ALL);
    EXPECTED.put("POST /surveys/{surveyId}/indicators", SURVEY_MANAGERS);
    EXPECTED.put("POST /surveys/{surveyId}/indicators/new", SURVEY_MANAGERS);
    EXPECTED.put("GET /surveys/{surveyId}/sample", ALL);
    EXPECTED.put("POST /surveys/{surveyId}/frames", SURVEY_MANAGERS);
    EXPECTED.put("POST /surveys/{surveyId}/draws", SURVEY_MANAGERS);
    EXPECTED.put("GET /surveys/{surveyId}/sample/export", RAW_DATA);
    EXPECTED.put("GET /surveys/{surveyId}/online", ALL);
    EXPECTED.put("GET /surveys/{surveyId}/online/qr.png", ALL);
    EXPECTED.put("GET /surveys/{surveyId}/monitor", ALL);
    EXPECTED.put("POST /surveys/{surveyId}/integrity", SURVEY_MANAGERS);
    // results and exports: aggregates to everyone in scope (own counties only), raw rows to the raw-data right
    EXPECTED.put("GET /surveys/{surveyId}/results", ALL);
    // home: a survey's results at a glance, loaded by the home page after it is shown
    EXPECTED.put("GET /home/surveys/{surveyId}/glance", ALL);
    // scoring pages (issue 21): scores, comparisons and the home dashboard to everyone in scope (own counties only,
    // ranks among all); the rules read by all, written by the province admin (Permission.SCORING_RULES)
    EXPECTED.put("GET /home/dashboard", ALL);
    EXPECTED.put("GET /surveys/{surveyId}/scores", ALL);
    EXPECTED.put("GET /surveys/{surveyId}/compare", ALL);
    EXPECTED.put("GET /scoring/rules", ALL);
    EXPECTED.put("POST /scoring/rules", "PA");
    EXPECTED.put("GET /surveys/{surveyId}/results/export", ALL);
    EXPECTED.put("GET /surveys/{surveyId}/responses/export", RAW_DATA);
    // CAPI interviewer app (入户/拦截访问): the app shell, my assignments, the sync of what the device recorded
    EXPECTED.put("GET /capi", INTERVIEWERS);
    EXPECTED.put("GET /capi/", INTERVIEWERS);
    EXPECTED.put("GET /api/v1/capi/me/assignments", INTERVIEWERS);
    EXPECTED.put("POST /api/v1/capi/sync", INTERVIEWERS);
    // household and intercept fieldwork (CAPI), the supervisor's side: teams, assignments, visits, progress
    EXPECTED.put("GET /surveys/{surveyId}/capi/teams", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /capi/teams", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /capi/teams/{teamId}", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /capi/teams/{teamId}/members", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /capi/teams/{teamId}/members/{username}/remove", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /surveys/{surveyId}/capi/assignments", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /capi/assignments", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /capi/assignments/bulk", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /capi/assignments/{assignmentId}", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /capi/assignments/{assignmentId}/assign", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /surveys/{surveyId}/capi/progress", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/capi/teams", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/capi/teams", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/capi/teams/{teamId}", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/capi/teams/{teamId}/members", FIELDWORK_SUPERVISORS);
    EXPECTED.put("DELETE /api/v1/capi/teams/{teamId}/members/{username}", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/capi/assignments", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/capi/assignments", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/capi/assignments/bulk", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/capi/assignments/{assignmentId}", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/capi/assignments/{assignmentId}/assign", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/capi/assignments/{assignmentId}/unassign", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/capi/assignments/{assignmentId}/visits", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/capi/progress", FIELDWORK_SUPERVISORS);
    // fieldwork (CAPI): the supervisors' review of interviews, and the interviewer's returned work
    EXPECTED.put("GET /capi/reviews", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /capi/reviews/{responseId}", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /capi/reviews/{responseId}", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /capi/returned", "PA IN");
    EXPECTED.put("GET /api/v1/capi/returned", "PA IN");
    // phone fieldwork's AAPOR rates (Permission.FIELDWORK_RATES): analysts and supervisors, never interviewers
    EXPECTED.put("GET /api/v1/cati/surveys/{surveyId}/rates", CATI_RATES);
    EXPECTED.put("GET /surveys/{surveyId}/cati/rates", CATI_RATES);
    EXPECTED.put("GET /surveys/{surveyId}/cati/rates.csv", CATI_RATES);
    EXPECTED.put("GET /surveys/{surveyId}/cati/rates.xlsx", CATI_RATES);
    // CATI, the interviewer's side: the phone survey picker, the call screen, a complete phone interview
    EXPECTED.put("GET /cati/", INTERVIEWERS);
    EXPECTED.put("GET /cati/surveys/{surveyId}", INTERVIEWERS);
    EXPECTED.put("POST /api/v1/cati/cases/{caseId}/interview", INTERVIEWERS);
    // phone fieldwork (CATI), the supervisor's side: live view, release of replicates, do-not-call list
    EXPECTED.put("GET /surveys/{surveyId}/cati", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /surveys/{surveyId}/cati/release", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /surveys/{surveyId}/cati/dnc", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/cati/surveys/{surveyId}/supervision", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/cati/surveys/{surveyId}/release", FIELDWORK_SUPERVISORS);
    EXPECTED.put("GET /api/v1/cati/surveys/{surveyId}/dnc", FIELDWORK_SUPERVISORS);
    EXPECTED.put("POST /api/v1/cati/surveys/{surveyId}/dnc", FIELDWORK_SUPERVISORS);
    // phone fieldwork (CATI): the call queue
    EXPECTED.put("POST /api/v1/cati/surveys/{surveyId}/next", INTERVIEWERS);
    EXPECTED.put("POST /api/v1/cati/cases/{caseId}/outcome", INTERVIEWERS);
    EXPECTED.put("POST /api/v1/cati/surveys/{surveyId}/state", INTERVIEWERS);
    EXPECTED.put("GET /api/v1/cati/surveys/{surveyId}/strata", "PA SU IN CA");
    EXPECTED.put("GET /api/v1/cati/codes", "PA SU IN CA");
    // publications (晾晒): published rankings are read by everyone who may see the survey; publishing is the
    // province admin's (official surveys) and a county admin's (its county's mock surveys): Permission.PUBLISH
    EXPECTED.put("GET /publications", ALL);
    EXPECTED.put("POST /publications", PUBLISHERS);
    EXPECTED.put("GET /publications/{publicationId}", ALL);
    EXPECTED.put("GET /publications/{publicationId}/print", ALL);
    EXPECTED.put("GET /publications/{publicationId}.pdf", ALL);
    EXPECTED.put("GET /publications/{publicationId}.xlsx", ALL);
    EXPECTED.put("POST /api/v1/surveys/{surveyId}/publications", PUBLISHERS);
    EXPECTED.put("GET /api/v1/publications", ALL);
    EXPECTED.put("GET /api/v1/publications/{publicationId}", ALL);
    // scoring (issue 21): scores are aggregates, seen by everyone who sees results, filtered to their subtree;
    // the rules are read by all (a county needs to know them) and written by the province admin only
    EXPECTED.put("GET /api/v1/surveys/{surveyId}/scores", ALL);
    EXPECTED.put("GET /api/v1/surveys/{surveyId}/scores/what-if", ALL);
    EXPECTED.put("GET /api/v1/scoring/rules", ALL);
    EXPECTED.put("POST /api/v1/scoring/rules", "PA");
    // campaigns, tasks and the publicity checklist (issue 22)
    EXPECTED.put("GET /campaigns", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /campaigns", CAMPAIGN_MANAGERS);
    EXPECTED.put("GET /campaigns/{campaignId}", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/{campaignId}/my", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/{campaignId}/tasks.csv", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/{campaignId}/tasks.xlsx", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/items/{itemId}", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /campaigns/items/{itemId}/status", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /campaigns/items/{itemId}/evidence", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /campaigns/items/{itemId}/comments", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /api/v1/campaigns", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /api/v1/campaigns", CAMPAIGN_MANAGERS);
    EXPECTED.put("GET /api/v1/campaign-templates", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /api/v1/campaigns/{campaignId}", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /api/v1/campaigns/{campaignId}/items", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /api/v1/campaigns/{campaignId}/tasks", CAMPAIGN_MANAGERS);
    EXPECTED.put("GET /api/v1/campaign-items/{itemId}", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /api/v1/campaign-items/{itemId}/status", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /api/v1/campaign-items/{itemId}/evidence", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /api/v1/campaign-items/{itemId}/comments", CAMPAIGN_WORKERS);
    // campaign: monthly activity reports (seed 1, appendix 7), filed by the units, reviewed by the county
    EXPECTED.put("GET /campaigns/{campaignId}/reports", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/{campaignId}/reports.xlsx", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/{campaignId}/reports/{unit}/{month}", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /activity-reports", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /activity-reports/{reportId}/return", CAMPAIGN_MANAGERS);
    EXPECTED.put("POST /activity-reports/{reportId}/accept", CAMPAIGN_MANAGERS);
    EXPECTED.put("GET /api/v1/campaigns/{campaignId}/reports", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /api/v1/campaigns/{campaignId}/reports/{unit}/{month}", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /api/v1/activity-reports", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /api/v1/activity-reports/{reportId}/return", CAMPAIGN_MANAGERS);
    EXPECTED.put("POST /api/v1/activity-reports/{reportId}/accept", CAMPAIGN_MANAGERS);
    EXPECTED.put("GET /api/v1/campaigns/{campaignId}/report-due-dates", CAMPAIGN_WORKERS);
    EXPECTED.put("PUT /api/v1/campaigns/{campaignId}/report-due-dates", CAMPAIGN_MANAGERS);
    // campaign quotas (issue 22): the board, filtered to the caller's towns; thresholds by the campaign's managers
    EXPECTED.put("GET /campaigns/{campaignId}/quotas", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/{campaignId}/quotas.csv", CAMPAIGN_WORKERS);
    EXPECTED.put("GET /campaigns/{campaignId}/quotas.xlsx", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /campaigns/quotas/report", CAMPAIGN_WORKERS);
    EXPECTED.put("POST /campaigns/{campaignId}/quotas/rules", CAMPAIGN_MANAGERS);
    EXPECTED.put("GET /api/v1/campaigns/{campaignId}/quotas", CAMPAIGN_WORKERS);
    EXPECTED.put("PUT /api/v1/campaigns/{campaignId}/quotas", CAMPAIGN_MANAGERS);
    EXPECTED.put("POST /api/v1/campaigns/quotas/reports", CAMPAIGN_WORKERS);
    // campaign files (issue 22): photos, videos, PDFs of the campaign work (Permission.CAMPAIGN_WORK)
    EXPECTED.put("GET /campaign/files", "PA CA TO UR");
    EXPECTED.put("GET /campaign/files/{fileId}", "PA CA TO UR");
    EXPECTED.put("GET /campaign/files/{fileId}/thumbnail", "PA CA TO UR");
    EXPECTED.put("POST /api/v1/campaign/files", "PA CA TO UR");
    EXPECTED.put("GET /api/v1/campaign/files/{fileId}", "PA CA TO UR");
    // the problem ledger (台账, issue 23): read by the analysts too (personal data masked), worked by the handlers;
    // categories changed by the province admin only (ORG_WRITE with the province in scope)
    EXPECTED.put("GET /api/v1/ledger/categories", LEDGER_READERS);
    EXPECTED.put("POST /api/v1/ledger/categories", "PA");
    EXPECTED.put("GET /api/v1/ledger/problems", LEDGER_READERS);
    EXPECTED.put("POST /api/v1/ledger/problems", LEDGER_WORKERS);
    EXPECTED.put("GET /api/v1/ledger/problems/{problemId}", LEDGER_READERS);
    EXPECTED.put("GET /api/v1/ledger/problems/{problemId}/assignees", LEDGER_WORKERS);
    EXPECTED.put("POST /api/v1/ledger/problems/{problemId}/assign", LEDGER_WORKERS);
    EXPECTED.put("POST /api/v1/ledger/problems/{problemId}/start", LEDGER_WORKERS);
    EXPECTED.put("POST /api/v1/ledger/problems/{problemId}/resolve", LEDGER_WORKERS);
    EXPECTED.put("POST /api/v1/ledger/problems/{problemId}/close", LEDGER_WORKERS);
    EXPECTED.put("POST /api/v1/ledger/problems/{problemId}/reopen", LEDGER_WORKERS);
    EXPECTED.put("GET /api/v1/ledger/statistics", LEDGER_READERS);
    EXPECTED.put("GET /ledger/problems/{problemId}/photos/{photoId}", LEDGER_READERS);
    EXPECTED.put("GET /ledger/problems/{problemId}/photos/{photoId}/thumbnail", LEDGER_READERS);
    EXPECTED.put("GET /ledger/problems.csv", LEDGER_READERS);
    EXPECTED.put("GET /ledger/problems.xlsx", LEDGER_READERS);
    // the ledger's pages (ledger-pages): the lists, the statistics and a problem read; the forms work
    EXPECTED.put("GET /ledger", LEDGER_READERS);
    EXPECTED.put("GET /ledger/statistics", LEDGER_READERS);
    EXPECTED.put("GET /ledger/new", LEDGER_WORKERS);
    EXPECTED.put("POST /ledger/problems", LEDGER_WORKERS);
    EXPECTED.put("GET /ledger/problems/{problemId}", LEDGER_READERS);
    EXPECTED.put("POST /ledger/problems/{problemId}/assign", LEDGER_WORKERS);
    EXPECTED.put("POST /ledger/problems/{problemId}/start", LEDGER_WORKERS);
    EXPECTED.put("POST /ledger/problems/{problemId}/resolve", LEDGER_WORKERS);
    EXPECTED.put("POST /ledger/problems/{problemId}/close", LEDGER_WORKERS);
    EXPECTED.put("POST /ledger/problems/{problemId}/reopen", LEDGER_WORKERS);
    // the anti-fraud quiz (issue 23): the province's editor (Permission.QUIZ_CONTENT), and the QR codes of the
    // quiz's links of the counties and towns in the caller's subtree (ORG_READ)
    EXPECTED.put("GET /quiz/editor", "PA");
    EXPECTED.put("GET /quiz/editor/content.yaml", "PA");
    EXPECTED.put("POST /quiz/editor/questions", "PA");
    EXPECTED.put("POST /quiz/editor/questions/remove", "PA");
    EXPECTED.put("POST /quiz/editor/questions/move", "PA");
    EXPECTED.put("POST /quiz/editor/texts", "PA");
    EXPECTED.put("POST /quiz/editor/upload", "PA");
    EXPECTED.put("GET /quiz/qr", ALL);
    // residents' online survey
    EXPECTED.put("GET /s/{slug}", "public");
    EXPECTED.put("GET /s/{slug}/step", "public");
    EXPECTED.put("POST /s/{slug}/responses", "public");
    EXPECTED.put("POST /s/{slug}/sms", "public");
    // the public anti-fraud quiz (issue 23): no sign-in, counted per device
    EXPECTED.put("GET /quiz", "public");
    EXPECTED.put("POST /api/v1/quiz/answers", "public");
    EXPECTED.put("POST /api/v1/quiz/completions", "public");
  }

  @Autowired MockMvc mvc;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;
  @Autowired List<ScopeTarget> targets;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired InstrumentService instruments;
  @Autowired SurveyService surveys;
  @Autowired JdbcClient jdbc;

  record Endpoint(HttpMethod method, String pattern, HandlerMethod handler, String consumes) {
    boolean isPublic() {
      return handler.hasMethodAnnotation(PublicEndpoint.class)
          || handler.getBeanType().isAnnotationPresent(PublicEndpoint.class);
    }

    String key() {
      return method + " " + pattern;
    }

    boolean isWrite() {
      return method != HttpMethod.GET && method != HttpMethod.HEAD;
    }

    @Override
    public String toString() {
      return key();
    }
  }

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    capiFixtures();
    catiFixtures();
    publicationFixtures();
    campaignFixtures();
    activityReportFixtures();
    campaignFileFixtures();
    ledgerFixtures();
  }

  /**
   * A problem of 百官街道 assigned to the test unit's reporter (so every test account reaches it: by its area, or the
   * unit reporter by its owner node) with the test unit's photo, and a new problem of 河南 中原区 with 中原区's photo,
   * outside all of them. Written with SQL.
   */
  private void ledgerFixtures() {
    for (String[] f : List.of(new String[] {TestAccounts.BAIGUAN, TestAccounts.UNIT, "t-unit-reporter", "assigned"},
        new String[] {TestAccounts.HENAN_COUNTY, TestAccounts.HENAN_COUNTY, null, "new"})) {
      if (jdbc.sql("select count(*) from ledger_problem where area_code = ? and description = '矩阵问题'").param(f[0])
          .query(Long.class).single() == 0) {
        long problem = jdbc.sql("""
            insert into ledger_problem (area_code, source, category, description, resident_name, resident_phone,
                                        recorded_by, recorded_at, status, assignee, owner_code, deadline, updated_at)
            values (?, 'visit', 'other', '矩阵问题', '张三', '13812345678', 'admin', now(), ?, ?, ?,
                    date '2099-01-01', now()) returning id""")
            .params(f[0], f[3], f[2], f[2] == null ? null : f[1]).query(Long.class).single();
        jdbc.sql("insert into ledger_photo (problem_id, file_id, stage, added_by, added_at) values (?, ?, 'recorded', 'admin', now())")
            .params(problem, Long.parseLong(fileId(f[1]))).update();
      }
    }
  }

  private String problemId(String area) {
    return String.valueOf(jdbc.sql("select min(id) from ledger_problem where area_code = ? and description = '矩阵问题'")
        .param(area).query(Long.class).single());
  }

  /** Draft October reports of 百官街道 and the test unit in the 上虞 campaign, and of the 河南 unit in 河南's. */
  private void activityReportFixtures() {
    for (String[] f : List.of(new String[] {TestAccounts.SHANGYU, TestAccounts.BAIGUAN},
        new String[] {TestAccounts.SHANGYU, TestAccounts.UNIT},
        new String[] {TestAccounts.HENAN_COUNTY, "U" + TestAccounts.HENAN_COUNTY + "-x"})) {
      jdbc.sql("""
          insert into activity_report (campaign_id, unit_code, month, status, created_by, updated_at)
          values (?, ?, date '2026-10-01', 'draft', 'admin', now()) on conflict do nothing""")
          .params(Long.parseLong(campaignId(f[0])), f[1]).update();
    }
  }

  /**
   * A campaign of 上虞区 with one task item at the test unit (inside every test account's subtree or above it) and
   * one of 河南 中原区 with an item at its outside unit (outside all of them). Written with SQL.
   */
  private void campaignFixtures() {
    for (String[] f : List.of(new String[] {TestAccounts.SHANGYU, TestAccounts.UNIT},
        new String[] {TestAccounts.HENAN_COUNTY, "U" + TestAccounts.HENAN_COUNTY + "-x"})) {
      if (jdbc.sql("select count(*) from campaign where area_code = ? and name = '矩阵行动'").param(f[0])
          .query(Long.class).single() == 0) {
        long campaign = jdbc.sql("""
            insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
            values (?, 2026, '矩阵行动', null, date '2026-01-01', date '2026-12-31', 'admin') returning id""")
            .param(f[0]).query(Long.class).single();
        long task = jdbc.sql("""
            insert into campaign_task (campaign_id, section, seq, title_zh, title_en, requirement_zh, requirement_en,
              responsible, recurrence, starts_on, due_on, created_by)
            values (?, 'task', 1, '矩阵任务', 'matrix', '', '', '矩阵', 'once', date '2026-01-01', date '2026-12-31',
              'admin') returning id""").param(campaign).query(Long.class).single();
        jdbc.sql("""
            insert into campaign_item (task_id, campaign_id, unit_code, period_start, due_on)
            values (?, ?, ?, date '2026-01-01', date '2026-12-31')""").params(task, campaign, f[1]).update();
      }
    }
  }

  /**
   * A campaign photo (with a thumbnail) of the test unit, inside every test account's subtree, and one of 河南
   * 中原区, outside all of them; written with SQL (the bytes need not be a real picture to be served).
   */
  private void campaignFileFixtures() {
    for (String area : List.of(TestAccounts.UNIT, TestAccounts.HENAN_COUNTY)) {
      if (jdbc.sql("select count(*) from stored_file where area_code = ? and original_name = '矩阵.png'").param(area)
          .query(Long.class).single() == 0) {
        jdbc.sql("""
            insert into stored_file (sha256, content_type, size_bytes, original_name, bytes, thumbnail, area_code,
                                     uploaded_by, uploaded_at)
            values ('x', 'image/png', 3, '矩阵.png', '\\x89504e'::bytea, '\\xffd8ff'::bytea, ?, 'admin',
                    timestamptz '2000-01-01 00:00:00+00')""")
            .param(area).update();
      }
    }
  }

  private String campaignId(String area) {
    return String.valueOf(jdbc.sql("select min(id) from campaign where area_code = ? and name = '矩阵行动'")
        .param(area).query(Long.class).single());
  }

  private String campaignItemId(String area) {
    return String.valueOf(jdbc.sql("""
        select min(i.id) from campaign_item i join campaign c on c.id = i.campaign_id
        where c.area_code = ? and c.name = '矩阵行动'""").param(area).query(Long.class).single());
  }

  private String activityReportId(String area, String unit) {
    return String.valueOf(jdbc.sql("""
        select r.id from activity_report r where r.campaign_id = ? and r.unit_code = ? and r.month = date '2026-10-01'""")
        .params(Long.parseLong(campaignId(area)), unit).query(Long.class).single());
  }

  private String fileId(String area) {
    return String.valueOf(jdbc.sql("select min(id) from stored_file where area_code = ? and original_name = '矩阵.png'")
        .param(area).query(Long.class).single());
  }

  /** A phone case in the 上虞 mock survey (inside) and one in the 河南 survey (outside every test account). */
  private void catiFixtures() {
    for (String slug : List.of("t-shangyu-mock", "t-henan-official")) {
      long survey = Long.parseLong(surveyId(slug));
      if (jdbc.sql("select count(*) from cati_case where survey_id = ? and number = '13900000001'").param(survey)
          .query(Long.class).single() == 0) {
        long draw = jdbc.sql("""
            insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
            values (?, 'phone', 1, '{}'::jsonb, 1, 'admin') returning id""").param(survey).query(Long.class).single();
        jdbc.sql("""
            insert into cati_case (survey_id, draw_id, number, area, replicate, release_order, next_call_at)
            values (?, ?, '13900000001', '330604', 1, 1, now() - interval '1000 days')""").params(survey, draw).update();
      }
    }
  }

  private String caseId(String slug) {
    return String.valueOf(jdbc.sql("select id from cati_case where survey_id = ? and number = '13900000001'")
        .param(Long.parseLong(surveyId(slug))).query(Long.class).single());
  }

  /**
   * A publication of the 上虞 mock survey (inside or above every test account) and one of the 河南 survey (outside
   * all of them), written with SQL: a snapshot with no tables is still a publication the pages show.
   */
  private void publicationFixtures() {
    for (String[] f : List.of(new String[] {"t-shangyu-mock", TestAccounts.SHANGYU, "town"},
        new String[] {"t-henan-official", "41", "county"})) {
      long survey = Long.parseLong(surveyId(f[0]));
      if (jdbc.sql("select count(*) from publication where survey_id = ? and title = '矩阵发布'").param(survey)
          .query(Long.class).single() == 0) {
        String snapshot = """
            {"format":1,"survey":{"id":%d,"name":"矩阵","kind":"MOCK","year":2026,"responses":0,"flagged":0},
             "areaCode":"%s","areaName":"矩阵","level":"%s","wholeName":"矩阵","publishedAt":"2026-11-01T00:00:00Z",
             "dataAsOf":"2026-11-01T00:00:00Z","rules":{"id":0,"year":2026,"average":"POOLED","fraction":"PROPORTIONAL",
             "minN":30,"sources":{"bureau":0.5},"pointsPerPoint":{"safety":2.0},"caps":{}},"sources":[],"indicators":[],
             "totals":[]}""".formatted(survey, f[1], f[2]);
        jdbc.sql("""
            insert into publication (survey_id, area_code, level, title, snapshot, snapshot_sha256, published_by,
                                     published_at)
            values (?, ?, ?, '矩阵发布', ?::jsonb, 'x', 'admin', now())""").params(survey, f[1], f[2], snapshot).update();
      }
    }
  }

  private String publicationId(String slug) {
    return String.valueOf(jdbc.sql("select min(id) from publication where survey_id = ? and title = '矩阵发布'")
        .param(Long.parseLong(surveyId(slug))).query(Long.class).single());
  }

  /**
   * A CAPI team and assignment inside every test account's county (上虞区, of the 上虞 mock survey) and one of each
   * in 河南 (of the 河南 survey), outside every test account. Written with SQL: the matrix needs things to point at.
   */
  private void capiFixtures() {
    for (String[] f : List.of(new String[] {"t-shangyu-mock", TestAccounts.SHANGYU, TestAccounts.BAIGUAN},
        new String[] {"t-henan-official", TestAccounts.HENAN_COUNTY, null})) {
      long survey = Long.parseLong(surveyId(f[0]));
      String team = "矩阵小组";
      if (jdbc.sql("select count(*) from capi_team where name = ? and survey_id = ?").params(team, survey)
          .query(Long.class).single() == 0) {
        jdbc.sql("insert into capi_team (survey_id, area_code, name, supervisor, created_by) values (?, ?, ?, 'admin', 'admin')")
            .params(survey, f[1], team).update();
        long draw = jdbc.sql("""
            insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
            values (?, 'household', 1, '{}'::jsonb, 1, 'admin') returning id""").param(survey).query(Long.class).single();
        jdbc.sql("""
            insert into capi_assignment (survey_id, draw_id, kind, stratum, county, town, block_id, household_no, pi,
                                         base_weight)
            values (?, ?, 'household', ?, ?, ?, 'M1', 1, 0.01, 100)""")
            .params(survey, draw, f[1], f[1], f[2]).update();
      }
    }
  }

  private String teamId(String slug) {
    return String.valueOf(jdbc.sql("select min(id) from capi_team where survey_id = ? and name = '矩阵小组'")
        .param(Long.parseLong(surveyId(slug))).query(Long.class).single());
  }

  private String assignmentId(String slug) {
    return String.valueOf(jdbc.sql("select min(id) from capi_assignment where survey_id = ? and block_id = 'M1'")
        .param(Long.parseLong(surveyId(slug))).query(Long.class).single());
  }

  @Test
  void theTableDecidesForEveryEndpointTheApplicationMaps() {
    Set<String> mapped = endpoints().stream().map(Endpoint::key).collect(Collectors.toCollection(TreeSet::new));
    assertThat(mapped).as("endpoints without a line in EXPECTED (decide who may call them), or lines without an endpoint")
        .isEqualTo(new TreeSet<>(EXPECTED.keySet()));
    for (Endpoint e : endpoints()) {
      if (e.isPublic()) {
        assertThat(EXPECTED.get(e.key())).as("%s is marked @PublicEndpoint", e).isEqualTo("public");
      }
    }
  }

  @Test
  void everyRoleIsAllowedWhatTheTableSaysAndNothingOutsideItsSubtree() throws Exception {
    Set<String> known = targets.stream().map(ScopeTarget::parameter).collect(Collectors.toSet());
    List<String> failures = new ArrayList<>();
    for (Endpoint e : endpoints()) {
      if ("public".equals(EXPECTED.get(e.key()))) {
        continue; // sign-in and residents' pages: no scope; covered by their own tests
      }
      Matcher m = VARIABLE.matcher(e.pattern());
      while (m.find()) {
        assertThat(known).as("%s: path variable {%s} must be a ScopeTarget so the scope check covers it", e, m.group(1))
            .contains(m.group(1));
      }
      for (String username : TestAccounts.BY_ROLE.keySet()) {
        boolean permitted = permitted(e, username);
        MockHttpServletResponse inside = call(e, username, fill(e.pattern(), insideValues(e, username)), null);
        if (inside.getStatus() >= 500) {
          failures.add(e + " as " + username + " inside: " + inside.getStatus());
        }
        if (!permitted && inside.getStatus() != 403) {
          failures.add(e + " as " + username + " without permission: " + inside.getStatus() + " (want 403)");
        }
        if (permitted && (inside.getStatus() == 401 || inside.getStatus() == 403)) {
          failures.add(e + " as " + username + " inside: " + inside.getStatus() + " (want allowed)");
        }
        // 400 is fine (the matrix sends no valid body); "not found" inside the scope is not.
        if (permitted && !e.isWrite() && inside.getStatus() == 404) {
          failures.add(e + " as " + username + " inside GET: 404 (want it found)");
        }
        if (e.pattern().contains("{")) {
          MockHttpServletResponse outside = call(e, username, fill(e.pattern(), outsideValues(username)), null);
          if (outside.getStatus() != 403 && outside.getStatus() != 404) {
            failures.add(e + " as " + username + " outside: " + outside.getStatus() + " (want 403/404)");
          }
        }
        String body = inside.getContentAsString();
        for (String secret : List.of(TestAccounts.outsideUnit(username), TestAccounts.outsideUnitName(username),
            TestAccounts.outsideUser(username))) {
          if (body.contains(secret)) {
            failures.add(e + " as " + username + " shows outside " + secret);
          }
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  /**
   * Every write, as every role that may call it, with its own node in the path but every JSON field and request
   * parameter naming something outside: refused or ignored, never a 5xx, and nothing outside the caller's subtree
   * changes (rows of other subtrees are fingerprinted before and after).
   */
  @Test
  void bodiesAndParametersNamingOutsideNodesChangeNothingOutside() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Endpoint e : endpoints()) {
      if ("public".equals(EXPECTED.get(e.key())) || !e.isWrite()) {
        continue;
      }
      for (String username : TestAccounts.BY_ROLE.keySet()) {
        if (!permitted(e, username)) {
          continue;
        }
        String before = outsideFingerprint(username);
        MockHttpServletResponse r = call(e, username, fill(e.pattern(), insideValues(e, username)), outsideFields(username));
        if (r.getStatus() >= 500) {
          failures.add(e + " as " + username + " with outside fields: " + r.getStatus());
        }
        if (!before.equals(outsideFingerprint(username))) {
          failures.add(e + " as " + username + " with outside fields changed data outside its subtree (" + r.getStatus() + ")");
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void requestParametersNamingOutsideNodesAreRefused() throws Exception {
    MockHttpServletResponse response = mvc.perform(request(HttpMethod.GET, "/users/new")
        .param("nodeCode", TestAccounts.SHANGCHENG).with(user("t-county-admin"))).andReturn().getResponse();
    assertThat(response.getStatus()).isEqualTo(403);
  }

  /**
   * Real writes: each role creates a unit, an account and a survey in its own subtree through the API. Those the
   * table permits succeed and the rows exist; the others are refused and nothing is created.
   */
  @Test
  void validWritesInsideTheScopeSucceedExactlyForPermittedRoles() throws Exception {
    for (String username : TestAccounts.BY_ROLE.keySet()) {
      String node = TestAccounts.BY_ROLE.get(username);
      String parent = node.startsWith("U") ? TestAccounts.BAIGUAN : node;
      String suffix = UUID.randomUUID().toString().substring(0, 8);

      String unit = "U-m-" + suffix;
      int status = json(HttpMethod.POST, "/api/v1/units", username,
          "{\"code\":\"%s\",\"name\":\"矩阵单位%s\",\"type\":\"ENTERPRISE\",\"parentCode\":\"%s\"}".formatted(unit, suffix, parent));
      expectWrite(username, "POST /api/v1/units", status, count("select count(*) from org_node where code = ?", unit));

      String account = "m-" + suffix;
      status = json(HttpMethod.POST, "/api/v1/users", username,
          "{\"username\":\"%s\",\"displayName\":\"矩阵\",\"role\":\"INTERVIEWER\",\"nodeCode\":\"%s\"}".formatted(account, parent));
      expectWrite(username, "POST /api/v1/users", status, count("select count(*) from app_user where username = ?", account));

      String slug = "t-m-" + suffix;
      String target = node.equals("33") ? "33" : TestAccounts.SHANGYU;
      String opens = TestClock.DEFAULT_START.toString();
      String closes = TestClock.DEFAULT_START.plusSeconds(10 * 86_400L).toString();
      status = json(HttpMethod.POST, "/api/v1/surveys", username, """
          {"slug":"%s","name":"矩阵测评","instrumentId":%s,"targetCode":"%s",
           "modes":[{"mode":"ONLINE","opensAt":"%s","closesAt":"%s","design":{}}]}"""
          .formatted(slug, instrumentId("zhejiang-2022"), target, opens, closes));
      expectWrite(username, "POST /api/v1/surveys", status, count("select count(*) from survey where slug = ?", slug));
    }
  }

  private void expectWrite(String username, String endpoint, int status, long created) {
    if (permitted(EXPECTED.get(endpoint), username)) {
      assertThat(status).as("%s as %s", endpoint, username).isBetween(200, 299);
      assertThat(created).as("%s as %s: created", endpoint, username).isEqualTo(1);
    } else {
      assertThat(status).as("%s as %s", endpoint, username).isEqualTo(403);
      assertThat(created).as("%s as %s: nothing created", endpoint, username).isZero();
    }
  }

  private int json(HttpMethod method, String url, String username, String body) throws Exception {
    return mvc.perform(request(method, url).with(user(username)).with(csrf()).contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.APPLICATION_JSON).content(body)).andReturn().getResponse().getStatus();
  }

  private long count(String sql, String value) {
    return jdbc.sql(sql).param(value).query(Long.class).single();
  }

  private static boolean permitted(Endpoint e, String username) {
    return permitted(EXPECTED.get(e.key()), username);
  }

  private static boolean permitted(String roles, String username) {
    return roles != null && !roles.equals("public") && List.of(roles.split(" ")).stream()
        .map(ROLE_BY_ABBREVIATION::get).anyMatch(username::equals);
  }

  /**
   * The state of everything outside the caller's subtree that a write could touch: areas and units with their
   * figures, accounts, surveys with their modes, frames and draws, field interviews' review status and decisions,
   * ledger problems with their trails, and the ledger's categories (the province's, changed by nobody here).
   */
  private String outsideFingerprint(String username) {
    String path = org.pathOf(TestAccounts.BY_ROLE.get(username)).orElseThrow();
    return jdbc.sql("""
        select concat_ws('|',
          (select md5(coalesce(string_agg(concat_ws(',', code, name, population, households, villages, parent_id), ';' order by id), ''))
             from org_node where path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', u.username, u.display_name, u.password_hash, u.role, u.enabled, u.org_node_id), ';' order by u.id), ''))
             from app_user u join org_node n on n.id = u.org_node_id where n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', s.slug, s.name, s.status, s.instrument_id), ';' order by s.id), ''))
             from survey s join org_node n on n.code = s.target_code where n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', m.survey_id, m.mode, m.opens_at, m.closes_at, m.design::text), ';' order by m.survey_id, m.mode), ''))
             from survey_mode m join survey s on s.id = m.survey_id join org_node n on n.code = s.target_code where n.path not like ? || '%'),
          (select count(*) from sampling_frame f join survey s on s.id = f.survey_id join org_node n on n.code = s.target_code where n.path not like ? || '%'),
          (select count(*) from sample_draw d join survey s on s.id = d.survey_id join org_node n on n.code = s.target_code where n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', t.id, t.name, t.area_code, (select string_agg(m.interviewer, ',' order by m.interviewer) from capi_team_member m where m.team_id = t.id)), ';' order by t.id), ''))
             from capi_team t join org_node n on n.code = t.area_code where n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', a.id, a.interviewer, a.team_id, a.status, a.assignment_version), ';' order by a.id), ''))
             from capi_assignment a join org_node n on n.code = coalesce(a.town, a.county) where n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', r.id, r.review_status, (select count(*) from capi_review c where c.response_id = r.id)), ';' order by r.id), ''))
             from response r join org_node n on n.code = r.county_code where r.review_status is not null and n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', i.id, i.status, (select count(*) from campaign_evidence e where e.item_id = i.id), (select count(*) from campaign_comment m where m.item_id = i.id)), ';' order by i.id), ''))
             from campaign_item i join org_node n on n.code = i.unit_code where n.path not like ? || '%'),
          (select count(*) from campaign c join org_node n on n.code = c.area_code where n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', p.id, p.status, p.version, p.assignee, p.deadline, (select count(*) from ledger_event e where e.problem_id = p.id)), ';' order by p.id), ''))
             from ledger_problem p join org_node n on n.code = p.area_code where n.path not like ? || '%'),
          (select md5(coalesce(string_agg(concat_ws(',', code, name_zh, name_en, sort, active), ';' order by code), '')) from ledger_category))""")
        .params(path, path, path, path, path, path, path, path, path, path, path, path).query(String.class).single();
  }

  /** JSON and form fields that name outside things, with otherwise plausible values so a sloppy handler would act. */
  private Map<String, String> outsideFields(String username) {
    String code = TestAccounts.outsideCode(username);
    Map<String, String> f = new LinkedHashMap<>();
    f.put("code", "U-out-" + UUID.randomUUID().toString().substring(0, 8));
    f.put("name", "外部篡改");
    f.put("type", "ENTERPRISE");
    f.put("parentCode", code);
    f.put("nodeCode", code);
    f.put("targetCode", code);
    f.put("username", TestAccounts.outsideUser(username));
    f.put("displayName", "外部篡改");
    f.put("role", "INTERVIEWER");
    f.put("instrumentId", instrumentId("henan-liangan-2020"));
    f.put("surveyId", surveyId("t-henan-official"));
    f.put("teamId", teamId("t-henan-official"));
    f.put("assignmentId", assignmentId("t-henan-official"));
    f.put("interviewer", TestAccounts.outsideUser(username));
    f.put("town", TestAccounts.HENAN_COUNTY);
    f.put("slug", "t-out-" + UUID.randomUUID().toString().substring(0, 8));
    f.put("unitCode", "U-out-" + UUID.randomUUID().toString().substring(0, 8));
    f.put("unitName", "外部篡改");
    f.put("unitType", "enterprise");
    f.put("areaCode", code);
    f.put("unitCodes", code);
    return f;
  }

  private MockHttpServletResponse call(Endpoint e, String username, String url, Map<String, String> fields) throws Exception {
    MockHttpServletRequestBuilder request = request(e.method(), url).with(user(username)).with(csrf())
        .accept(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON);
    if (!e.isWrite()) {
      // Searches try to reach the outside subtree by name: nothing of it may come back.
      request.param("q", "外区单位");
      return mvc.perform(request).andReturn().getResponse();
    }
    MediaType type = e.consumes() == null ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(e.consumes());
    if (fields == null) {
      // A body and form fields that every write refuses as invalid, so this pass changes no data.
      request.param("population", "-1").contentType(type).content(e.consumes() == null ? "{\"population\": -1}" : "");
    } else {
      fields.forEach(request::param);
      StringBuilder json = new StringBuilder("{");
      fields.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":\"").append(v).append('"'));
      request.contentType(type).content(e.consumes() == null ? json.append('}').toString() : "code,name\n" + fields.get("parentCode") + ",外部篡改\n");
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  private Map<String, String> insideValues(Endpoint e, String username) {
    String node = TestAccounts.BY_ROLE.get(username);
    // Every test account's subtree holds the test unit, the only node a /units/ endpoint accepts.
    String code = e.pattern().contains("/units/") ? TestAccounts.UNIT : node;
    // An account the caller manages: a county admin manages its interviewers, never itself or its peers.
    String account = username.equals("t-county-admin") ? "t-interviewer" : username;
    Map<String, String> values = new java.util.HashMap<>(Map.of("code", code, "username", account, "nodeCode", node,
        "parentCode", node, "instrumentId", instrumentId("zhejiang-2022"), "surveyId", surveyId("t-shangyu-mock"),
        "teamId", teamId("t-shangyu-mock"), "assignmentId", assignmentId("t-shangyu-mock")));
    values.put("publicationId", publicationId("t-shangyu-mock"));
    // a field interview of 上虞区 (no team: every supervisor of the county reviews it)
    values.put("responseId", String.valueOf(ReviewFixtures.fieldInterview(jdbc, surveys, instruments, "t-shangyu-mock",
        TestAccounts.SHANGYU)));
    values.put("caseId", caseId("t-shangyu-mock"));
    values.put("campaignId", campaignId(TestAccounts.SHANGYU));
    values.put("itemId", campaignItemId(TestAccounts.SHANGYU));
    // a reporting unit in the caller's subtree: the unit reporter's own unit, 百官街道 for everyone above it
    String reportUnit = username.equals("t-unit-reporter") ? TestAccounts.UNIT : TestAccounts.BAIGUAN;
    values.put("unit", reportUnit);
    values.put("month", "2026-10");
    values.put("reportId", activityReportId(TestAccounts.SHANGYU, reportUnit));
    values.put("fileId", fileId(TestAccounts.UNIT));
    values.put("problemId", problemId(TestAccounts.BAIGUAN));
    values.put("photoId", fileId(TestAccounts.UNIT));
    return values;
  }

  private Map<String, String> outsideValues(String username) {
    String code = TestAccounts.outsideCode(username);
    Map<String, String> values = new java.util.HashMap<>(Map.of("code", code, "username",
        TestAccounts.outsideUser(username), "nodeCode", code, "parentCode", code,
        "instrumentId", instrumentId("henan-liangan-2020"), "surveyId", surveyId("t-henan-official"),
        "teamId", teamId("t-henan-official"), "assignmentId", assignmentId("t-henan-official")));
    values.put("publicationId", publicationId("t-henan-official"));
    // a field interview of 河南 中原区: outside every test account (the province accounts are Zhejiang's)
    values.put("responseId", String.valueOf(ReviewFixtures.fieldInterview(jdbc, surveys, instruments, "t-henan-official",
        TestAccounts.HENAN_COUNTY)));
    values.put("caseId", caseId("t-henan-official"));
    values.put("campaignId", campaignId(TestAccounts.HENAN_COUNTY));
    values.put("itemId", campaignItemId(TestAccounts.HENAN_COUNTY));
    String henanUnit = "U" + TestAccounts.HENAN_COUNTY + "-x";
    values.put("unit", henanUnit);
    values.put("month", "2026-10");
    values.put("reportId", activityReportId(TestAccounts.HENAN_COUNTY, henanUnit));
    values.put("fileId", fileId(TestAccounts.HENAN_COUNTY));
    values.put("problemId", problemId(TestAccounts.HENAN_COUNTY));
    values.put("photoId", fileId(TestAccounts.HENAN_COUNTY));
    return values;
  }

  private String surveyId(String slug) {
    return String.valueOf(surveys.bySlug(slug).orElseThrow().id());
  }

  private String instrumentId(String formId) {
    return instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals(formId)).findFirst()
        .map(i -> String.valueOf(i.id())).orElseThrow();
  }

  private static String fill(String pattern, Map<String, String> values) {
    Matcher m = VARIABLE.matcher(pattern);
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "x")));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private List<Endpoint> endpoints() {
    List<Endpoint> list = new ArrayList<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
      HandlerMethod handler = entry.getValue();
      if (!handler.getBeanType().getPackageName().startsWith("org.sanlv")) {
        continue;
      }
      RequestMappingInfo info = entry.getKey();
      Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
      String consumes = info.getConsumesCondition().getConsumableMediaTypes().stream()
          .findFirst().map(MediaType::toString).orElse(null);
      for (String pattern : info.getPatternValues()) {
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
          list.add(new Endpoint(method.asHttpMethod(), pattern, handler, consumes));
        }
      }
    }
    return list;
  }
}
