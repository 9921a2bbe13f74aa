package org.sanlv.fieldwork;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sanlv.fieldwork.CawiFixtures.answers;
import static org.sanlv.fieldwork.CawiFixtures.body;
import static org.sanlv.fieldwork.CawiFixtures.device;
import static org.sanlv.fieldwork.CawiFixtures.json;
import static org.sanlv.fieldwork.CawiFixtures.network;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** Issue 16, the tests themselves: the public survey's "now" and "today" come from the platform's clock. */
@IntegrationTest
class FieldworkClockTest {

  @Autowired MockMvc mvc;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired PageTokens tokens;
  @Autowired TestClock clock;

  @BeforeEach
  void fixtures() {
    CawiFixtures.ensure(surveys, instruments, org, users);
  }

  @AfterEach
  void resetClock() {
    clock.reset();
  }

  private String html(String path, String username) throws Exception {
    var request = get(path);
    if (username != null) {
      request.with(user(username));
    }
    MockHttpServletResponse r = mvc.perform(request).andReturn().getResponse();
    r.setCharacterEncoding("UTF-8");
    return r.getContentAsString();
  }

  @Test
  void thePublicPageTheSubmitAndTheStaffPageGoByThePlatformClock() throws Exception {
    // a fresh survey: the page's survey look-up is cached for a few seconds of the clock
    Survey survey = CawiFixtures.fresh(surveys, instruments, "t-clock", CawiFixtures.START);
    Instant opens = survey.mode(SurveyMode.ONLINE).orElseThrow().opensAt();
    clock.set(opens.minus(Duration.ofDays(2)));
    assertThat(html("/s/" + survey.slug(), null)).contains("本调查尚未开始").doesNotContain("id=\"interview\"");
    assertThat(html("/surveys/" + survey.id() + "/online", "t-province-admin")).contains("尚未开始");
    MockHttpServletResponse early = CawiFixtures.post(mvc, "/s/" + survey.slug() + "/responses", json(body(survey.id(),
        tokens.issue(survey.id(), clock.instant()), UUID.randomUUID().toString(), device(), answers("330604"))), network());
    assertThat(early.getStatus()).isEqualTo(403);
    clock.set(survey.mode(SurveyMode.ONLINE).orElseThrow().closesAt().plus(Duration.ofDays(2)));
    assertThat(html("/s/" + survey.slug(), null)).contains("本调查已经结束");
    clock.set(opens.plus(Duration.ofDays(1)));
    assertThat(html("/s/" + survey.slug(), null)).contains("id=\"interview\"");
  }

  @Test
  void todayInTheQuestionnaireIsTheClocksDateInChina() throws Exception {
    String formId = "t-today-" + UUID.randomUUID().toString().substring(0, 8);
    InstrumentService.UploadResult upload = instruments.upload(TestAccounts.ROOT, todayForm(formId), formId + ".xlsx");
    assertThat(upload.problems()).isEmpty();
    long instrument = upload.stored().orElseThrow().id();
    // 17:00 UTC is already 01:00 of the next day in China
    Instant evening = Instant.parse("2026-11-18T17:00:00Z");
    clock.set(evening);
    Survey survey = CawiFixtures.running(surveys, surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(formId,
        formId, instrument, "33", List.of(new Survey.Mode(SurveyMode.ONLINE, evening.minus(Duration.ofDays(10)),
            evening.plus(Duration.ofDays(10)), Map.of())))));
    String token = tokens.issue(survey.id(), clock.instant().minusSeconds(120));
    MockHttpServletResponse chinaToday = CawiFixtures.post(mvc, "/s/" + formId + "/responses", json(body(survey.id(), token,
        UUID.randomUUID().toString(), device(), Map.of("visit", "2026-11-19"))), network());
    assertThat(chinaToday.getStatus()).as(chinaToday.getContentAsString()).isEqualTo(200);
    MockHttpServletResponse utcToday = CawiFixtures.post(mvc, "/s/" + formId + "/responses", json(body(survey.id(), token,
        UUID.randomUUID().toString(), device(), Map.of("visit", "2026-11-18"))), network());
    assertThat(utcToday.getStatus()).as(utcToday.getContentAsString()).isEqualTo(400);
    assertThat(utcToday.getContentAsString()).contains("visit", "今天");
    // the step page asks the same engine
    assertThat(html("/s/" + formId + "/step?answers=%7B%7D&question=visit&value=2026-11-19", null))
        .doesNotContain("今天的日期");
  }

  /** A one-question XLSForm: the date of the visit, which must be today. */
  private static byte[] todayForm(String formId) throws Exception {
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet survey = wb.createSheet("survey");
      row(survey, 0, "type", "name", "label::中文 (zh)", "label::English (en)", "constraint", "constraint_message::中文 (zh)",
          "constraint_message::English (en)", "required");
      row(survey, 1, "date", "visit", "访问日期", "Date of visit", ". = today()", "请填写今天的日期", "Give today's date", "yes");
      Sheet settings = wb.createSheet("settings");
      row(settings, 0, "form_id", "form_title::中文 (zh)", "version", "province", "year", "default_language");
      row(settings, 1, formId, "今天", "1", "33", "2026", "zh");
      wb.write(out);
      return out.toByteArray();
    }
  }

  private static void row(Sheet sheet, int index, String... cells) {
    Row row = sheet.createRow(index);
    for (int i = 0; i < cells.length; i++) {
      row.createCell(i).setCellValue(cells[i]);
    }
  }
}
