package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class InstrumentPagesTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired InstrumentService instruments;
  @Autowired JdbcClient jdbc;
  @Autowired java.time.Clock clock;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  private int stored() {
    return jdbc.sql("select count(*) from instrument").query(Integer.class).single();
  }

  private MockHttpServletResponse upload(String username, byte[] bytes, String name) throws Exception {
    return mvc.perform(multipart("/instruments").file(new MockMultipartFile("file", name, InstrumentPageController.XLSX.toString(), bytes))
        .with(user(username)).with(csrf())).andReturn().getResponse();
  }

  @Test
  void aProvinceAnalystUploadsANewVersionOnceAndItIsListed() throws Exception {
    Workbooks form = Workbooks.valid().set("settings", "E", 1, "version").set("settings", "E", 2, "2026.1")
        .set("settings", "A", 2, "upload-test");
    int before = stored();
    String page = upload("t-province-analyst", form.bytes(), "upload-test.xlsx").getContentAsString();
    assertThat(page).contains("已保存问卷 upload-test（版本 2026.1）");
    assertThat(stored()).isEqualTo(before + 1);
    String again = upload("t-province-analyst", form.bytes(), "upload-test.xlsx").getContentAsString();
    assertThat(again).contains("settings!version").contains("未保存");
    assertThat(stored()).isEqualTo(before + 1);
    assertThat(mvc.perform(get("/instruments").with(user("t-county-admin"))).andReturn().getResponse().getContentAsString())
        .contains("upload-test");
  }

  @Test
  void aBrokenFormIsListedCellByCellAndNothingIsStored() throws Exception {
    Workbooks form = Workbooks.valid().set("survey", "D", 3, "${q99} > 1");
    int before = stored();
    String page = upload("t-province-admin", form.bytes(), "broken.xlsx").getContentAsString();
    assertThat(page).contains("survey!D3").contains("${q99}").contains("未保存");
    assertThat(stored()).isEqualTo(before);
  }

  @Test
  void aFileThatIsNotAnXlsxGetsAClearAnswer() throws Exception {
    String page = upload("t-province-admin", "%PDF-1.4 not a spreadsheet".getBytes(), "report.xlsx").getContentAsString();
    assertThat(page).contains("未保存").doesNotContain("Exception");
  }

  @Test
  void countiesReadTheirProvincesQuestionnairesButCannotUpload() throws Exception {
    String list = mvc.perform(get("/instruments").with(user("t-county-admin"))).andReturn().getResponse().getContentAsString();
    assertThat(list).contains("zhejiang-2022").doesNotContain("henan-liangan-2020");
    assertThat(upload("t-county-admin", Workbooks.valid().bytes(), "x.xlsx").getStatus()).isEqualTo(403);
  }

  @Test
  void theDownloadedXlsFormReadsBackAsTheSameQuestionnaire() throws Exception {
    long id = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    MockHttpServletResponse r = mvc.perform(get("/instruments/" + id + "/xlsform").with(user("t-town-officer")))
        .andReturn().getResponse();
    assertThat(r.getHeader("Content-Disposition")).contains("zhejiang-2022");
    Instrument downloaded = Instruments.withDefaults().importXlsForm(r.getContentAsByteArray()).orElseThrow().instrument();
    assertThat(downloaded).isEqualTo(Instruments.withDefaults().builtIn("zhejiang-2022").instrument());
  }

  @Test
  void thePreviewStartsAgainFromAStepOfAQuestionThatDoesNotExist() throws Exception {
    long id = instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022"))
        .findFirst().orElseThrow().id();
    for (String action : List.of("back", "next")) {
      MockHttpServletResponse r = mvc.perform(get("/instruments/" + id + "/preview/step").param("question", "nope")
          .param("action", action).with(user("t-county-admin"))).andReturn().getResponse();
      assertThat(r.getStatus()).as(action).isLessThan(500);
    }
  }

  private MockHttpServletResponse upload(String username, byte[] bytes, String name, String province, String year,
      String lang) throws Exception {
    return mvc.perform(multipart("/instruments").file(new MockMultipartFile("file", name, InstrumentPageController.XLSX.toString(), bytes))
        .param("province", province).param("year", year).cookie(new jakarta.servlet.http.Cookie("sanlv-lang", lang))
        .with(user(username)).with(csrf())).andReturn().getResponse();
  }

  @Test
  void theUploadPageOffersTheUploadersProvinceAndTheClocksYear() throws Exception {
    String page = mvc.perform(get("/instruments").with(user("t-province-analyst"))).andReturn().getResponse()
        .getContentAsString();
    int year = java.time.LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Asia/Shanghai")).getYear();
    assertThat(page).contains("name=\"year\"").contains("value=\"" + year + "\"")
        .containsPattern("<option value=\"33\" selected=\"selected\">");
  }

  @Test
  void aFormWithoutSettingsIsStoredWithTheProvinceAndYearOfThePageAndPreviews() throws Exception {
    Workbooks form = Workbooks.valid().without("settings");
    int before = stored();
    String page = upload("t-province-analyst", form.bytes(), "no-settings-form.xlsx", "33", "2027", "zh")
        .getContentAsString();
    assertThat(page).contains("已保存问卷 no-settings-form");
    assertThat(stored()).isEqualTo(before + 1);
    InstrumentSummary saved = instruments.list(TestAccounts.ROOT).stream()
        .filter(i -> i.formId().equals("no-settings-form")).findFirst().orElseThrow();
    assertThat(saved.provinceCode()).isEqualTo("33");
    assertThat(saved.year()).isEqualTo(2027);
    assertThat(instruments.flow(saved.id()).instrument().province()).isEqualTo("33");
    MockHttpServletResponse preview = mvc.perform(get("/instruments/" + saved.id() + "/preview")
        .with(user("t-county-admin"))).andReturn().getResponse();
    assertThat(preview.getStatus()).isEqualTo(200);
    assertThat(preview.getContentAsString()).contains("年龄");
  }

  @Test
  void problemsAreListedInThePagesLanguage() throws Exception {
    Workbooks form = Workbooks.valid().set("survey", "D", 3, "${age} == 1");
    assertThat(upload("t-province-admin", form.bytes(), "eq.xlsx", "33", "2026", "en").getContentAsString())
        .contains("survey!D3").contains("uses &#39;==&#39;: XLSForm compares with a single &#39;=&#39;");
    assertThat(upload("t-province-admin", form.bytes(), "eq.xlsx", "33", "2026", "zh").getContentAsString())
        .contains("survey!D3").contains("XLSForm 用单个“=”比较");
  }

  @Test
  void aYearThatIsNotAYearIsSaidAndNothingIsStored() throws Exception {
    int before = stored();
    String page = upload("t-province-admin", Workbooks.valid().without("settings").bytes(), "y.xlsx", "33", "20x6", "en")
        .getContentAsString();
    assertThat(page).contains("year &#39;20x6&#39; is not a four-digit year");
    assertThat(stored()).isEqualTo(before);
  }
}
