package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.sanlv.browser.Questionnaire.at;
import static org.sanlv.browser.Questionnaire.choose;
import static org.sanlv.browser.Questionnaire.county;
import static org.sanlv.browser.Questionnaire.fill;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;

/** The questionnaire preview of zhejiang-2022 on a phone, clicked through with live skip logic. */
@IntegrationTest
@Tag("browser")
class PreviewBrowserTest extends BrowserTestBase {

  private Page openPreview() {
    Page page = browser.phone();
    page.navigate("http://localhost:" + port + "/login");
    page.getByLabel("用户名").fill("admin");
    page.getByLabel("密码").fill("admin-test-password");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
    page.navigate("http://localhost:" + port + "/instruments");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("全省群众安全感调查问卷")).click();
    page.waitForFunction("() => window.htmx !== undefined");
    return page;
  }

  @Test
  void aFifteenYearOldIsThankedAndTheInterviewEnds() {
    Page page = openPreview();
    county(page, "上虞区");
    fill(page, "age", "15");
    assertThat(page.locator(".end")).hasText("本次访问已结束。");
    assertThat(page.locator("#interview")).containsText("本次调查的对象是16周岁及以上的居民");
    Browser.screenshot(page, "preview-ineligible-phone");
  }

  @Test
  void aFullPathWithOtherSpecifyAndExactlyThreeConcerns() {
    Page page = openPreview();
    Browser.screenshot(page, "preview-start-phone");
    county(page, "上虞区");
    fill(page, "age", "42");
    choose(page, "hukou", "省内");
    choose(page, "q1", "其他（请注明）");
    fill(page, "q1_other", "<script>alert(1)</script>电动车电瓶被偷");
    choose(page, "q2", "较好");
    choose(page, "q3", "没有");
    choose(page, "q4", "好");
    choose(page, "q5", "没有");
    choose(page, "q6", "好");
    choose(page, "q7", "没有");
    choose(page, "q8", "较好");
    choose(page, "q9", "好");
    choose(page, "q10", "社会治安", "交通安全");
    at(page, "q10");
    assertThat(page.locator("#problems")).hasText("请选择三项");
    Browser.screenshot(page, "preview-q10-refused-phone");
    choose(page, "q10", "网络信息安全");
    choose(page, "q11", "网上兼职刷单", "网络贷款", "网络赌博");
    choose(page, "q12", "没有参加");
    choose(page, "q13", "较好");
    assertThat(page.locator("#interview")).containsText("问卷已答完");
    page.locator("summary").click();
    assertThat(page.locator("pre.answers")).containsText("电动车电瓶被偷");
    assertThat(page.locator("pre.answers")).containsText("\"q10\":[\"1\",\"5\",\"6\"]");
    Browser.screenshot(page, "preview-complete-phone");
  }

  @Test
  void backKeepsTheAnswerAndExclusiveOptionsAreEnforced() {
    Page page = openPreview();
    county(page, "上虞区");
    fill(page, "age", "30");
    choose(page, "hukou", "省外及其他");
    choose(page, "q1", "没有", "人身伤害");
    at(page, "q1");
    assertThat(page.locator("#problems li")).hasCount(1);
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("上一题")).click();
    at(page, "hukou");
    assertThat(page.locator("input[value='2']")).isChecked();
  }
}
