package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** What the area picker asks: areas by name or code in the caller's subtree, of the levels a field takes, with paths. */
@IntegrationTest
class AreaSearchTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  private final JsonMapper json = JsonMapper.builder().build();

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  private List<Map<String, Object>> search(String username, String query) throws Exception {
    MockHttpServletResponse r = mvc.perform(get("/api/v1/areas/search?" + query).with(user(username)))
        .andReturn().getResponse();
    assertThat(r.getStatus()).as(query).isEqualTo(200);
    return json.readValue(r.getContentAsString(java.nio.charset.StandardCharsets.UTF_8), new TypeReference<>() {});
  }

  @Test
  void aNameFindsTheAreaWithItsPathFromTheCallersTopNode() throws Exception {
    List<Map<String, Object>> found = search("t-province-admin", "q=上虞&level=county");
    assertThat(found).extracting(a -> a.get("code")).containsExactly(TestAccounts.SHANGYU);
    assertThat(found.get(0).get("trail")).isEqualTo(List.of("浙江省", "绍兴市", "上虞区"));
    // a county official's paths start at the county: what is above is not theirs
    List<Map<String, Object>> town = search("t-county-admin", "q=百官&level=town");
    assertThat(town).extracting(a -> a.get("trail")).containsExactly(List.of("上虞区", "百官街道"));
  }

  @Test
  void levelsKeepOnlyWhatTheFieldTakesAndCodesMatchByTheirStart() throws Exception {
    assertThat(search("t-province-admin", "q=3306&level=province,county"))
        .extracting(a -> a.get("level")).containsOnly("county").isNotEmpty();
    assertThat(search("t-province-admin", "q=3306")).extracting(a -> a.get("level")).contains("city", "county", "town");
  }

  @Test
  void nothingOutsideTheSubtreeIsFoundAndWildcardsAreLiteral() throws Exception {
    assertThat(search("t-county-admin", "q=上城")).isEmpty();
    assertThat(search("t-county-admin", "q=%25")).isEmpty();
    assertThat(search("t-county-admin", "q=_")).isEmpty();
  }

  @Test
  void anUnknownLevelIsA400NamingIt() throws Exception {
    MockHttpServletResponse r = mvc.perform(get("/api/v1/areas/search?q=上虞&level=planet").with(user("t-county-admin")))
        .andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString()).contains("planet");
  }
}
