package org.sanlv.quiz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
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
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The province's quiz editor over HTTP: a valid change becomes the live edition; an invalid one comes back with
 * problems named by question and field and saves nothing; a word the quiz never says is refused; a page older than
 * the live edition cannot undo a newer save; uploads report line numbers; no role but the province admin gets in.
 */
@IntegrationTest
class QuizEditorTest {

  private static final String ADMIN = "t-province-admin";

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired QuizService quiz;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  /** The shared database's other tests see the shipped quiz again (as a new edition of the same content). */
  @AfterEach
  void shippedAgain() throws IOException {
    if (!QuizContent.parse(shipped()).equals(quiz.live().content())) {
      quiz.saveEdition(TestAccounts.ROOT, shipped(), "测试：恢复系统默认内容");
    }
  }

  static String shipped() throws IOException {
    return Files.readString(Path.of("src/main/resources/quiz/anti-fraud.yaml"), StandardCharsets.UTF_8);
  }

  private long editions() {
    return jdbc.sql("select count(*) from quiz_edition").query(Long.class).single();
  }

  private String base() {
    Long id = quiz.live().editionId();
    return id == null ? "" : String.valueOf(id);
  }

  /** The form of a live question, as the page posts it, with some fields changed ("name", "value", …). */
  private MockHttpServletRequestBuilder form(QuizContent.Question q, String... changed) {
    return formAs(ADMIN, q, changed);
  }

  private MockHttpServletRequestBuilder formAs(String username, QuizContent.Question q, String... changed) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put("base", base());
    f.put("originalId", q.id());
    f.put("id", q.id());
    f.put("kind", q.kind());
    f.put("textZh", q.text().get("zh"));
    f.put("textEn", q.text().get("en"));
    f.put("explanationZh", q.explanation().get("zh"));
    f.put("explanationEn", q.explanation().get("en"));
    for (int i = 0; i + 1 < changed.length; i += 2) {
      f.put(changed[i], changed[i + 1]);
    }
    MockHttpServletRequestBuilder r = post("/quiz/editor/questions").with(user(username)).with(csrf())
        .header("Accept-Language", "zh-CN");
    f.forEach(r::param);
    for (int i = 0; i < q.options().size(); i++) {
      QuizContent.Option o = q.options().get(i);
      r.param("optionId", o.id()).param("optionZh", o.text().get("zh")).param("optionEn", o.text().get("en"));
      if (o.correct()) {
        r.param("correct", String.valueOf(i));
      }
    }
    // the spare empty rows the page sends along
    r.param("optionId", "").param("optionZh", "").param("optionEn", "");
    return r;
  }

  private MockHttpServletResponse send(RequestBuilder r) throws Exception {
    return mvc.perform(r).andReturn().getResponse();
  }

  @Test
  void aChangedExplanationIsSavedAsTheLiveEdition() throws Exception {
    QuizContent.Question first = quiz.live().content().questions().get(0);
    long before = editions();
    String explanation = "接到自称民警要求转账的电话，立即挂断，拨打 110 核实。（编辑测试）";
    MockHttpServletResponse r = send(form(first, "explanationZh", explanation, "note", "更新讲解"));
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(302);
    assertThat(editions()).isEqualTo(before + 1);
    QuizService.Live live = quiz.live();
    assertThat(r.getRedirectedUrl()).startsWith("/quiz/editor?saved=" + live.editionId());
    assertThat(live.content().questions().get(0).explanation()).containsEntry("zh", explanation);
    // everything else as it was: the other questions, the English text, the order
    assertThat(live.content().questions()).hasSameSizeAs(QuizContent.parse(shipped()).questions());
    assertThat(live.content().questions().get(0).explanation()).containsEntry("en", first.explanation().get("en"));
    assertThat(jdbc.sql("select note from quiz_edition where id = ?").param(live.editionId()).query(String.class)
        .single()).isEqualTo("更新讲解");
    // the page lists the edition as live, with who saved it
    String page = send(get("/quiz/editor").with(user(ADMIN)).header("Accept-Language", "zh-CN"))
        .getContentAsString(StandardCharsets.UTF_8);
    assertThat(page).contains(explanation).contains("更新讲解").contains("生效中");
  }

  @Test
  void anInvalidQuestionComesBackWithItsProblemsAndNothingIsSaved() throws Exception {
    QuizContent.Question second = quiz.live().content().questions().get(1);
    long before = editions();
    QuizContent liveBefore = quiz.live().content();
    MockHttpServletResponse r = send(form(second, "textEn", " ", "id", "Bad Id"));
    assertThat(r.getStatus()).isEqualTo(400);
    String page = r.getContentAsString(StandardCharsets.UTF_8);
    assertThat(page).contains("第 2 题未保存").contains("题目编号").contains("Bad Id");
    // the posted values are on the form again, the wrong field marked
    assertThat(page).contains("value=\"Bad Id\"").contains("aria-invalid=\"true\"");
    assertThat(editions()).isEqualTo(before);
    assertThat(quiz.live().content()).isEqualTo(liveBefore);

    r = send(form(second, "textEn", ""));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("题目（英文）");
    assertThat(editions()).isEqualTo(before);
  }

  @Test
  void aWordTheQuizNeverSaysIsRefused() throws Exception {
    QuizContent.Question first = quiz.live().content().questions().get(0);
    long before = editions();
    MockHttpServletResponse r = send(form(first, "explanationZh", "接到测评电话时请回答满意度很高。"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("讲解（中文）").contains("测评");
    r = send(form(first, "textEn", "Is this survey call a fraud?"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("题目（英文）").contains("survey");
    // the same in an uploaded file, with its line
    String bent = shipped().replaceFirst("这是冒充公检法诈骗。", "这是冒充公检法诈骗。接到问卷电话要配合。");
    r = send(multipart("/quiz/editor/upload").file(new MockMultipartFile("file", "bent.yaml", "application/yaml",
        bent.getBytes(StandardCharsets.UTF_8))).with(user(ADMIN)).with(csrf()).header("Accept-Language", "zh-CN"));
    assertThat(r.getStatus()).isEqualTo(400);
    int line = lineOf(bent, "接到问卷电话");
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("第 " + line + " 行").contains("问卷");
    assertThat(editions()).isEqualTo(before);
  }

  private static int lineOf(String text, String what) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(what)) {
        return i + 1;
      }
    }
    throw new AssertionError(what);
  }

  @Test
  void aPageOlderThanTheLiveEditionCannotUndoANewerSave() throws Exception {
    QuizContent.Question first = quiz.live().content().questions().get(0);
    MockHttpServletRequestBuilder old = form(first, "explanationZh", "旧页面上的修改：挂断电话，拨打 110。");
    // someone saves meanwhile
    quiz.saveEdition(TestAccounts.ROOT, QuizYamlWriter.write(quiz.live().content()), "测试：他人同时保存");
    long before = editions();
    MockHttpServletResponse r = send(old);
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("已被他人修改");
    assertThat(editions()).isEqualTo(before);
  }

  @Test
  void questionsAreAddedMovedAndRemovedEachAsAnEdition() throws Exception {
    int n = quiz.live().content().questions().size();
    MockHttpServletResponse r = send(post("/quiz/editor/questions").with(user(ADMIN)).with(csrf())
        .param("base", base()).param("originalId", "").param("id", "fake-courier").param("kind", "judge")
        .param("textZh", "快递员来电说你的包裹丢了，要理赔先加他的微信并点开链接填写银行卡。这是诈骗吗？")
        .param("textEn", "A courier calls: your parcel is lost; to be compensated add him on WeChat and enter your card in a link. Is this a fraud?")
        .param("optionId", "yes").param("optionZh", "是诈骗").param("optionEn", "It is a fraud")
        .param("optionId", "no").param("optionZh", "不是诈骗").param("optionEn", "It is not a fraud")
        .param("optionId", "").param("optionZh", "").param("optionEn", "")
        .param("correct", "0")
        .param("explanationZh", "这是假冒快递理赔诈骗。理赔只通过官方渠道，不加陌生人微信，不在链接里填银行卡。")
        .param("explanationEn", "This is the fake courier refund scheme. Claims go through official channels only."));
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(302);
    List<String> ids = quiz.live().content().questions().stream().map(QuizContent.Question::id).toList();
    assertThat(ids).hasSize(n + 1).last().isEqualTo("fake-courier");

    r = send(post("/quiz/editor/questions/move").with(user(ADMIN)).with(csrf()).param("base", base())
        .param("question", "fake-courier").param("direction", "up"));
    assertThat(r.getStatus()).isEqualTo(302);
    ids = quiz.live().content().questions().stream().map(QuizContent.Question::id).toList();
    assertThat(ids.get(n - 1)).isEqualTo("fake-courier");

    long before = editions();
    r = send(post("/quiz/editor/questions/remove").with(user(ADMIN)).with(csrf()).param("base", base())
        .param("question", "fake-courier"));
    assertThat(r.getStatus()).isEqualTo(302);
    assertThat(editions()).isEqualTo(before + 1);
    assertThat(quiz.live().content()).isEqualTo(QuizContent.parse(shipped()));

    r = send(post("/quiz/editor/questions/remove").with(user(ADMIN)).with(csrf()).param("base", base())
        .param("question", "no-such-question").header("Accept-Language", "zh-CN"));
    assertThat(r.getStatus()).isEqualTo(409);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("no-such-question");
  }

  @Test
  void anUploadedFileIsSavedAndDownloadedAsItWas() throws Exception {
    String yaml = "# 省里的版本\n" + shipped().replace("防范电信网络诈骗知识答题", "防范电信网络诈骗知识答题（省版）");
    MockHttpServletResponse r = send(multipart("/quiz/editor/upload").file(new MockMultipartFile("file", "province.yaml",
        "application/yaml", yaml.getBytes(StandardCharsets.UTF_8))).param("note", "省版").with(user(ADMIN)).with(csrf()));
    assertThat(r.getStatus()).as(r.getContentAsString()).isEqualTo(302);
    assertThat(quiz.live().content().title()).containsEntry("zh", "防范电信网络诈骗知识答题（省版）");
    r = send(get("/quiz/editor/content.yaml").with(user(ADMIN)));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).isEqualTo(yaml);
    // not UTF-8, empty, not YAML: refused in Chinese, nothing saved
    long before = editions();
    r = send(multipart("/quiz/editor/upload").file(new MockMultipartFile("file", "gbk.yaml", "application/yaml",
        "title: 标题".getBytes(java.nio.charset.Charset.forName("GBK")))).with(user(ADMIN)).with(csrf())
        .header("Accept-Language", "zh-CN"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("UTF-8");
    r = send(multipart("/quiz/editor/upload").with(user(ADMIN)).with(csrf()).header("Accept-Language", "zh-CN"));
    assertThat(r.getStatus()).isEqualTo(400);
    r = send(multipart("/quiz/editor/upload").file(new MockMultipartFile("file", "x.yaml", "application/yaml",
        "title: [unclosed\n".getBytes(StandardCharsets.UTF_8))).with(user(ADMIN)).with(csrf())
        .header("Accept-Language", "zh-CN"));
    assertThat(r.getStatus()).isEqualTo(400);
    assertThat(r.getContentAsString(StandardCharsets.UTF_8)).contains("YAML");
    assertThat(editions()).isEqualTo(before);
    r = send(get("/quiz/editor/content.yaml").param("edition", "x").with(user(ADMIN)));
    assertThat(r.getStatus()).isEqualTo(400);
  }

  @Test
  void formsWithNothingUsefulAreRefusedNeverAnError() throws Exception {
    long before = editions();
    for (String path : List.of("/quiz/editor/questions", "/quiz/editor/questions/remove", "/quiz/editor/questions/move",
        "/quiz/editor/texts", "/quiz/editor/upload")) {
      for (String base : List.of(base(), "x")) {
        MockHttpServletResponse r = send(post(path).with(user(ADMIN)).with(csrf()).param("population", "-1")
            .param("base", base).contentType("application/json").content("{\"population\": -1}")
            .accept("text/html", "application/json"));
        assertThat(r.getStatus()).as(path + " " + base).isBetween(400, 499);
      }
    }
    assertThat(editions()).isEqualTo(before);
  }

  @Test
  void onlyTheProvinceAdminEditsTheQuiz() throws Exception {
    long before = editions();
    QuizContent.Question first = quiz.live().content().questions().get(0);
    for (String u : List.of("t-province-analyst", "t-supervisor", "t-interviewer", "t-county-admin", "t-town-officer",
        "t-unit-reporter")) {
      assertThat(send(get("/quiz/editor").with(user(u))).getStatus()).as(u).isEqualTo(403);
      assertThat(send(get("/quiz/editor/content.yaml").with(user(u))).getStatus()).as(u).isEqualTo(403);
      MockHttpServletRequestBuilder r = formAs(u, first, "explanationZh", "不该保存：拨打 110。");
      assertThat(send(r).getStatus()).as(u).isEqualTo(403);
    }
    assertThat(editions()).isEqualTo(before);
    assertThat(send(get("/quiz/editor").with(user(ADMIN))).getStatus()).isEqualTo(200);
    MockHttpServletResponse en = send(get("/quiz/editor").param("lang", "en").with(user(ADMIN)));
    assertThat(en.getStatus()).isEqualTo(200);
    assertThat(en.getContentAsString(StandardCharsets.UTF_8)).contains("Anti-fraud quiz content").contains("Question 1");
  }

  @Test
  void theQrCodeNamesACountyOrTownInTheCallersSubtree() throws Exception {
    MockHttpServletResponse r = send(get("/quiz/qr").param("area", TestAccounts.BAIGUAN).with(user("t-town-officer")));
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentType()).isEqualTo("image/png");
    assertThat(r.getContentAsByteArray()).startsWith(0x89, 'P', 'N', 'G');
    r = send(get("/quiz/qr").param("area", TestAccounts.BAIGUAN).param("download", "true").with(user("t-county-admin")));
    assertThat(r.getHeader("Content-Disposition")).contains("anti-fraud-quiz-" + TestAccounts.BAIGUAN + ".png");
    assertThat(send(get("/quiz/qr").param("area", TestAccounts.SHANGYU).with(user("t-town-officer"))).getStatus())
        .isEqualTo(403);
    assertThat(send(get("/quiz/qr").param("area", TestAccounts.HENAN_COUNTY).with(user("t-province-admin")))
        .getStatus()).isIn(403, 404);
    assertThat(send(get("/quiz/qr").param("area", "33").with(user("t-province-admin")).header("Accept-Language", "zh-CN"))
        .getStatus()).isEqualTo(400);
    assertThat(send(get("/quiz/qr").param("area", "nope").with(user("t-province-admin"))).getStatus()).isEqualTo(404);
    assertThat(send(get("/quiz/qr")).getStatus()).isIn(302, 401);
  }

  /**
   * Two editors saving from the same edition at the same moment: one edition is saved, the other is refused as a
   * conflict (the check and the insert are one locked step, not a look followed by a write).
   */
  @Test
  void twoSavesFromOneEditionSaveOne() throws Exception {
    Long base = quiz.live().editionId();
    String yaml = quiz.live().yaml();
    long before = editions();
    int n = 6;
    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(n);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
    List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < n; i++) {
        int k = i;
        outcomes.add(pool.submit(() -> {
          start.await();
          try {
            quiz.saveEditionOver(TestAccounts.ROOT, base, yaml, "测试：并发保存 " + k);
            return "saved";
          } catch (org.sanlv.platform.InputConflict e) {
            return e.problems().get(0).messageKey();
          }
        }));
      }
      List<String> got = new java.util.ArrayList<>();
      for (var f : outcomes) {
        got.add(f.get(30, java.util.concurrent.TimeUnit.SECONDS));
      }
      assertThat(got).filteredOn("saved"::equals).hasSize(1);
      assertThat(got).filteredOn("quiz.editor.error.stale"::equals).hasSize(n - 1);
    } finally {
      pool.shutdownNow();
    }
    assertThat(editions()).isEqualTo(before + 1);
    // a save from the edition now live goes through; one from the old base still does not
    quiz.saveEditionOver(TestAccounts.ROOT, quiz.live().editionId(), yaml, "测试：在最新版本上保存");
    assertThat(editions()).isEqualTo(before + 2);
    assertThatThrownBy(
        () -> quiz.saveEditionOver(TestAccounts.ROOT, base, yaml, "测试：旧版本"))
        .isInstanceOf(org.sanlv.platform.InputConflict.class);
    assertThat(editions()).isEqualTo(before + 2);
  }
}
