package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.sanlv.browser.Questionnaire.at;
import static org.sanlv.browser.Questionnaire.choose;
import static org.sanlv.browser.Questionnaire.fill;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;

/** A KoboToolbox-style form without a settings sheet: uploaded with province and year given on the page, then previewed. */
@IntegrationTest
@Tag("browser")
class XlsformUploadBrowserTest extends BrowserTestBase {

  /** survey and choices only: the form_id comes from the file name, province and year from the page. */
  private static byte[] formWithoutSettings() throws IOException {
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      sheet(wb, "survey", new String[][] {
          {"type", "name", "label::中文 (zh)", "relevant"},
          {"integer", "age", "您的年龄", ""},
          {"select_one yn", "safe", "您觉得所在社区安全吗", "${age} >= 16"},
          {"note", "bye", "谢谢您的参与", ""}});
      sheet(wb, "choices", new String[][] {
          {"list_name", "name", "label::中文 (zh)"}, {"yn", "1", "安全"}, {"yn", "2", "不安全"}});
      wb.write(out);
      return out.toByteArray();
    }
  }

  private static void sheet(XSSFWorkbook wb, String name, String[][] rows) {
    Sheet s = wb.createSheet(name);
    for (int r = 0; r < rows.length; r++) {
      Row row = s.createRow(r);
      for (int c = 0; c < rows[r].length; c++) {
        if (!rows[r][c].isEmpty()) {
          row.createCell(c).setCellValue(rows[r][c]);
        }
      }
    }
  }

  @Test
  void aFormWithoutSettingsIsUploadedWithProvinceAndYearFromThePageAndPreviewed() throws IOException {
    Page page = browser.phone();
    page.navigate("http://localhost:" + port + "/login");
    page.getByLabel("用户名").fill("admin");
    page.getByLabel("密码").fill("admin-test-password");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登录")).click();
    page.navigate("http://localhost:" + port + "/instruments");
    page.locator("#file").setInputFiles(new FilePayload("community-safety.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", formWithoutSettings()));
    page.locator("#upload-province").selectOption("33");
    page.locator("#upload-year").fill("2027");
    Browser.screenshot(page, "xlsform-upload-phone");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("检查并上传")).click();
    assertThat(page.locator(".ok")).containsText("已保存问卷 community-safety");
    assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("community-safety")).first())
        .containsText("2027");
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("community-safety").setExact(true)).first()
        .click();
    page.waitForFunction("() => window.htmx !== undefined");
    fill(page, "age", "42");
    choose(page, "safe", "安全");
    at(page, "bye");
    assertThat(page.locator("#interview")).containsText("谢谢您的参与");
    Browser.screenshot(page, "xlsform-uploaded-preview-phone");
  }
}
