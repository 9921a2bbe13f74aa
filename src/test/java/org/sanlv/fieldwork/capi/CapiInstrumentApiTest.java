package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/** GET /api/v1/capi/instruments/{id}: the questionnaire as the offline engine takes it, cacheable, for field staff. */
@IntegrationTest
class CapiInstrumentApiTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired InstrumentService instruments;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  private long id(String formId) {
    return instruments.list(TestAccounts.ROOT).stream().filter(i -> i.formId().equals(formId)).findFirst()
        .orElseThrow().id();
  }

  private MockHttpServletResponse fetch(String username, long id, String etag) throws Exception {
    var request = get("/api/v1/capi/instruments/" + id).with(user(username));
    if (etag != null) {
      request = request.header("If-None-Match", etag);
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  @Test
  @SuppressWarnings("unchecked")
  void anInterviewerGetsTheCompiledQuestionnaireWithTextsAndCounties() throws Exception {
    MockHttpServletResponse r = fetch("t-interviewer", id("zhejiang-2022"), null);
    assertThat(r.getStatus()).isEqualTo(200);
    Map<String, Object> form = JSON.readValue(r.getContentAsString(), Map.class);
    assertThat(form.get("formId")).isEqualTo("zhejiang-2022");
    List<Map<String, Object>> rows = (List<Map<String, Object>>) form.get("rows");
    assertThat(rows).extracting(row -> row.get("name")).contains("county", "age", "q1", "q1_other");
    Map<String, Object> age = rows.stream().filter(row -> "age".equals(row.get("name"))).findFirst().orElseThrow();
    assertThat(age.get("type")).isEqualTo("integer");
    assertThat(age.get("constraint")).isEqualTo(". >= 0 and . <= 120");
    assertThat((Map<String, String>) age.get("constraintMessage")).containsEntry("zh", "请填写0至120之间的周岁年龄");
    Map<String, Object> other = rows.stream().filter(row -> "q1_other".equals(row.get("name"))).findFirst().orElseThrow();
    assertThat((String) other.get("relevant")).contains("${q1}");
    assertThat((List<Integer>) form.get("order")).hasSize(rows.size());
    Map<String, Map<String, String>> texts = (Map<String, Map<String, String>>) form.get("texts");
    assertThat(texts.get("zh")).containsEntry("answer.required", "这道题必须回答").containsEntry("interview.next", "下一题");
    assertThat(texts.get("en")).containsEntry("interview.next", "Next");
    assertThat((Map<String, String>) form.get("counties")).containsEntry("330604", "上虞区");
  }

  @Test
  void aStoredVersionIsCachedByItsEtag() throws Exception {
    long id = id("zhejiang-2022");
    MockHttpServletResponse first = fetch("t-supervisor", id, null);
    String etag = first.getHeader("ETag");
    assertThat(etag).isNotBlank();
    assertThat(first.getHeader("Cache-Control")).contains("max-age=86400").contains("private");
    MockHttpServletResponse again = fetch("t-interviewer", id, etag);
    assertThat(again.getStatus()).isEqualTo(304);
    assertThat(again.getContentAsString()).isEmpty();
    assertThat(fetch("t-interviewer", id, "\"something-else\"").getStatus()).isEqualTo(200);
  }

  @Test
  void onlyFieldStaffInsideTheProvinceGetIt() throws Exception {
    long zhejiang = id("zhejiang-2022");
    assertThat(fetch("t-town-officer", zhejiang, null).getStatus()).isEqualTo(403);
    assertThat(fetch("t-province-analyst", zhejiang, null).getStatus()).isEqualTo(403);
    assertThat(fetch("t-county-admin", zhejiang, null).getStatus()).isEqualTo(200);
    // 河南's questionnaire is outside every Zhejiang account
    int outside = fetch("t-interviewer", id("henan-liangan-2020"), null).getStatus();
    assertThat(outside).isIn(403, 404);
    assertThat(fetch("t-interviewer", 987_654_321L, null).getStatus()).isEqualTo(404);
    assertThat(mvc.perform(get("/api/v1/capi/instruments/abc").with(user("t-interviewer"))).andReturn().getResponse()
        .getStatus()).isIn(400, 404);
  }
}
