package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.campaign.CampaignQuizPanelFixture;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The quiz's editor and the campaign's quiz panel in Chinese: no raw key, no English word, leaving out the quiz's
 * own English texts, which the editor shows on purpose beside the Chinese (marked {@code lang="en"}), and the
 * question and option ids, which are data.
 */
@IntegrationTest
class QuizAdminChinesePagesTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  /**
   * The quiz's own texts, which the editor shows as data (both columns, marked {@code lang}; the Chinese may hold
   * words such as "App"), and the English fields.
   */
  private static final Pattern ENGLISH_CONTENT = Pattern.compile(
      "(?is)<(div|p|input|textarea)\\b[^>]*\\blang=\"(en|zh)\"[^>]*>(.*?</\\1>)?");
  private static final Pattern IDS = Pattern.compile("(?i)<input[^>]*name=\"(id|optionId|base|originalId|question)\"[^>]*>");

  @Test
  void theEditorAndThePanelAreChineseThrough() throws Exception {
    long campaign = CampaignQuizPanelFixture.campaignWithCompletions(jdbc);
    List<String> english = new ArrayList<>();
    english.addAll(englishOn("/quiz/editor", "t-province-admin"));
    english.addAll(englishOn("/campaigns/" + campaign, "t-county-admin"));
    assertThat(english).isEmpty();
  }

  private List<String> englishOn(String path, String username) throws Exception {
    MockHttpServletResponse r = mvc.perform(get(path).with(user(username)).header("Accept-Language", "zh-CN"))
        .andReturn().getResponse();
    if (r.getStatus() != 200) {
      return List.of(path + ": HTTP " + r.getStatus());
    }
    String html = r.getContentAsString(StandardCharsets.UTF_8);
    // nested English columns: strip repeatedly until none is left
    String before;
    do {
      before = html;
      html = ENGLISH_CONTENT.matcher(html).replaceAll(" ");
    } while (!html.equals(before));
    html = IDS.matcher(html).replaceAll(" ");
    // the editions' notes are what the savers wrote, in whatever language
    html = html.replaceAll("(?s)<td class=\"note\">.*?</td>", " ");
    String text = ChinesePagesTest.readable(html);
    List<String> found = new ArrayList<>();
    var raw = Pattern.compile("\\?\\?[\\w.-]+\\?\\?").matcher(text);
    while (raw.find()) {
      found.add(path + ": raw key " + raw.group());
    }
    // the quiz's question and option ids are data (police-transfer, yes, no): shown as code, or in the option rows
    List<String> words = MessageBundlesTest.englishWords(text.replaceAll("\\b[a-z]+(-[a-z0-9]+)+\\b", " ")
        .replaceAll("\\b(yes|no)\\b", " "), false);
    if (!words.isEmpty()) {
      found.add(path + ": " + words.stream().distinct().toList());
    }
    return found;
  }
}
