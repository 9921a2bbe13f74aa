package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The quiz on a campaign's overview: completions per town within the campaign's dates (China dates, both ends in),
 * the county's own link as its own row, a total equal to the rows' sum; a town officer sees its own town only.
 */
@IntegrationTest
class CampaignQuizPanelTest {

  static final String OTHER_TOWN = CampaignQuizPanelFixture.OTHER_TOWN;

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  long campaign;

  @BeforeEach
  void fixtures() {
    TestAccounts.ensure(org, users);
    campaign = CampaignQuizPanelFixture.campaignWithCompletions(jdbc);
  }

  private static final Pattern ROW = Pattern.compile(
      "<tr data-area=\"(\\w+)\">\\s*<td>[^<]*</td>\\s*<td class=\"num\">(\\d+)</td>");

  static Map<String, Long> rows(String html) {
    Map<String, Long> counts = new LinkedHashMap<>();
    Matcher m = ROW.matcher(html);
    while (m.find()) {
      counts.put(m.group(1), Long.parseLong(m.group(2)));
    }
    return counts;
  }

  @Test
  void theCountySeesEveryTownsCompletionsWithinTheCampaignsDates() throws Exception {
    String html = mvc.perform(get("/campaigns/" + campaign).with(user("t-county-admin")).header("Accept-Language", "zh-CN"))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(html).contains("防诈知识答题");
    Map<String, Long> rows = rows(html);
    assertThat(rows).containsEntry(TestAccounts.BAIGUAN, 3L).containsEntry(OTHER_TOWN, 2L)
        .containsEntry(TestAccounts.SHANGYU, 1L);
    // every town of the county has its row (with its link and QR code), most with nothing yet
    assertThat(rows.size()).isGreaterThanOrEqualTo(21);
    long total = rows.values().stream().mapToLong(Long::longValue).sum();
    assertThat(total).isEqualTo(6);
    assertThat(html).contains("id=\"quiz-total\">6<");
    assertThat(html).contains("/quiz?area=" + TestAccounts.BAIGUAN).contains("/quiz/qr?area=" + TestAccounts.BAIGUAN);
    assertThat(html).contains("data-values=\"");
    // no completion flagged: the panel has no burst column, figure or explanation
    assertThat(html).doesNotContain("其中疑似批量").doesNotContain("quiz-burst").doesNotContain("脚本刷量");
  }

  private static final Pattern BURST_ROW = Pattern.compile(
      "<tr data-area=\"(\\w+)\">\\s*<td>[^<]*</td>\\s*<td class=\"num\">(\\d+)</td>\\s*"
          + "<td class=\"num quiz-burst[^\"]*\">(\\d+)</td>");

  @Test
  void burstsAreShownBesideTheCompletionsWithWhatTheyMean() throws Exception {
    long bursts = CampaignQuizPanelFixture.campaignWithBursts(jdbc);
    String html = mvc.perform(get("/campaigns/" + bursts).with(user("t-county-admin")).header("Accept-Language", "zh-CN"))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    Map<String, String> cells = new LinkedHashMap<>();
    Matcher m = BURST_ROW.matcher(html);
    while (m.find()) {
      cells.put(m.group(1), m.group(2) + "/" + m.group(3));
    }
    // the completions stay the total (nothing hidden); the burst column says how many of them are suspect
    assertThat(cells).containsEntry(TestAccounts.BAIGUAN, "5/3").containsEntry(OTHER_TOWN, "2/0")
        .containsEntry(TestAccounts.SHANGYU, "0/0");
    assertThat(html).contains("<th class=\"num\">其中疑似批量</th>")
        .contains("id=\"quiz-total\">7<").contains("id=\"quiz-bursts\">3<")
        .contains("<th class=\"num quiz-burst\">3</th>")
        .contains("同一网络短时间内大量完成，可能为脚本刷量，请核实");
    String en = mvc.perform(get("/campaigns/" + bursts).param("lang", "en").with(user("t-county-admin")))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(en).contains("Of which suspected bulk").contains("possibly scripted").doesNotContain("其中疑似批量");
    // a town officer sees its own town's bursts
    String town = mvc.perform(get("/campaigns/" + bursts).with(user("t-town-officer")).header("Accept-Language", "zh-CN"))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(town).contains("id=\"quiz-bursts\">3<").doesNotContain("data-area=\"" + OTHER_TOWN + "\"");
  }

  @Test
  void aTownOfficerSeesItsOwnTownOnly() throws Exception {
    String html = mvc.perform(get("/campaigns/" + campaign).with(user("t-town-officer")).header("Accept-Language", "zh-CN"))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    Map<String, Long> rows = rows(html);
    assertThat(rows).containsEntry(TestAccounts.BAIGUAN, 3L).doesNotContainKey(OTHER_TOWN)
        .doesNotContainKey(TestAccounts.SHANGYU);
  }

  @Test
  void aUnitReporterSeesNoPanel() throws Exception {
    String html = mvc.perform(get("/campaigns/" + campaign).with(user("t-unit-reporter")).header("Accept-Language", "zh-CN"))
        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    assertThat(html).doesNotContain("id=\"quiz\"");
  }
}
