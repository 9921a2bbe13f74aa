package org.sanlv.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UnitType;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.survey.Survey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Campaigns from the shangyu-2022 template on the real database: fan-out, scope, overdue, bad input. */
@IntegrationTest
class CampaignServiceTest {

  static final String EDUCATION = "U330604-edu";   // 上虞区教体局, a member department
  static final String TELECOM = "U330604-telecom"; // 上虞电信公司, a company
  static final Scope COUNTY = new Scope("t-county-admin", Role.COUNTY_ADMIN, TestAccounts.SHANGYU, "/CN/33/3306/330604/");

  @Autowired CampaignService campaigns;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired java.time.Clock clock;

  @BeforeEach
  void units() {
    TestAccounts.ensure(org, users);
    if (org.pathOf(EDUCATION).isEmpty()) {
      org.createUnit(TestAccounts.ROOT, new OrgService.NewUnit(EDUCATION, "上虞区教体局", UnitType.DEPARTMENT, TestAccounts.SHANGYU));
      org.createUnit(TestAccounts.ROOT, new OrgService.NewUnit(TELECOM, "上虞电信公司", UnitType.ENTERPRISE, TestAccounts.SHANGYU));
      users.create(TestAccounts.ROOT, new UserService.NewUser("t-edu-reporter", "教体局", Role.UNIT_REPORTER, EDUCATION));
    }
  }

  private Scope scope(String username) {
    return users.scopeOf(username).orElseThrow();
  }

  private int today() {
    return LocalDate.ofInstant(clock.instant(), Survey.CHINA).getYear();
  }

  /** A campaign of 上虞区 in a year nobody used yet (each test its own). */
  private Campaign fresh(int from) {
    for (int year = from; ; year++) {
      int y = year;
      if (campaigns.campaigns(COUNTY).stream().noneMatch(c -> c.year() == y && c.areaCode().equals(TestAccounts.SHANGYU)
          && "shangyu-2022".equals(c.template()))) {
        return campaigns.create(COUNTY, TestAccounts.SHANGYU, y, "shangyu-2022");
      }
    }
  }

  @Test
  void theTemplateFansOutToTownsDepartmentsCompaniesAndTheOffice() {
    jdbc.sql("delete from campaign where area_code = ? and year = 2022 and template = 'shangyu-2022'")
        .param(TestAccounts.SHANGYU).update();
    Campaign c = campaigns.create(COUNTY, TestAccounts.SHANGYU, 2022, "shangyu-2022");
    assertThat(c.startsOn()).isEqualTo(LocalDate.of(2022, 9, 1));
    assertThat(c.endsOn()).isEqualTo(LocalDate.of(2022, 12, 31));
    List<Unit> units = campaigns.units(c.id());
    assertThat(units.stream().filter(u -> u.kind().equals("town"))).hasSize(20);
    assertThat(units).contains(new Unit(EDUCATION, "上虞区教体局", "department"), new Unit(TELECOM, "上虞电信公司", "company"));

    List<CampaignService.Item> items = campaigns.items(COUNTY, c.id(), null, null);
    // weekly SMS of the towns, 1 Oct (a Saturday) to 31 Dec 2022: 1–2 Oct, 13 weeks from 3 Oct, the last cut at 31 Dec
    List<CampaignService.Item> sms = items.stream().filter(i -> i.titleZh().equals("定期播发宣传短信")
        && i.unitCode().equals(TestAccounts.BAIGUAN)).toList();
    assertThat(sms).hasSize(14);
    assertThat(sms.get(0).periodStart()).isEqualTo(LocalDate.of(2022, 10, 1));
    assertThat(sms.get(0).dueOn()).isEqualTo(LocalDate.of(2022, 10, 2));
    assertThat(sms.get(13).periodStart()).isEqualTo(LocalDate.of(2022, 12, 26));
    assertThat(sms.get(13).dueOn()).isEqualTo(LocalDate.of(2022, 12, 31));
    // the operators' SMS: 上虞电信公司 matched by name; 移动公司 and 联通公司 are not in the org data: the office
    assertThat(items.stream().filter(i -> i.titleZh().equals("定期播发宣传短信") && i.unitCode().equals(TELECOM))).hasSize(14);
    assertThat(items.stream().filter(i -> i.titleZh().equals("定期播发宣传短信") && i.unitCode().equals(TestAccounts.SHANGYU)))
        .hasSize(14);
    // the open letter, monthly September to November, for the member departments
    assertThat(items.stream().filter(i -> i.titleZh().equals("集中转发“公开信”") && i.unitCode().equals(EDUCATION))
        .map(CampaignService.Item::dueOn)).containsExactly(LocalDate.of(2022, 9, 30), LocalDate.of(2022, 10, 31),
        LocalDate.of(2022, 11, 30));
    // the schools' checklist goes to 教体局: four items
    assertThat(items.stream().filter(i -> i.section().equals("checklist") && i.unitCode().equals(EDUCATION)
        && "中小学校".equals(i.placeZh()))).hasSize(4);
    // every town has the grassroots checklist (17), and the office for 杭州湾综管办 (not in the org data); the
    // towns' team task is due 20 September
    assertThat(items.stream().filter(i -> "做实基层".equals(i.placeZh())).map(CampaignService.Item::unitCode)
        .distinct()).hasSize(21).contains(TestAccounts.SHANGYU, TestAccounts.BAIGUAN);
    assertThat(items.stream().filter(i -> i.titleZh().equals("组建平安宣传队伍") && i.unitCode().equals(TestAccounts.BAIGUAN))
        .map(CampaignService.Item::dueOn)).containsExactly(LocalDate.of(2022, 9, 20));
    // nothing of what bends the measurement
    assertThat(items).noneMatch(i -> i.requirementZh().contains("迎检") || i.requirementZh().contains("角色扮演")
        || i.titleZh().contains("迎检") || i.requirementZh().contains("定岗"));
    // a second campaign of the same year and template is refused
    assertThatThrownBy(() -> campaigns.create(COUNTY, TestAccounts.SHANGYU, 2022, "shangyu-2022"))
        .isInstanceOf(InputRejected.class);
  }

  @Test
  void eachUnitSeesItsOwnItemsOnly() {
    Campaign c = fresh(today() + 1);
    List<CampaignService.Item> edu = campaigns.items(scope("t-edu-reporter"), c.id(), null, null);
    assertThat(edu).isNotEmpty().allMatch(i -> i.unitCode().equals(EDUCATION));
    List<CampaignService.Item> town = campaigns.items(scope("t-town-officer"), c.id(), null, null);
    assertThat(town).isNotEmpty().allMatch(i -> i.unitCode().startsWith(TestAccounts.BAIGUAN)
        || i.unitCode().equals(TestAccounts.UNIT));
    // the unit reporter of 百官街道's unit: the campaign is visible, none of the town's items are its own
    assertThat(campaigns.items(scope("t-unit-reporter"), c.id(), null, null)).isEmpty();
    long townItem = town.get(0).id();
    assertThatThrownBy(() -> campaigns.setStatus(scope("t-edu-reporter"), townItem, "done")).isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> campaigns.comment(scope("t-unit-reporter"), townItem, "x")).isInstanceOf(OutOfScope.class);
    // nobody outside sees the campaign
    assertThatThrownBy(() -> campaigns.campaign(scope("t-shangcheng"), c.id())).isInstanceOf(NotFound.class);
    assertThat(campaigns.campaigns(scope("t-henan"))).noneMatch(x -> x.id() == c.id());
    // a town officer may not create or add tasks
    assertThatThrownBy(() -> campaigns.create(scope("t-town-officer"), TestAccounts.SHANGYU, 2099, "shangyu-2022"))
        .isInstanceOf(OutOfScope.class);
    // the town officer ticks its own item and comments
    CampaignService.Item done = campaigns.setStatus(scope("t-town-officer"), townItem, "done");
    assertThat(done.status()).isEqualTo("done");
    assertThat(campaigns.comment(scope("t-town-officer"), townItem, "已完成，见照片").author()).isEqualTo("t-town-officer");
  }

  @Test
  void overdueRollsUpPerUnitAndInTotal() {
    Campaign past = fresh(today() - 1 - 20); // a whole campaign in a past year: everything not done is overdue
    List<CampaignService.Progress> progress = campaigns.progress(COUNTY, past.id());
    int total = progress.stream().mapToInt(p -> p.tasks() + p.checklist()).sum();
    assertThat(progress.stream().mapToInt(CampaignService.Progress::overdue).sum()).isEqualTo(total);
    CampaignService.Progress baiguan = progress.stream().filter(p -> p.unitCode().equals(TestAccounts.BAIGUAN)).findFirst().orElseThrow();
    long item = campaigns.items(scope("t-town-officer"), past.id(), "checklist", TestAccounts.BAIGUAN).get(0).id();
    campaigns.setStatus(scope("t-town-officer"), item, "done");
    Map<String, CampaignService.Progress> after = campaigns.progress(COUNTY, past.id()).stream()
        .collect(Collectors.toMap(CampaignService.Progress::unitCode, p -> p));
    assertThat(after.get(TestAccounts.BAIGUAN).overdue()).isEqualTo(baiguan.overdue() - 1);
    assertThat(after.get(TestAccounts.BAIGUAN).checklistDone()).isEqualTo(1);
    // the town officer sees its town's row only; the county all units
    assertThat(campaigns.progress(scope("t-town-officer"), past.id())).extracting(CampaignService.Progress::unitCode)
        .allMatch(code -> code.startsWith(TestAccounts.BAIGUAN) || code.equals(TestAccounts.UNIT));
    assertThat(after).containsKeys(EDUCATION, TELECOM, TestAccounts.SHANGYU);
    // a campaign in a coming year has nothing overdue
    Campaign coming = fresh(today() + 1 + 20);
    assertThat(campaigns.progress(COUNTY, coming.id())).allMatch(p -> p.overdue() == 0);
  }

  @Test
  void badInputIsRefusedAndNothingIsStored() {
    Campaign c = fresh(today());
    LocalDate yesterday = LocalDate.ofInstant(clock.instant(), Survey.CHINA).minusDays(1);
    int before = campaigns.items(COUNTY, c.id(), null, null).size();
    // a deadline in the past
    assertThatThrownBy(() -> campaigns.addTask(COUNTY, c.id(), new CampaignService.NewTask("补充任务", "要求",
        List.of(TestAccounts.BAIGUAN), null, yesterday, "once")))
        .isInstanceOfSatisfying(InputRejected.class,
            e -> assertThat(e.problems().get(0).messageKey()).isIn("campaign.error.duePast", "campaign.error.dueOutside"));
    // an unknown unit, and a unit of another county
    assertThatThrownBy(() -> campaigns.addTask(COUNTY, c.id(), new CampaignService.NewTask("补充任务", "要求",
        List.of("U-nobody"), null, c.endsOn(), "once")))
        .isInstanceOfSatisfying(InputRejected.class,
            e -> assertThat(e.problems()).anyMatch(p -> p.messageKey().equals("campaign.error.unknownUnit")));
    assertThatThrownBy(() -> campaigns.addTask(COUNTY, c.id(), new CampaignService.NewTask("补充任务", "要求",
        List.of(TestAccounts.SHANGCHENG), null, c.endsOn(), "weekly")))
        .isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.addTask(COUNTY, c.id(), new CampaignService.NewTask("补充任务", "要求",
        List.of(TestAccounts.BAIGUAN), null, c.endsOn(), "daily")))
        .isInstanceOf(InputRejected.class);
    assertThat(campaigns.items(COUNTY, c.id(), null, null)).hasSize(before);
    // unknown template, area that is a town, year out of range
    assertThatThrownBy(() -> campaigns.create(COUNTY, TestAccounts.SHANGYU, 2040, "nope")).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.create(COUNTY, TestAccounts.BAIGUAN, 2040, "shangyu-2022")).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.create(COUNTY, TestAccounts.SHANGYU, 1900, "shangyu-2022")).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.create(COUNTY, TestAccounts.SHANGCHENG, 2040, "shangyu-2022")).isInstanceOf(OutOfScope.class);

    long item = campaigns.items(scope("t-town-officer"), c.id(), "task", TestAccounts.BAIGUAN).get(0).id();
    // evidence: a file of another area (上城区), a file of another town of 上虞, a bad link, nothing at all
    long foreign = file(TestAccounts.SHANGCHENG);
    long otherTown = file("330604002");
    long own = file(TestAccounts.BAIGUAN);
    Scope town = scope("t-town-officer");
    assertThatThrownBy(() -> campaigns.addEvidence(town, item, foreign, null, null)).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.addEvidence(COUNTY, item, otherTown, null, null)).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.addEvidence(town, item, 999_999_999L, null, null)).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.addEvidence(town, item, null, "javascript:alert(1)", null)).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.addEvidence(town, item, null, " ", "")).isInstanceOf(InputRejected.class);
    assertThatThrownBy(() -> campaigns.setStatus(town, item, "finished")).isInstanceOf(InputRejected.class);
    assertThat(campaigns.item(town, item).evidence()).isEmpty();
    // the town's own file, a link and a note are accepted
    campaigns.addEvidence(town, item, own, null, null);
    campaigns.addEvidence(town, item, null, "https://mp.weixin.qq.com/s/abc", "公众号推送");
    assertThat(campaigns.item(town, item).evidence()).hasSize(2);
    assertThat(campaigns.item(town, item).evidence().get(0).fileId()).isEqualTo(own);
    // a good task is added for two towns, weekly until the campaign's end
    List<CampaignService.Item> added = campaigns.addTask(COUNTY, c.id(), new CampaignService.NewTask("补充任务", "要求",
        List.of(TestAccounts.BAIGUAN, "330604002"), null, c.endsOn(), "once"));
    assertThat(added).hasSize(2);
  }

  /** A stored file of an area, written with SQL (the files module stores them through its own service). */
  private long file(String area) {
    return jdbc.sql("""
        insert into stored_file (sha256, content_type, size_bytes, original_name, bytes, area_code, uploaded_by)
        values ('x', 'image/jpeg', 3, 'a.jpg', '\\x010203'::bytea, ?, 'admin') returning id""")
        .param(area).query(Long.class).single();
  }
}
