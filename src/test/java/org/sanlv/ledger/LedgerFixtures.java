package org.sanlv.ledger;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.UnitType;
import org.sanlv.org.UserService;

/**
 * The ledger tests' people, beside {@link TestAccounts}: a county department of 上虞区 with its unit reporter (the
 * assignee of the town's problems), a town officer of another town of 上虞区, and a second county admin who closes.
 */
final class LedgerFixtures {

  static final String POLICE = "U330604-ledger-police"; // 上虞区公安分局, a county department
  static final String OTHER_TOWN = "330604002";          // another town of 上虞区
  static final String POLICE_REPORTER = "t-ledger-police";
  static final String OTHER_TOWN_OFFICER = "t-ledger-town2";
  static final String SECOND_COUNTY_ADMIN = "t-ledger-county2";
  static final String DISABLED_OFFICER = "t-ledger-disabled";

  private LedgerFixtures() {}

  static synchronized void ensure(OrgService org, UserService users) {
    TestAccounts.ensure(org, users);
    if (org.pathOf(POLICE).isPresent()) {
      return;
    }
    org.createUnit(TestAccounts.ROOT, new OrgService.NewUnit(POLICE, "上虞区公安分局", UnitType.DEPARTMENT,
        TestAccounts.SHANGYU));
    users.create(TestAccounts.ROOT, new UserService.NewUser(POLICE_REPORTER, "公安分局王警官", Role.UNIT_REPORTER, POLICE));
    users.create(TestAccounts.ROOT, new UserService.NewUser(OTHER_TOWN_OFFICER, "另一镇李干部", Role.TOWN_OFFICER,
        OTHER_TOWN));
    users.create(TestAccounts.ROOT, new UserService.NewUser(SECOND_COUNTY_ADMIN, "县综治办陈主任", Role.COUNTY_ADMIN,
        TestAccounts.SHANGYU));
    users.create(TestAccounts.ROOT, new UserService.NewUser(DISABLED_OFFICER, "已停用的干部", Role.TOWN_OFFICER,
        TestAccounts.BAIGUAN));
    users.setEnabled(TestAccounts.ROOT, DISABLED_OFFICER, false);
  }

  /** A small real PNG (the file store decodes photos to make thumbnails). */
  static byte[] png() {
    BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    for (int x = 0; x < 40; x++) {
      for (int y = 0; y < 30; y++) {
        image.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | 0x40);
      }
    }
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "png", out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
