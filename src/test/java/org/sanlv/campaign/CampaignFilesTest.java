package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.InputTooLarge;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.util.unit.DataSize;

/** Campaign files against the real database and web layer: sniffing, limits, thumbnails, storage, serving, scope. */
@IntegrationTest
class CampaignFilesTest {

  @Autowired CampaignFiles files;
  @Autowired CampaignFileRepository repository;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired MockMvc mvc;
  @Autowired MessageSource messages;
  @Autowired Clock clock;

  Scope town;
  Scope county;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    town = users.scopeOf("t-town-officer").orElseThrow();
    county = users.scopeOf("t-county-admin").orElseThrow();
  }

  static BufferedImage picture(int w, int h) {
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.setColor(Color.RED);
    g.fillRect(0, 0, w / 2, h / 2); // red top-left quarter: shows where the top went after turning
    g.dispose();
    return image;
  }

  static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertThat(ImageIO.write(image, format, out)).isTrue();
    return out.toByteArray();
  }

  /** A JPEG with an EXIF APP1 segment whose IFD0 holds only the orientation tag (big-endian TIFF). */
  static byte[] withOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0,
        0, 0};
    byte[] exif = {'E', 'x', 'i', 'f', 0, 0};
    int length = 2 + exif.length + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xD8);
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(exif);
    out.writeBytes(tiff);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  static byte[] mp4() {
    byte[] b = new byte[64];
    byte[] head = {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0, 'i', 's', 'o', 'm', 'm', 'p', '4',
        '1'};
    System.arraycopy(head, 0, b, 0, head.length);
    return b;
  }

  static byte[] pdf() {
    return "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        .getBytes(StandardCharsets.US_ASCII);
  }

  private String text(InputRejected e) {
    var p = e.problems().get(0);
    Object[] args = p.args().toArray();
    for (int i = 0; i < args.length; i++) {
      if (args[i] instanceof org.springframework.context.MessageSourceResolvable r) {
        args[i] = messages.getMessage(r, java.util.Locale.SIMPLIFIED_CHINESE);
      }
    }
    return messages.getMessage(p.messageKey(), args, java.util.Locale.SIMPLIFIED_CHINESE);
  }

  @Test
  void aJpegIsStoredWithAThumbnailAndServedInlineWithSafeHeaders() throws Exception {
    byte[] jpeg = encode(picture(800, 600), "jpg");
    java.time.Instant before = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    StoredFile f = files.store(town, TestAccounts.BAIGUAN, "宣传栏 1.jpg", jpeg);
    assertThat(f.contentType()).isEqualTo("image/jpeg");
    assertThat(f.sizeBytes()).isEqualTo(jpeg.length);
    assertThat(f.hasThumbnail()).isTrue();
    assertThat(f.uploadedBy()).isEqualTo("t-town-officer");
    assertThat(f.uploadedAt()).isBetween(before, clock.instant()); // the application's clock, not the database's
    assertThat(files.file(county, f.id())).isEqualTo(f); // the county above sees its town's file

    BufferedImage thumb = ImageIO.read(new ByteArrayInputStream(files.content(town, f.id(), true).bytes()));
    assertThat(thumb.getWidth()).isEqualTo(320);
    assertThat(thumb.getHeight()).isEqualTo(240);

    MockHttpServletResponse r = mvc.perform(get("/campaign/files/" + f.id()).with(user("t-county-admin")))
        .andReturn().getResponse();
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentType()).isEqualTo("image/jpeg");
    assertThat(r.getContentAsByteArray()).isEqualTo(jpeg);
    assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.getHeaders("Content-Security-Policy")).allSatisfy(h -> assertThat(h).startsWith("sandbox"));
    assertThat(r.getHeader("Content-Disposition")).startsWith("inline").contains("filename*=UTF-8''%E5%AE%A3");
    String etag = r.getHeader("ETag");
    assertThat(etag).isEqualTo("\"" + CampaignFiles.sha256(jpeg) + "\"");
    assertThat(mvc.perform(get("/campaign/files/" + f.id()).header("If-None-Match", etag).with(user("t-county-admin")))
        .andReturn().getResponse().getStatus()).isEqualTo(304);

    MockHttpServletResponse t = mvc.perform(get("/campaign/files/" + f.id() + "/thumbnail").with(user("t-town-officer")))
        .andReturn().getResponse();
    assertThat(t.getStatus()).isEqualTo(200);
    assertThat(t.getContentType()).isEqualTo("image/jpeg");
    assertThat(t.getHeader("Content-Disposition")).startsWith("inline");
  }

  @Test
  void aPngGetsAJpegThumbnailAndAnExifTurnedPhotoIsTurnedUpright() throws Exception {
    StoredFile png = files.store(town, TestAccounts.BAIGUAN, "海报.png", encode(picture(200, 100), "png"));
    assertThat(png.contentType()).isEqualTo("image/png");
    FileContent thumb = files.content(town, png.id(), true);
    assertThat(thumb.contentType()).isEqualTo("image/jpeg");
    BufferedImage small = ImageIO.read(new ByteArrayInputStream(thumb.bytes()));
    assertThat(small.getWidth()).isEqualTo(200); // never enlarged
    assertThat(small.getHeight()).isEqualTo(100);

    // orientation 6: the camera was turned clockwise; the upright picture is 600 wide and 800 high
    byte[] turned = withOrientation(encode(picture(800, 600), "jpg"), 6);
    assertThat(FileSniffer.exifOrientation(turned)).isEqualTo(6);
    StoredFile f = files.store(town, TestAccounts.BAIGUAN, "竖拍.jpg", turned);
    BufferedImage upright = ImageIO.read(new ByteArrayInputStream(files.content(town, f.id(), true).bytes()));
    assertThat(upright.getWidth()).isEqualTo(240);
    assertThat(upright.getHeight()).isEqualTo(320);
    // the red top-left quarter of the sensor image is now the top-right quarter
    Color topRight = new Color(upright.getRGB(200, 40));
    Color topLeft = new Color(upright.getRGB(40, 40));
    assertThat(topRight.getRed()).isGreaterThan(200);
    assertThat(topRight.getGreen()).isLessThan(60);
    assertThat(topLeft.getGreen()).isGreaterThan(200);
    // the original bytes are kept as uploaded (EXIF and all)
    assertThat(files.content(town, f.id(), false).bytes()).isEqualTo(turned);
  }

  @Test
  void videosAndPdfsAreAcceptedBySignatureAndServedAsDownloads() throws Exception {
    StoredFile video = files.store(town, TestAccounts.BAIGUAN, "入户走访.mp4", mp4());
    assertThat(video.contentType()).isEqualTo("video/mp4");
    assertThat(video.hasThumbnail()).isFalse();
    StoredFile doc = files.store(town, TestAccounts.BAIGUAN, "台账.pdf", pdf());
    assertThat(doc.contentType()).isEqualTo("application/pdf");
    StoredFile noName = files.store(town, TestAccounts.BAIGUAN, "scan", pdf());
    assertThat(noName.contentType()).isEqualTo("application/pdf");

    for (StoredFile f : new StoredFile[] {video, doc}) {
      MockHttpServletResponse r = mvc.perform(get("/campaign/files/" + f.id()).with(user("t-town-officer")))
          .andReturn().getResponse();
      assertThat(r.getStatus()).isEqualTo(200);
      assertThat(r.getContentType()).isEqualTo(f.contentType());
      assertThat(r.getHeader("Content-Disposition")).startsWith("attachment");
      assertThat(r.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(r.getHeaders("Content-Security-Policy")).allSatisfy(h -> assertThat(h).startsWith("sandbox"));
      assertThat(mvc.perform(get("/campaign/files/" + f.id() + "/thumbnail").with(user("t-town-officer")))
          .andReturn().getResponse().getStatus()).isEqualTo(404);
    }
  }

  @Test
  void spoofedUnknownEmptyAndBrokenFilesAreRefusedWithNothingStored() throws Exception {
    long before = count();
    InputRejected e = rejected("海报.jpg", encode(picture(50, 50), "png"));
    assertThat(text(e)).isEqualTo("“海报.jpg”的扩展名是 .jpg，内容却是PNG 图片，没有保存；请改正扩展名后重新上传");
    e = rejected("页面.jpg", "<!DOCTYPE html><html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8));
    assertThat(text(e)).startsWith("“页面.jpg”不是允许的文件类型");
    rejected("logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
        .getBytes(StandardCharsets.UTF_8));
    rejected("logo.png", "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8));
    e = rejected("空.jpg", new byte[0]);
    assertThat(text(e)).isEqualTo("“空.jpg”是空文件，没有保存");
    rejected("报告.html", pdf()); // a PDF named as a page: the name would mislead whoever downloads it
    byte[] broken = new byte[4000];
    broken[0] = (byte) 0xFF;
    broken[1] = (byte) 0xD8;
    broken[2] = (byte) 0xFF;
    e = rejected("坏图.jpg", broken);
    assertThat(text(e)).isEqualTo("“坏图.jpg”不是完整的图片，无法打开，没有保存");
    rejected("heic.mp4", new byte[] {0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0});

    byte[] big = new byte[(int) DataSize.ofMegabytes(10).toBytes() + 1];
    System.arraycopy(encode(picture(10, 10), "jpg"), 0, big, 0, 3);
    assertThatThrownBy(() -> files.store(town, TestAccounts.BAIGUAN, "大.jpg", big)).isInstanceOfSatisfying(
        InputTooLarge.class, t -> assertThat(t.limitBytes()).isEqualTo(DataSize.ofMegabytes(10).toBytes()));
    assertThat(count()).isEqualTo(before);
  }

  private InputRejected rejected(String name, byte[] bytes) {
    try {
      files.store(town, TestAccounts.BAIGUAN, name, bytes);
    } catch (InputRejected e) {
      return e;
    }
    throw new AssertionError(name + " was accepted");
  }

  private long count() {
    return jdbc.sql("select count(*) from stored_file").query(Long.class).single();
  }

  @Test
  void theApiUploadsAndRefusesInChinese() throws Exception {
    byte[] jpeg = encode(picture(64, 48), "jpg");
    MockHttpServletResponse ok = mvc.perform(multipart("/api/v1/campaign/files")
        .file(new MockMultipartFile("file", "photo.jpg", "image/jpeg", jpeg)).param("area", TestAccounts.BAIGUAN)
        .with(user("t-unit-reporter")).with(csrf())).andReturn().getResponse();
    // a unit reporter is bound to its unit: the town above is outside its subtree
    assertThat(ok.getStatus()).isEqualTo(403);
    ok = mvc.perform(multipart("/api/v1/campaign/files")
        .file(new MockMultipartFile("file", "photo.jpg", "image/jpeg", jpeg))
        .with(user("t-unit-reporter")).with(csrf())).andReturn().getResponse();
    assertThat(ok.getStatus()).isEqualTo(201);
    assertThat(ok.getContentAsString()).contains("\"contentType\":\"image/jpeg\"", "\"areaCode\":\"" + TestAccounts.UNIT,
        "\"hasThumbnail\":true");

    MockHttpServletResponse spoofed = mvc.perform(multipart("/api/v1/campaign/files")
        .file(new MockMultipartFile("file", "photo.jpg", "image/jpeg", "<html>".getBytes(StandardCharsets.UTF_8)))
        .param("area", TestAccounts.BAIGUAN).header("Accept-Language", "zh-CN")
        .with(user("t-town-officer")).with(csrf())).andReturn().getResponse();
    assertThat(spoofed.getStatus()).isEqualTo(400);
    assertThat(spoofed.getContentAsString()).contains("不是允许的文件类型");

    byte[] big = new byte[(int) DataSize.ofMegabytes(10).toBytes() + 10];
    System.arraycopy(jpeg, 0, big, 0, 3);
    MockHttpServletResponse tooLarge = mvc.perform(multipart("/api/v1/campaign/files")
        .file(new MockMultipartFile("file", "big.jpg", "image/jpeg", big)).param("area", TestAccounts.BAIGUAN)
        .with(user("t-town-officer")).with(csrf())).andReturn().getResponse();
    assertThat(tooLarge.getStatus()).isEqualTo(413);
    assertThat(tooLarge.getContentAsString()).contains("10 MB");

    MockHttpServletResponse empty = mvc.perform(multipart("/api/v1/campaign/files")
        .file(new MockMultipartFile("file", "e.jpg", "image/jpeg", new byte[0])).param("area", TestAccounts.BAIGUAN)
        .with(user("t-town-officer")).with(csrf())).andReturn().getResponse();
    assertThat(empty.getStatus()).isEqualTo(400);
  }

  @Test
  void aFileOfAnotherAreaIsNeitherStoredNorServedThere() throws Exception {
    assertThatThrownBy(() -> files.store(town, TestAccounts.SHANGCHENG, "a.pdf", pdf())).isInstanceOf(OutOfScope.class);
    StoredFile henan = files.store(TestAccounts.ROOT, TestAccounts.HENAN_COUNTY, "河南.pdf", pdf());
    assertThatThrownBy(() -> files.file(county, henan.id())).isInstanceOf(NotFound.class);
    assertThatThrownBy(() -> files.content(county, henan.id(), false)).isInstanceOf(NotFound.class);
    for (String path : new String[] {"/campaign/files/" + henan.id(), "/campaign/files/" + henan.id() + "/thumbnail",
        "/api/v1/campaign/files/" + henan.id()}) {
      MockHttpServletResponse r = mvc.perform(get(path).with(user("t-county-admin"))).andReturn().getResponse();
      assertThat(r.getStatus()).as(path).isIn(403, 404);
      assertThat(r.getContentAsString()).doesNotContain("PDF-");
    }
    // a town's file is not its sibling unit's either: the unit reporter sees only its unit
    StoredFile townFile = files.store(town, TestAccounts.BAIGUAN, "镇.pdf", pdf());
    assertThat(mvc.perform(get("/campaign/files/" + townFile.id()).with(user("t-unit-reporter"))).andReturn()
        .getResponse().getStatus()).isIn(403, 404);
    // a role without campaign work (an interviewer) is refused even inside
    assertThat(mvc.perform(get("/campaign/files/" + townFile.id()).with(user("t-interviewer"))).andReturn()
        .getResponse().getStatus()).isEqualTo(403);
  }

  @Test
  void aFilesDirectoryHoldsTheBytesOncePerDigestAndReadsBackTheSame(@TempDir Path dir) throws Exception {
    CampaignFiles onDisk = new CampaignFiles(repository, org, new CampaignFileSettings(DataSize.ofMegabytes(10),
        DataSize.ofMegabytes(100), DataSize.ofMegabytes(20), dir.toString()), clock);
    byte[] jpeg = encode(picture(400, 300), "jpg");
    StoredFile a = onDisk.store(town, TestAccounts.BAIGUAN, "a.jpg", jpeg);
    StoredFile b = onDisk.store(town, TestAccounts.BAIGUAN, "b.jpg", jpeg);
    String sha = CampaignFiles.sha256(jpeg);
    Path stored = dir.resolve(sha.substring(0, 2)).resolve(sha);
    assertThat(stored).exists();
    assertThat(Files.readAllBytes(stored)).isEqualTo(jpeg);
    try (var listing = Files.walk(dir)) {
      assertThat(listing.filter(Files::isRegularFile).count()).isEqualTo(1); // no leftover temporary files
    }
    assertThat(jdbc.sql("select count(*) from stored_file where id in (?, ?) and bytes is null and path = ?")
        .params(a.id(), b.id(), stored.toAbsolutePath().toString()).query(Long.class).single()).isEqualTo(2);
    assertThat(onDisk.content(town, a.id(), false).bytes()).isEqualTo(jpeg);
    // the application's own instance (database storage) reads a directory-stored file too
    assertThat(files.content(county, b.id(), false).bytes()).isEqualTo(jpeg);
    assertThat(files.content(county, b.id(), true).contentType()).isEqualTo("image/jpeg");
  }
}
