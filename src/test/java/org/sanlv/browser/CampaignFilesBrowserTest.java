package org.sanlv.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The campaign's upload fragment on the files page: a town officer on a phone uploads a photo (progress, then the
 * server's thumbnail and a hidden input with the file's id), and a web page renamed .jpg is refused in Chinese; the
 * county admin sees the town's photo on a desktop.
 */
@IntegrationTest
@Tag("browser")
class CampaignFilesBrowserTest extends BrowserTestBase {

  private static final String PASSWORD = "Campaign-files-2026-资料";

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired TestClock clock;
  @Autowired JdbcClient jdbc;

  private static byte[] photo() throws Exception {
    BufferedImage image = new BufferedImage(1200, 900, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(30, 90, 170));
    g.fillRect(0, 0, 1200, 900);
    g.setColor(Color.WHITE);
    g.fillRect(100, 300, 1000, 300);
    g.setColor(new Color(200, 30, 30));
    g.fillRect(150, 350, 900, 200);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpg", out);
    return out.toByteArray();
  }

  @Test
  void aTownOfficerUploadsAPhotoOnAPhoneAndTheCountySeesIt() throws Exception {
    TestAccounts.ensure(org, users);
    Page phone = Browser.signInWithNewPassword(browser.phone(), url("/login"), users, clock, "t-town-officer", PASSWORD);
    phone.navigate(url("/campaign/files"));
    assertThat(phone.locator("h1")).hasText("工作资料");
    assertThat(phone.locator(".upload-camera")).containsText("拍照");
    assertThat(phone.locator(".upload-camera input")).hasAttribute("capture", "environment");
    assertThat(phone.locator(".upload-help")).containsText("10 MB");

    phone.locator(".upload-pick input").setInputFiles(new FilePayload("宣传横幅.jpg", "image/jpeg", photo()));
    assertThat(phone.locator(".upload-item img.upload-thumbnail")).isVisible();
    assertThat(phone.locator(".upload-status")).hasText("已上传“宣传横幅.jpg”");
    String id = phone.locator(".upload-item input[type=hidden][name=fileIds]").inputValue();
    assertThat(Long.parseLong(id)).isPositive();
    assertThat((Boolean) phone.locator(".upload-item img.upload-thumbnail")
        .evaluate("img => img.complete && img.naturalWidth === 320")).isTrue();
    assertThat(jdbc.sql("select area_code from stored_file where id = ?").param(Long.parseLong(id))
        .query(String.class).single()).isEqualTo(TestAccounts.BAIGUAN);

    phone.locator(".upload-pick input").setInputFiles(new FilePayload("通知.jpg", "image/jpeg",
        "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes(StandardCharsets.UTF_8)));
    assertThat(phone.locator(".upload-error")).isVisible();
    assertThat(phone.locator(".upload-error")).containsText("“通知.jpg”不是允许的文件类型");
    assertThat(phone.locator(".upload-item")).hasCount(1);
    assertThat((Integer) phone.evaluate("document.documentElement.scrollWidth")).isLessThanOrEqualTo(390);
    Browser.screenshot(phone, "campaign-files-upload-phone");

    phone.reload();
    // other tests upload files of the same town into the shared database: find this one by its name
    Locator banner = phone.locator(".file-card").filter(new Locator.FilterOptions().setHasText("宣传横幅.jpg"));
    assertThat(banner.first()).isVisible();
    Browser.screenshot(phone, "campaign-files-phone");

    Page desktop = Browser.signInWithNewPassword(browser.desktop(), url("/login"), users, clock, "t-county-admin",
        PASSWORD);
    desktop.navigate(url("/campaign/files"));
    Locator seen = desktop.locator(".file-card").filter(new Locator.FilterOptions().setHasText("宣传横幅.jpg"));
    assertThat(seen.first().locator("img.file-thumbnail")).isVisible();
    Browser.screenshot(desktop, "campaign-files-desktop");
  }
}
