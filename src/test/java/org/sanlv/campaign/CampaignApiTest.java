package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** The campaign API and exports over HTTP: bad input answers 400 in Chinese, exports are the caller's subtree. */
@IntegrationTest
class CampaignApiTest {

  private static final int YEAR = 2024;

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  long campaign;

  @BeforeEach
  void campaign() throws Exception {
    TestAccounts.ensure(org, users);
    jdbc.sql("delete from campaign where area_code = ? and year = ? and template = 'shangyu-2022'")
        .params(TestAccounts.SHANGYU, YEAR).update();
    MockHttpServletResponse r = mvc.perform(post("/api/v1/campaigns").with(user("t-county-admin")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON)
        .content("{\"areaCode\":\"330604\",\"year\":" + YEAR + ",\"template\":\"shangyu-2022\"}"))
        .andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(201);
    campaign = jdbc.sql("select id from campaign where area_code = ? and year = ? and template = 'shangyu-2022'")
        .params(TestAccounts.SHANGYU, YEAR).query(Long.class).single();
  }

  @Test
  void badInputAnswers400WithAChineseMessage() throws Exception {
    MockHttpServletResponse r = mvc.perform(post("/api/v1/campaigns").with(user("t-county-admin")).with(csrf())
        .header("Accept-Language", "zh-CN").contentType(MediaType.APPLICATION_JSON)
        .content("{\"areaCode\":\"330604\",\"year\":2030,\"template\":\"nope\"}")).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("没有名为“nope”的模板");
    r = mvc.perform(post("/api/v1/campaigns/" + campaign + "/tasks").with(user("t-county-admin")).with(csrf())
        .header("Accept-Language", "zh-CN").contentType(MediaType.APPLICATION_JSON)
        .content("{\"title\":\"补充\",\"unitCodes\":[\"330604001\"],\"dueOn\":\"2000-01-01\"}")).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("截止日期");
    r = mvc.perform(post("/api/v1/campaigns/" + campaign + "/tasks").with(user("t-county-admin")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{\"dueOn\":\"not a date\"}")).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(400);
    // a town officer may not add tasks; a unit reporter cannot touch the town's items
    r = mvc.perform(post("/api/v1/campaigns/" + campaign + "/tasks").with(user("t-town-officer")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{}")).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(403);
    long townItem = jdbc.sql("select min(id) from campaign_item where campaign_id = ? and unit_code = ?")
        .params(campaign, TestAccounts.BAIGUAN).query(Long.class).single();
    r = mvc.perform(post("/api/v1/campaign-items/" + townItem + "/status").with(user("t-unit-reporter")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"done\"}")).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(403);
    r = mvc.perform(post("/api/v1/campaign-items/" + townItem + "/status").with(user("t-town-officer")).with(csrf())
        .contentType(MediaType.APPLICATION_JSON).content("{\"status\":\"done\"}")).andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentAsString()).contains("\"status\":\"done\"");
  }

  @Test
  void exportsHoldTheCallersSubtreeAndAreAudited() throws Exception {
    long audits = jdbc.sql("select count(*) from audit_log where action = 'campaign.tasks.export'").query(Long.class).single();
    MockHttpServletResponse r = mvc.perform(get("/campaigns/" + campaign + "/tasks.xlsx").with(user("t-town-officer")))
        .andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getHeader("Content-Disposition")).startsWith("attachment");
    Set<String> units = new HashSet<>();
    int rows;
    try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(r.getContentAsByteArray()))) {
      Sheet sheet = book.getSheetAt(0);
      assertThat(sheet.getRow(0).getCell(5).getStringCellValue()).isEqualTo("责任单位");
      rows = sheet.getLastRowNum();
      for (Row row : sheet) {
        if (row.getRowNum() > 0) {
          units.add(row.getCell(5).getStringCellValue());
        }
      }
    }
    assertThat(units).containsExactly("百官街道");
    long expected = jdbc.sql("select count(*) from campaign_item where campaign_id = ? and unit_code = ?")
        .params(campaign, TestAccounts.BAIGUAN).query(Long.class).single();
    assertThat(rows).isEqualTo((int) expected);
    String csv = mvc.perform(get("/campaigns/" + campaign + "/tasks.csv").with(user("t-county-admin")))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(csv).startsWith("\uFEFF").contains("百官街道").contains("曹娥街道").contains("上虞区");
    long all = jdbc.sql("select count(*) from campaign_item where campaign_id = ?").param(campaign).query(Long.class).single();
    assertThat(csv.split("\r\n")).hasSize((int) all + 1);
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'campaign.tasks.export'").query(Long.class).single())
        .isEqualTo(audits + 2);
  }
}
