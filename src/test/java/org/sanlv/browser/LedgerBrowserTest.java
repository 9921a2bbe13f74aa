package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.LoadState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.ledger.LedgerService;
import org.sanlv.ledger.Statistics;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 23's acceptance of the problem ledger (seed 2, "建立台账，包案到人"): a town officer of 上虞区's 百官街道 records a
 * problem on a phone with a photo and assigns it to a colleague; the colleague starts and resolves it; the officer
 * closes it with the resident's answer on satisfaction; a second problem passes its deadline and shows on the overdue
 * list; the statistics page shows the service's numbers and a chart; a province analyst sees the resident masked.
 */
@IntegrationTest
@Tag("browser")
class LedgerBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Ledger-2026-包案到人";
  private static final String COLLEAGUE = "t-ledger-colleague";
  private static final String PHONE = "13812345678";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;
  @Autowired LedgerService ledger;

  Path photoFile;

  @BeforeEach
  void fixtures() throws Exception {
    TestAccounts.ensure(org, users);
    if (users.scopeOf(COLLEAGUE).isEmpty()) {
      users.create(TestAccounts.ROOT, new UserService.NewUser(COLLEAGUE, "李平安", Role.TOWN_OFFICER,
          TestAccounts.BAIGUAN));
    }
    clock.set(Instant.parse("2026-11-18T02:00:00Z")); // 10:00 in China, 18 November
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(96, 64,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = image.createGraphics();
    g.setColor(new java.awt.Color(0x88, 0x99, 0xaa));
    g.fillRect(0, 0, 96, 64);
    g.setColor(java.awt.Color.ORANGE);
    g.fillOval(20, 10, 50, 40);
    g.dispose();
    Files.createDirectories(Browser.SCREENSHOTS);
    photoFile = Browser.SCREENSHOTS.resolve("路灯损坏.png");
    javax.imageio.ImageIO.write(image, "png", photoFile.toFile());
  }

  @AfterEach
  void clockBack() {
    clock.reset();
  }

  @Test
  void aTownRecordsAssignsTheAssigneeResolvesTheTownClosesWithTheResidentsAnswer() {
    String tag = UUID.randomUUID().toString().substring(0, 6);
    String description = "小区东门路灯损坏，夜间行人看不清路（" + tag + "）";

    // the town officer, on a phone: the ledger, then the form
    Page town = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-town-officer", PASSWORD);
    town.navigate(url("/ledger"));
    assertThat(town.locator("h1")).hasText("问题台账");
    town.locator("#new-problem").click();
    assertThat(town.locator("h1")).hasText("登记问题");
    assertThat(town.locator("#areaCode-picked")).containsText("百官街道");
    assertThat(town.locator("#personal-note")).containsText("个人信息");
    town.fill("#address", "百官街道龙山社区 3 幢");
    town.selectOption("#source", "visit");
    town.selectOption("#category", "public-order");
    town.fill("#description", description);
    town.fill("#residentName", "张建国");
    town.fill("#residentPhone", "138-1234-5678x"); // a typo: refused with a clear message, what was typed kept
    town.waitForLoadState(LoadState.LOAD);
    town.locator(".upload-pick input[type=file]").setInputFiles(photoFile);
    assertThat(town.locator(".upload-list input[type=hidden][name=fileIds]")).hasCount(1);
    Browser.screenshot(town, "ledger-new-phone");
    HomeBrowserTest.assertNoSidewaysScroll(town, true);
    town.locator("#record").click();
    assertThat(town.locator(".problems")).containsText("不是电话号码");
    assertThat(town.locator("#description")).hasValue(description);
    town.fill("#residentPhone", PHONE);
    // the photo uploaded before the error stays with the form, ticked
    assertThat(town.locator("#kept-files input[name=fileIds]:checked")).hasCount(1);
    town.locator("#record").click();

    // the problem: new, with its photo and the resident in full (a town officer handles problems)
    assertThat(town.locator("#status")).hasText("新登记");
    assertThat(town.locator("#done")).hasText("问题已登记。");
    assertThat(town.locator("#description")).hasText(description);
    assertThat(town.locator("#resident-phone")).hasText(PHONE);
    assertThat(town.locator("#photos-recorded img")).hasCount(1);
    // the thumbnail is served through the problem (ledger-core's photo endpoint), and it is a picture
    town.locator("#photos-recorded img").scrollIntoViewIfNeeded();
    town.waitForFunction("() => { const i = document.querySelector('#photos-recorded img');"
        + " return i && i.complete && i.naturalWidth > 0; }");
    long id = Long.parseLong(town.url().replaceAll(".*/ledger/problems/(\\d+).*", "$1"));

    // assigning with a deadline in the past: the browser's min is bypassed, the server says why in Chinese
    town.selectOption("#assignee-select", COLLEAGUE);
    town.locator("#assign-form").evaluate("f => f.noValidate = true");
    town.fill("#deadline-input", "2026-11-10");
    town.locator("#assign").click();
    assertThat(town.locator(".problems")).containsText("办理期限 2026-11-10 已经过去");
    assertThat(town.locator("#assignee-select")).hasValue(COLLEAGUE);
    town.fill("#deadline-input", "2026-11-25");
    town.fill("#assign-note", "请三天内联系供电所修复");
    town.locator("#assign").click();
    assertThat(town.locator("#status")).hasText("已交办");
    assertThat(town.locator("#assignee")).containsText("李平安");
    assertThat(town.locator("#deadline")).hasText("2026-11-25");
    Browser.screenshot(town, "ledger-problem-assigned-phone");
    HomeBrowserTest.assertNoSidewaysScroll(town, true);

    // the colleague: mine lists it; a stale page loses the race with a clear message; then start and resolve
    Page colleague = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, COLLEAGUE, PASSWORD);
    colleague.navigate(url("/ledger?tab=mine"));
    assertThat(colleague.locator("#problem-" + id)).containsText("已交办");
    colleague.locator("#problem-" + id + " h3 a").click();
    assertThat(colleague.locator("#start")).isVisible();
    colleague.locator("#start-form input[name=version]").evaluate("i => i.value = String(Number(i.value) - 1)");
    colleague.locator("#start").click();
    assertThat(colleague.locator(".problems")).containsText("刚刚被其他人修改过");
    colleague.navigate(url("/ledger/problems/" + id));
    colleague.locator("#start").click();
    assertThat(colleague.locator("#status")).hasText("处理中");
    colleague.fill("#resolution-text", "已联系供电所更换灯泡，当晚恢复照明。");
    colleague.waitForLoadState(LoadState.LOAD);
    colleague.locator("#resolve-form .upload-pick input[type=file]").setInputFiles(photoFile);
    assertThat(colleague.locator("#resolve-form .upload-list input[type=hidden][name=fileIds]")).hasCount(1);
    colleague.locator("#resolve").click();
    assertThat(colleague.locator("#status")).hasText("已处理");
    assertThat(colleague.locator("#resolution")).hasText("已联系供电所更换灯泡，当晚恢复照明。");
    assertThat(colleague.locator("#photos-resolved img")).hasCount(1);
    // the resolver may not close what they resolved: no closing form for them
    assertThat(colleague.locator("#close-form")).hasCount(0);

    // the officer closes it with the resident's answer: asked, never assumed (no answer preselected)
    town.navigate(url("/ledger/problems/" + id));
    assertThat(town.locator("#close-form input[name=satisfaction]:checked")).hasCount(0);
    assertThat(town.locator("#close-form input[name=satisfaction]")).hasCount(5);
    assertThat(town.locator("#close-form")).containsText("联系不上");
    assertThat(town.locator("#close-form")).containsText("拒绝回答");
    town.locator("#close-form").evaluate("f => f.noValidate = true");
    town.locator("#close").click();
    assertThat(town.locator(".problems")).containsText("请填写群众对处理结果的满意度");
    town.locator("#sat-basically-satisfied").check();
    town.fill("#close-note", "电话回访，群众表示灯已修好");
    Browser.screenshot(town, "ledger-problem-close-phone");
    town.locator("#close").click();
    assertThat(town.locator("#status")).hasText("已办结");
    assertThat(town.locator("#satisfaction")).hasText("基本满意");
    assertThat(town.locator("#trail > li")).hasCount(5);
    assertThat(town.locator("#trail > li.to-closed")).containsText("群众：基本满意");
    assertThat(town.locator("#trail")).not().containsText("basically-satisfied");
    Browser.screenshot(town, "ledger-problem-phone");
    HomeBrowserTest.assertNoSidewaysScroll(town, true);
    colleague.navigate(url("/ledger/problems/" + id));
    Browser.screenshot(colleague, "ledger-problem-desktop");

    // a second problem, assigned with a deadline two days out, then the clock passes it: the overdue list shows it
    town.navigate(url("/ledger/new"));
    town.selectOption("#source", "hotline");
    town.selectOption("#category", "fraud");
    String second = "老人接到冒充公检法电话，要求转账到“安全账户”（" + tag + "）";
    town.fill("#description", second);
    town.locator("#record").click();
    assertThat(town.locator("#status")).hasText("新登记");
    long secondId = Long.parseLong(town.url().replaceAll(".*/ledger/problems/(\\d+).*", "$1"));
    town.selectOption("#assignee-select", COLLEAGUE);
    town.fill("#deadline-input", "2026-11-20");
    town.locator("#assign").click();
    assertThat(town.locator("#status")).hasText("已交办");
    town.navigate(url("/ledger?tab=overdue"));
    assertThat(town.locator("#problem-" + secondId)).hasCount(0);
    clock.advance(Duration.ofDays(5)); // 23 November: the deadline of the 20th has passed
    town.navigate(url("/ledger?tab=overdue"));
    Locator late = town.locator("#problem-" + secondId);
    assertThat(late).containsText("已超期");
    assertThat(late).containsText("2026-11-20");
    assertThat(late).containsText("李平安");
    assertThat(town.locator("#problem-" + id)).hasCount(0); // closed: never overdue
    Browser.screenshot(town, "ledger-list-phone");
    HomeBrowserTest.assertNoSidewaysScroll(town, true);
    colleague.navigate(url("/ledger?tab=mine"));
    assertThat(colleague.locator("#problem-" + secondId + " .badge.overdue")).isVisible();
    Browser.screenshot(colleague, "ledger-list-desktop");
    // the export links carry the list's filter
    assertThat(town.locator("#export-csv")).hasAttribute("href", "/ledger/problems.csv?overdue=true");

    // statistics of 百官街道: the page's numbers are the service's, and the chart is drawn
    town.navigate(url("/ledger/statistics?area=" + TestAccounts.BAIGUAN + "&from=2026-06&to=2026-11"));
    assertThat(town.locator("h1")).hasText("问题台账统计");
    assertThat(town.locator("#ledger-chart svg")).hasCount(1);
    Scope officer = users.scopeOf("t-town-officer").orElseThrow();
    Statistics stats = ledger.statistics(officer, TestAccounts.BAIGUAN, LocalDate.parse("2026-06-01"),
        LocalDate.parse("2026-11-30"), Locale.SIMPLIFIED_CHINESE);
    assertThat(stats.total().recorded()).isGreaterThanOrEqualTo(2);
    assertThat(stats.total().overdue()).isGreaterThanOrEqualTo(1);
    assertThat(town.locator("#total-recorded")).hasText(String.valueOf(stats.total().recorded()));
    assertThat(town.locator("#total-resolved")).hasText(String.valueOf(stats.total().resolved()));
    assertThat(town.locator("#total-closed")).hasText(String.valueOf(stats.total().closed()));
    assertThat(town.locator("#total-overdue")).hasText(String.valueOf(stats.total().overdue()));
    assertThat(town.locator("#by-area tfoot .recorded")).hasText(String.valueOf(stats.total().recorded()));
    assertThat(town.locator("#by-area tfoot .sat-basically-satisfied")).hasText(
        String.valueOf(stats.total().satisfaction().getOrDefault("basically-satisfied", 0L)));
    for (Statistics.Cell c : stats.byCategory()) {
      Locator row = town.locator("#by-category tbody tr[data-code='" + c.category() + "']");
      assertThat(row.locator(".recorded")).hasText(String.valueOf(c.recorded()));
      assertThat(row.locator(".closed")).hasText(String.valueOf(c.closed()));
      assertThat(row.locator(".overdue")).hasText(String.valueOf(c.overdue()));
    }
    for (Statistics.Cell c : stats.byArea()) {
      Locator row = town.locator("#by-area tbody tr[data-code='" + c.areaCode() + "']");
      assertThat(row.locator(".recorded")).hasText(String.valueOf(c.recorded()));
      assertThat(row.locator(".resolved")).hasText(String.valueOf(c.resolved()));
    }
    Browser.screenshot(town, "ledger-statistics-phone");
    HomeBrowserTest.assertNoSidewaysScroll(town, true);
    town.selectOption("#chart-group", "category");
    assertThat(town.locator("#ledger-chart svg")).hasCount(1);

    // a province analyst reads it with the resident masked and no actions
    Page analyst = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-province-analyst",
        PASSWORD);
    analyst.navigate(url("/ledger/problems/" + id));
    assertThat(analyst.locator("#description")).hasText(description);
    assertThat(analyst.locator("#resident-phone")).hasText("138****5678");
    assertThat(analyst.locator("#resident-name")).not().hasText("张建国");
    assertThat(analyst.locator("#masked-note")).isVisible();
    assertThat(analyst.locator("#actions")).hasCount(0);
    assertThat(analyst.locator("body")).not().containsText(PHONE);
    Browser.screenshot(analyst, "ledger-problem-masked-desktop");
    analyst.navigate(url("/ledger?tab=all"));
    assertThat(analyst.locator("#new-problem")).hasCount(0);
    assertThat(analyst.locator("#tab-mine")).hasCount(0);
    analyst.navigate(url("/ledger/statistics?area=" + TestAccounts.SHANGYU + "&from=2026-06&to=2026-11"));
    assertThat(analyst.locator("#ledger-chart svg")).hasCount(1);
    Browser.screenshot(analyst, "ledger-statistics-desktop");

    // the remaining pages at desk size
    town.navigate(url("/ledger"));
    Page desk = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-town-officer",
        PASSWORD);
    desk.navigate(url("/ledger/new"));
    Browser.screenshot(desk, "ledger-new-desktop");
    desk.navigate(url("/ledger/problems/" + secondId));
    assertThat(desk.locator("#overdue")).hasText("已超期 3 天"); // due the 20th, today the 23rd
    Browser.screenshot(desk, "ledger-problem-assigned-desktop");
  }
}
