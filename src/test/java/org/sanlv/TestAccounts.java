package org.sanlv;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.org.UnitType;
import org.sanlv.org.UserService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;

/**
 * One account per role, bound inside Zhejiang (province roles at 浙江省 33, the others in 上虞区 330604), plus
 * accounts far away (河南 41, 上城区 330102) whose data must stay invisible to them. Created once, idempotently.
 */
public final class TestAccounts {

  public static final Scope ROOT = new Scope("admin", Role.PROVINCE_ADMIN, "CN", "/CN/");
  public static final String SHANGYU = "330604";
  public static final String BAIGUAN = "330604001"; // 百官街道, a town of 上虞区
  public static final String UNIT = "U330604001-1";
  public static final String SHANGCHENG = "330102"; // 上城区, Hangzhou: outside 上虞区
  public static final String HENAN_COUNTY = "410102"; // 中原区, Zhengzhou: outside Zhejiang

  /** username → node code, one per role. */
  public static final Map<String, String> BY_ROLE = new LinkedHashMap<>();

  static {
    BY_ROLE.put("t-province-admin", "33");
    BY_ROLE.put("t-province-analyst", "33");
    BY_ROLE.put("t-supervisor", SHANGYU);
    BY_ROLE.put("t-interviewer", SHANGYU);
    BY_ROLE.put("t-county-admin", SHANGYU);
    BY_ROLE.put("t-town-officer", BAIGUAN);
    BY_ROLE.put("t-unit-reporter", UNIT);
  }

  private static final Map<String, Role> ROLES = Map.of(
      "t-province-admin", Role.PROVINCE_ADMIN, "t-province-analyst", Role.PROVINCE_ANALYST,
      "t-supervisor", Role.SUPERVISOR, "t-interviewer", Role.INTERVIEWER, "t-county-admin", Role.COUNTY_ADMIN,
      "t-town-officer", Role.TOWN_OFFICER, "t-unit-reporter", Role.UNIT_REPORTER);

  private TestAccounts() {}

  public static Role role(String username) {
    return ROLES.get(username);
  }

  public static synchronized void ensure(OrgService org, UserService users) {
    if (users.scopeOf("t-county-admin").isPresent()) {
      return;
    }
    org.createUnit(ROOT, new OrgService.NewUnit(UNIT, "百官街道综治中心", UnitType.DEPARTMENT, BAIGUAN));
    org.createUnit(ROOT, new OrgService.NewUnit("U" + SHANGCHENG + "-x", "上城区外区单位", UnitType.ENTERPRISE, SHANGCHENG));
    org.createUnit(ROOT, new OrgService.NewUnit("U" + HENAN_COUNTY + "-x", "中原区外区单位", UnitType.ENTERPRISE, HENAN_COUNTY));
    BY_ROLE.forEach((name, node) -> users.create(ROOT, new UserService.NewUser(name, name, ROLES.get(name), node)));
    users.create(ROOT, new UserService.NewUser("t-henan", "河南", Role.COUNTY_ADMIN, HENAN_COUNTY));
    users.create(ROOT, new UserService.NewUser("t-shangcheng", "上城", Role.COUNTY_ADMIN, SHANGCHENG));
  }

  /**
   * Two running surveys (调查中: only a running survey takes online answers): a mock survey of 上虞区 (inside every
   * test account's scope or above it) and an official survey of 河南 (outside all of them).
   */
  public static synchronized void ensureSurveys(SurveyService surveys, InstrumentService instruments) {
    ensureSurveys(surveys, instruments, TestClock.DEFAULT_START);
  }

  /** As above, with windows open from 30 days before {@code now} to 60 days after it. */
  public static synchronized void ensureSurveys(SurveyService surveys, InstrumentService instruments, Instant now) {
    if (surveys.bySlug("t-shangyu-mock").isPresent()) {
      return;
    }
    long zhejiang = instruments.list(ROOT).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst().orElseThrow().id();
    long henan = instruments.list(ROOT).stream().filter(i -> i.formId().equals("henan-liangan-2020")).findFirst().orElseThrow().id();
    Instant opens = now.minus(Duration.ofDays(30));
    Instant closes = now.plus(Duration.ofDays(60));
    Survey shangyu = surveys.create(ROOT, new SurveyService.NewSurvey("t-shangyu-mock", "上虞区模拟测评", zhejiang, SHANGYU,
        List.of(new Survey.Mode(SurveyMode.PHONE, opens, closes, Map.of()),
            new Survey.Mode(SurveyMode.ONLINE, opens, closes, Map.of()))));
    Survey henanOfficial = surveys.create(ROOT, new SurveyService.NewSurvey("t-henan-official", "河南两感", henan, "41",
        List.of(new Survey.Mode(SurveyMode.ONLINE, opens, closes, Map.of()))));
    surveys.setStatus(ROOT, shangyu.id(), Survey.Status.FIELDING);
    surveys.setStatus(ROOT, henanOfficial.id(), Survey.Status.FIELDING);
  }

  /** A node outside this user's scope. */
  public static String outsideCode(String username) {
    return BY_ROLE.get(username).equals("33") ? HENAN_COUNTY : SHANGCHENG;
  }

  /**
   * A unit outside this user's scope. Division names and codes are public (questionnaires list every county),
   * units and accounts are not: they must never show up in what the user sees.
   */
  public static String outsideUnit(String username) {
    return "U" + outsideCode(username) + "-x";
  }

  public static String outsideUnitName(String username) {
    return BY_ROLE.get(username).equals("33") ? "中原区外区单位" : "上城区外区单位";
  }

  /** An account bound outside this user's scope. */
  public static String outsideUser(String username) {
    return BY_ROLE.get(username).equals("33") ? "t-henan" : "t-shangcheng";
  }
}
