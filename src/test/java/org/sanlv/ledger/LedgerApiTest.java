package org.sanlv.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** The ledger over HTTP: the flow, Chinese errors, 404 outside, 409 on a lost race, masked and audited exports. */
@IntegrationTest
class LedgerApiTest {

  private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
  private static final Pattern VERSION = Pattern.compile("\"version\":(\\d+)");

  @Autowired MockMvc mvc;
  @Autowired OrgService orgs;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  String marker;

  @BeforeEach
  void people() {
    LedgerFixtures.ensure(orgs, users);
    marker = "矩阵" + UUID.randomUUID().toString().substring(0, 8);
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), LedgerService.CHINA);
  }

  private MockHttpServletResponse postJson(String url, String username, String json) throws Exception {
    return mvc.perform(post(url).with(user(username)).with(csrf()).header("Accept-Language", "zh-CN")
        .contentType(MediaType.APPLICATION_JSON).accept(MediaType.APPLICATION_JSON).content(json))
        .andReturn().getResponse();
  }

  private MockHttpServletResponse getAs(String url, String username) throws Exception {
    return mvc.perform(get(url).with(user(username)).header("Accept-Language", "zh-CN")).andReturn().getResponse();
  }

  private static String body(MockHttpServletResponse r) throws Exception {
    return r.getContentAsString(StandardCharsets.UTF_8);
  }

  private static long number(Pattern p, String json) {
    Matcher m = p.matcher(json);
    assertThat(m.find()).as(json).isTrue();
    return Long.parseLong(m.group(1));
  }

  private long upload(String username, String area) throws Exception {
    MockHttpServletResponse r = mvc.perform(multipart("/api/v1/campaign/files")
        .file(new MockMultipartFile("file", "现场.png", "image/png", LedgerFixtures.png())).param("area", area)
        .with(user(username)).with(csrf())).andReturn().getResponse();
    assertThat(r.getStatus()).as(body(r)).isEqualTo(201);
    return number(ID, body(r));
  }

  /** A problem of 百官街道 recorded by the town officer with a photo; returns its id. */
  private long record() throws Exception {
    long photo = upload("t-town-officer", TestAccounts.BAIGUAN);
    MockHttpServletResponse r = postJson("/api/v1/ledger/problems", "t-town-officer", """
        {"areaCode":"330604001","address":"百官街道","source":"hotline","category":"fraud","description":"%s",
         "residentName":"欧阳娜娜","residentPhone":"13912345678","photoFileIds":[%d]}""".formatted(marker, photo));
    assertThat(r.getStatus()).as(body(r)).isEqualTo(201);
    assertThat(body(r)).contains("\"status\":\"new\"").contains("欧阳娜娜");
    return number(ID, body(r));
  }

  private int version(long id) throws Exception {
    return (int) number(VERSION, body(getAs("/api/v1/ledger/problems/" + id, "t-county-admin")));
  }

  @Test
  void theFlowOverHttpWithPhotosSeenThroughTheProblem() throws Exception {
    long id = record();
    assertThat(body(getAs("/api/v1/ledger/problems/" + id + "/assignees", "t-town-officer")))
        .contains(LedgerFixtures.POLICE_REPORTER).doesNotContain("t-shangcheng");
    MockHttpServletResponse r = postJson("/api/v1/ledger/problems/" + id + "/assign", "t-town-officer",
        "{\"version\":1,\"assignee\":\"%s\",\"deadline\":\"%s\"}".formatted(LedgerFixtures.POLICE_REPORTER, today()));
    assertThat(r.getStatus()).as(body(r)).isEqualTo(200);
    r = postJson("/api/v1/ledger/problems/" + id + "/start", LedgerFixtures.POLICE_REPORTER, "{\"version\":2}");
    assertThat(r.getStatus()).as(body(r)).isEqualTo(200);
    long proof = upload(LedgerFixtures.POLICE_REPORTER, LedgerFixtures.POLICE);
    r = postJson("/api/v1/ledger/problems/" + id + "/resolve", LedgerFixtures.POLICE_REPORTER,
        "{\"version\":3,\"resolution\":\"已劝阻，资金未转出\",\"photoFileIds\":[%d]}".formatted(proof));
    assertThat(r.getStatus()).as(body(r)).isEqualTo(200);

    // the department's photo, outside the town's subtree, is seen by the town through the problem
    r = getAs("/ledger/problems/" + id + "/photos/" + proof, "t-town-officer");
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentType()).isEqualTo("image/png");
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(getAs("/ledger/problems/" + id + "/photos/" + proof + "/thumbnail", "t-town-officer").getContentType())
        .isEqualTo("image/jpeg");
    // and through its own route only: the file of the department is not the town's
    assertThat(getAs("/campaign/files/" + proof, "t-town-officer").getStatus()).isEqualTo(404);
    // a photo of another problem is not served under this one
    long stranger = upload("t-town-officer", TestAccounts.BAIGUAN);
    assertThat(getAs("/ledger/problems/" + id + "/photos/" + stranger, "t-town-officer").getStatus()).isEqualTo(404);

    // the resolver may not close; the town does, with the resident's answer
    r = postJson("/api/v1/ledger/problems/" + id + "/close", LedgerFixtures.POLICE_REPORTER,
        "{\"version\":4,\"satisfaction\":\"satisfied\"}");
    assertThat(r.getStatus()).isEqualTo(403); // the department works it; closing is the area's business
    r = postJson("/api/v1/ledger/problems/" + id + "/close", "t-town-officer", "{\"version\":4}");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(body(r)).contains("满意度");
    r = postJson("/api/v1/ledger/problems/" + id + "/close", "t-town-officer",
        "{\"version\":4,\"satisfaction\":\"satisfied\",\"note\":\"电话回访\"}");
    assertThat(r.getStatus()).as(body(r)).isEqualTo(200);
    assertThat(body(r)).contains("\"status\":\"closed\"").contains("\"satisfaction\":\"satisfied\"");
  }

  @Test
  void badInputAnswersInChineseAndALostRaceIs409() throws Exception {
    long id = record();
    MockHttpServletResponse r = postJson("/api/v1/ledger/problems/" + id + "/assign", "t-town-officer",
        "{\"version\":1,\"assignee\":\"%s\",\"deadline\":\"%s\"}".formatted(LedgerFixtures.POLICE_REPORTER,
            today().minusDays(1)));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(body(r)).contains("已经过去");
    r = postJson("/api/v1/ledger/problems/" + id + "/close", "t-county-admin", "{\"version\":1,\"satisfaction\":\"satisfied\"}");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(body(r)).contains("还没有处理结果");
    r = postJson("/api/v1/ledger/problems/" + id + "/assign", "t-town-officer",
        "{\"version\":1,\"assignee\":\"%s\",\"deadline\":\"not a date\"}".formatted(LedgerFixtures.POLICE_REPORTER));
    assertThat(r.getStatus()).isEqualTo(400);
    r = postJson("/api/v1/ledger/problems", "t-town-officer",
        "{\"areaCode\":\"330604001\",\"source\":\"visit\",\"category\":\"nope\",\"description\":\"x\"}");
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(body(r)).contains("问题类别“nope”不存在");
    r = postJson("/api/v1/ledger/problems", "t-town-officer",
        "{\"areaCode\":\"330604001\",\"source\":\"visit\",\"category\":\"fraud\",\"description\":\" \"}");
    assertThat(r.getStatus()).isEqualTo(400);
    // the ledger names its own field, not the activity report's field of the same name (活动开展情况)
    assertThat(body(r)).contains("“问题描述”").doesNotContain("活动开展情况");
    assertThat(version(id)).isEqualTo(1);

    r = postJson("/api/v1/ledger/problems/" + id + "/assign", "t-town-officer",
        "{\"version\":1,\"assignee\":\"%s\",\"deadline\":\"%s\"}".formatted(LedgerFixtures.POLICE_REPORTER, today()));
    assertThat(r.getStatus()).isEqualTo(200);
    r = postJson("/api/v1/ledger/problems/" + id + "/assign", "t-county-admin",
        "{\"version\":1,\"assignee\":\"t-town-officer\",\"deadline\":\"%s\"}".formatted(today()));
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(body(r)).contains("刚刚被其他人修改过");
    assertThat(version(id)).isEqualTo(2);
  }

  @Test
  void outsideTheSubtreeAProblemDoesNotExistAndSupervisorsHaveNoLedger() throws Exception {
    long id = record();
    assertThat(getAs("/api/v1/ledger/problems/" + id, LedgerFixtures.OTHER_TOWN_OFFICER).getStatus()).isEqualTo(404);
    assertThat(postJson("/api/v1/ledger/problems/" + id + "/reopen", LedgerFixtures.OTHER_TOWN_OFFICER,
        "{\"version\":1,\"reason\":\"x\"}").getStatus()).isEqualTo(404);
    assertThat(body(getAs("/api/v1/ledger/problems?status=open", LedgerFixtures.OTHER_TOWN_OFFICER)))
        .doesNotContain(marker);
    assertThat(getAs("/api/v1/ledger/problems/" + id, "t-henan").getStatus()).isEqualTo(404);
    assertThat(getAs("/api/v1/ledger/problems/" + id, "t-supervisor").getStatus()).isEqualTo(403);
    assertThat(getAs("/api/v1/ledger/problems", "t-interviewer").getStatus()).isEqualTo(403);
    assertThat(getAs("/ledger/problems.csv", "t-supervisor").getStatus()).isEqualTo(403);
    assertThat(body(getAs("/api/v1/ledger/problems/" + id, "t-province-analyst"))).contains("欧***")
        .contains("139****5678").doesNotContain("欧阳娜娜").doesNotContain("13912345678");
    assertThat(body(getAs("/api/v1/ledger/problems?area=330604001", "t-province-admin"))).contains(marker)
        .contains("欧***").doesNotContain("欧阳娜娜");
    assertThat(getAs("/api/v1/ledger/problems?status=bogus", "t-county-admin").getStatus()).isEqualTo(400);
    assertThat(getAs("/api/v1/ledger/statistics?area=nowhere", "t-county-admin").getStatus()).isEqualTo(400);
    assertThat(getAs("/api/v1/ledger/statistics?area=" + LedgerFixtures.OTHER_TOWN, "t-town-officer").getStatus())
        .isEqualTo(403);
    assertThat(body(getAs("/api/v1/ledger/statistics", "t-county-admin"))).contains("\"areaCode\":\"330604001\"");
  }

  @Test
  void exportsAreMaskedWithoutThePersonalDataRightAndAudited() throws Exception {
    record();
    long audits = jdbc.sql("select count(*) from audit_log where action = 'ledger.export'").query(Long.class).single();
    String clear = body(getAs("/ledger/problems.csv?area=330604001", "t-county-admin"));
    assertThat(clear).startsWith("\uFEFF").contains(marker).contains("欧阳娜娜").contains("13912345678")
        .contains("群众姓名");
    for (String analyst : List.of("t-province-admin", "t-province-analyst")) {
      MockHttpServletResponse csv = getAs("/ledger/problems.csv?area=330604001", analyst);
      assertThat(csv.getHeader("Content-Disposition")).startsWith("attachment");
      assertThat(body(csv)).contains(marker).contains("欧***").contains("139****5678").doesNotContain("欧阳娜娜")
          .doesNotContain("13912345678");
      MockHttpServletResponse xlsx = getAs("/ledger/problems.xlsx?area=330604001&status=new", analyst);
      assertThat(xlsx.getStatus()).isEqualTo(200);
      List<String> cells = new ArrayList<>();
      try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(xlsx.getContentAsByteArray()))) {
        Sheet sheet = book.getSheetAt(0);
        assertThat(sheet.getRow(0).getCell(7).getStringCellValue()).isEqualTo("群众姓名");
        for (Row row : sheet) {
          row.forEach(c -> cells.add(c.getStringCellValue()));
        }
      }
      assertThat(cells).contains(marker, "欧***", "139****5678").doesNotContain("欧阳娜娜", "13912345678");
    }
    // the other town's export has none of it
    assertThat(body(getAs("/ledger/problems.csv", LedgerFixtures.OTHER_TOWN_OFFICER))).doesNotContain(marker);
    assertThat(jdbc.sql("select count(*) from audit_log where action = 'ledger.export'").query(Long.class).single())
        .isEqualTo(audits + 6);
    assertThat(jdbc.sql("""
        select detail->>'masked' from audit_log where action = 'ledger.export' and actor = 't-province-analyst'
         order by id desc limit 1""").query(String.class).single()).isEqualTo("true");
  }

  @Test
  void theProvinceAdminAddsAndRetiresCategoriesACountyDoesNot() throws Exception {
    String code = "t-" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(postJson("/api/v1/ledger/categories", "t-county-admin",
        "{\"code\":\"%s\",\"nameZh\":\"测试\",\"nameEn\":\"Test\"}".formatted(code)).getStatus()).isEqualTo(403);
    MockHttpServletResponse r = postJson("/api/v1/ledger/categories", "t-province-admin",
        "{\"code\":\"%s\",\"nameZh\":\"校园安全\",\"nameEn\":\"School safety\"}".formatted(code));
    assertThat(r.getStatus()).as(body(r)).isEqualTo(200);
    assertThat(body(getAs("/api/v1/ledger/categories", "t-town-officer"))).contains("校园安全");
    assertThat(postJson("/api/v1/ledger/categories", "t-province-admin",
        "{\"code\":\"Bad Code\",\"nameZh\":\"\",\"nameEn\":\"x\"}").getStatus()).isEqualTo(400);
    postJson("/api/v1/ledger/categories", "t-province-admin",
        "{\"code\":\"%s\",\"nameZh\":\"校园安全\",\"nameEn\":\"School safety\",\"active\":false}".formatted(code));
    r = postJson("/api/v1/ledger/problems", "t-town-officer",
        "{\"areaCode\":\"330604001\",\"source\":\"visit\",\"category\":\"%s\",\"description\":\"x\"}".formatted(code));
    assertThat(r.getStatus()).isEqualTo(400); // retired: not for new problems
  }
}
