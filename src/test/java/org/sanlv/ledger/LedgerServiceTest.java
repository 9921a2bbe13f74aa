package org.sanlv.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.campaign.CampaignFiles;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The problem ledger's rules on the real database: the flow, every bad input, scope and masking, statistics. */
@IntegrationTest
class LedgerServiceTest {

  static final Locale ZH = Locale.SIMPLIFIED_CHINESE;

  @Autowired LedgerService ledger;
  @Autowired CampaignFiles files;
  @Autowired OrgService orgs;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;
  @Autowired TestClock clock;

  Scope town;
  Scope police;
  Scope county;
  Scope county2;
  Scope otherTown;

  @BeforeEach
  void people() {
    LedgerFixtures.ensure(orgs, users);
    town = scope("t-town-officer");
    police = scope(LedgerFixtures.POLICE_REPORTER);
    county = scope("t-county-admin");
    county2 = scope(LedgerFixtures.SECOND_COUNTY_ADMIN);
    otherTown = scope(LedgerFixtures.OTHER_TOWN_OFFICER);
  }

  @AfterEach
  void time() {
    clock.reset();
  }

  private Scope scope(String username) {
    return users.scopeOf(username).orElseThrow();
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), LedgerService.CHINA);
  }

  private long photo(Scope scope, String area) {
    return files.store(scope, area, "现场.png", LedgerFixtures.png()).id();
  }

  private Problem recorded() {
    return ledger.record(town, new NewProblem(TestAccounts.BAIGUAN, "百官街道某小区3幢", "visit", "public-order",
        "小区门口路灯坏了，晚上群众出行不安全", "张三", "13812345678", List.of(photo(town, TestAccounts.BAIGUAN))));
  }

  private Problem assigned() {
    Problem p = recorded();
    return ledger.assign(town, p.id(), p.version(), LedgerFixtures.POLICE_REPORTER, today().plusDays(7), "请三天内处理");
  }

  private Problem resolved() {
    Problem p = assigned();
    p = ledger.start(police, p.id(), p.version());
    return ledger.resolve(police, p.id(), p.version(), "已联系供电所更换路灯", List.of(photo(police, LedgerFixtures.POLICE)));
  }

  /** The list's total counts the same problems its pages show, in the caller's subtree only. */
  @Test
  void theTotalCountsWhatThePagesShow() {
    ProblemFilter open = new ProblemFilter(TestAccounts.BAIGUAN, null, null, "open", "public-order", null, null, null, 0);
    long before = ledger.count(town, open);
    long elsewhere = ledger.count(otherTown, ProblemFilter.all());
    recorded();
    recorded();
    long total = ledger.count(town, open);
    assertThat(total).isEqualTo(before + 2);
    long shown = 0;
    for (int page = 0; page * LedgerService.PAGE_SIZE < total; page++) {
      shown += ledger.problems(town, new ProblemFilter(TestAccounts.BAIGUAN, null, null, "open", "public-order", null,
          null, null, page), ZH).size();
    }
    assertThat(shown).isEqualTo(total);
    assertThat(ledger.count(otherTown, ProblemFilter.all())).as("another town does not count 百官街道's problems")
        .isEqualTo(elsewhere);
  }

  /** The list filters by how problems came in; a source that does not exist is a clear error, not an empty list. */
  @Test
  void theListFiltersBySource() {
    recorded(); // a visit
    ledger.record(town, new NewProblem(TestAccounts.BAIGUAN, null, "hotline", "fraud", "热线反映冒充客服退款", null, null,
        null));
    List<Problem> hotline = ledger.problems(town, new ProblemFilter(TestAccounts.BAIGUAN, null, null, null, null,
        "hotline", null, null, null, 0), ZH);
    assertThat(hotline).isNotEmpty().allSatisfy(p -> assertThat(p.source()).isEqualTo("hotline"));
    assertThat(ledger.problems(town, new ProblemFilter(TestAccounts.BAIGUAN, null, null, null, null, "visit", null,
        null, null, 0), ZH)).isNotEmpty().allSatisfy(p -> assertThat(p.source()).isEqualTo("visit"));
    assertThatThrownBy(() -> ledger.problems(town, new ProblemFilter(null, null, null, null, null, "rumour", null, null,
        null, 0), ZH)).isInstanceOf(InputRejected.class)
        .satisfies(e -> assertThat(((InputRejected) e).problems().get(0).messageKey()).isEqualTo("ledger.error.unknownSource"));
  }

  @Test
  void aProblemIsRecordedAssignedWorkedResolvedAndClosedWithTheResidentsAnswer() {
    Problem p = recorded();
    assertThat(p.status()).isEqualTo("new");
    assertThat(p.areaName()).isEqualTo("百官街道");
    assertThat(p.categoryName()).isEqualTo("社会治安");
    assertThat(p.residentName()).isEqualTo("张三"); // a town officer handles problems: clear data
    assertThat(p.photos()).singleElement().satisfies(ph -> assertThat(ph.stage()).isEqualTo("recorded"));
    assertThat(ledger.assignees(town, p.id())).extracting(Assignee::username)
        .contains(LedgerFixtures.POLICE_REPORTER, "t-town-officer", "t-county-admin", LedgerFixtures.OTHER_TOWN_OFFICER)
        .doesNotContain("t-interviewer", "t-supervisor", "t-province-admin", "t-shangcheng");

    p = ledger.assign(town, p.id(), p.version(), LedgerFixtures.POLICE_REPORTER, today(), "今天处理");
    assertThat(p.status()).isEqualTo("assigned");
    assertThat(p.ownerCode()).isEqualTo(LedgerFixtures.POLICE);
    assertThat(p.assigneeName()).isEqualTo("公安分局王警官");
    assertThat(p.deadline()).isEqualTo(today());
    assertThat(p.overdue()).isFalse();

    // the department's reporter reaches the town's problem through its owner node, and works it
    assertThat(ledger.problems(police, new ProblemFilter(null, null, LedgerFixtures.POLICE_REPORTER, "open", null,
        null, null, null, 0), ZH)).extracting(Problem::id).contains(p.id());
    p = ledger.start(police, p.id(), p.version());
    assertThat(p.status()).isEqualTo("in-progress");
    long proof = photo(police, LedgerFixtures.POLICE);
    p = ledger.resolve(police, p.id(), p.version(), "已联系供电所更换路灯", List.of(proof));
    assertThat(p.status()).isEqualTo("resolved");
    assertThat(p.resolvedBy()).isEqualTo(LedgerFixtures.POLICE_REPORTER);
    assertThat(p.photos()).extracting(Photo::stage).containsExactly("recorded", "resolved");
    // the town sees the department's photo through the problem, although the file is the department's
    assertThat(ledger.photo(town, p.id(), proof, true).contentType()).isEqualTo("image/jpeg");

    p = ledger.close(town, p.id(), p.version(), "basically-satisfied", "电话回访");
    assertThat(p.status()).isEqualTo("closed");
    assertThat(p.satisfaction()).isEqualTo("basically-satisfied");
    assertThat(p.closedBy()).isEqualTo("t-town-officer");
    assertThat(p.trail()).extracting(Event::toStatus)
        .containsExactly("new", "assigned", "in-progress", "resolved", "closed");
    assertThat(p.trail().get(1).assignee()).isEqualTo(LedgerFixtures.POLICE_REPORTER);
    assertThat(p.trail().get(3).note()).isEqualTo("已联系供电所更换路灯");

    // reopened: resolution and satisfaction leave the problem (the trail keeps them), the assignee starts again
    p = ledger.reopen(county, p.id(), p.version(), "群众反映路灯又坏了");
    assertThat(p.status()).isEqualTo("reopened");
    assertThat(p.resolution()).isNull();
    assertThat(p.satisfaction()).isNull();
    p = ledger.start(police, p.id(), p.version());
    p = ledger.resolve(police, p.id(), p.version(), "更换了整条线路", List.of());
    p = ledger.close(county2, p.id(), p.version(), "satisfied", null);
    assertThat(p.trail()).extracting(Event::toStatus).containsExactly("new", "assigned", "in-progress", "resolved",
        "closed", "reopened", "in-progress", "resolved", "closed");
  }

  @Test
  void aUnitsReporterRecordsAtItsUnitAndTheTownAndCountySeeIt() {
    Problem p = ledger.record(police, new NewProblem(LedgerFixtures.POLICE, "某路口", "case-follow-up", "traffic",
        "路口信号灯故障", null, null, null));
    assertThat(p.areaName()).isEqualTo("上虞区公安分局");
    assertThat(ledger.problem(county, p.id(), ZH).status()).isEqualTo("new");
    assertThat(ledger.assignees(county, p.id())).extracting(Assignee::username).contains(LedgerFixtures.POLICE_REPORTER);
    assertThatThrownBy(() -> ledger.problem(town, p.id(), ZH)).isInstanceOf(NotFound.class);
  }

  @Test
  void aReopenedProblemMayBeAssignedToSomeoneElseWithANewDeadline() {
    Problem p = resolved();
    p = ledger.reopen(town, p.id(), p.version(), "没有解决");
    p = ledger.assign(county, p.id(), p.version(), "t-town-officer", today().plusDays(3), null);
    assertThat(p.status()).isEqualTo("assigned");
    assertThat(p.ownerCode()).isEqualTo(TestAccounts.BAIGUAN);
    assertThat(p.deadline()).isEqualTo(today().plusDays(3));
  }

  @Test
  void overdueMeansPastTheDeadlineInChinaAndStillBeingWorked() {
    Problem p = assigned();
    clock.advance(java.time.Duration.ofDays(8));
    Problem later = ledger.problem(town, p.id(), ZH);
    assertThat(later.overdue()).isTrue();
    assertThat(ledger.problems(county, new ProblemFilter(TestAccounts.BAIGUAN, null, null, null, null, true, null,
        null, 0), ZH)).extracting(Problem::id).contains(p.id());
    assertThat(ledger.problems(county, new ProblemFilter(TestAccounts.BAIGUAN, null, null, null, null, false, null,
        null, 0), ZH)).extracting(Problem::id).doesNotContain(p.id());
    Problem started = ledger.start(police, p.id(), later.version());
    Problem done = ledger.resolve(police, p.id(), started.version(), "处理好了", null);
    assertThat(done.overdue()).isFalse(); // resolved late is no longer overdue
  }

  /** Each bad input is refused with its message key and leaves the problem as it was. */
  @Nested
  class BadInput {

    private void refused(Problem before, String key, Runnable action) {
      assertThatThrownBy(action::run).isInstanceOfSatisfying(InputRejected.class,
          e -> assertThat(e.problems()).extracting(org.sanlv.platform.Problem::messageKey).contains(key));
      assertUnchanged(before);
    }

    private void assertUnchanged(Problem before) {
      Problem after = ledger.problem(county, before.id(), ZH);
      assertThat(after.version()).isEqualTo(before.version());
      assertThat(after.status()).isEqualTo(before.status());
      assertThat(after.trail()).hasSize(ledger.problem(county, before.id(), ZH).trail().size());
      assertThat(after.trail()).hasSize(before.trail().size());
    }

    private void recordRefused(String key, Consumer<NewProblem[]> change) {
      NewProblem[] p = {new NewProblem(TestAccounts.BAIGUAN, null, "hotline", "fraud", "接到诈骗电话", null, null, null)};
      change.accept(p);
      long before = jdbc.sql("select count(*) from ledger_problem").query(Long.class).single();
      assertThatThrownBy(() -> ledger.record(town, p[0])).isInstanceOfSatisfying(InputRejected.class,
          e -> assertThat(e.problems()).extracting(org.sanlv.platform.Problem::messageKey).contains(key));
      assertThat(jdbc.sql("select count(*) from ledger_problem").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void recordingRefusesUnknownCategorySourceAreaAnAreaOutsideEmptyDescriptionLongTextsAndNonPhones() {
      recordRefused("ledger.error.unknownCategory", p -> p[0] = with(p[0], 0, "gambling"));
      recordRefused("ledger.error.unknownSource", p -> p[0] = with(p[0], 1, "wechat"));
      recordRefused("ledger.error.unknownArea", p -> p[0] = with(p[0], 2, "999999999"));
      recordRefused("ledger.error.areaOutside", p -> p[0] = with(p[0], 2, LedgerFixtures.OTHER_TOWN));
      recordRefused("ledger.error.areaRequired", p -> p[0] = with(p[0], 2, " "));
      recordRefused("ledger.error.descriptionRequired", p -> p[0] = with(p[0], 3, "   "));
      recordRefused("ledger.error.tooLong", p -> p[0] = with(p[0], 3, "长".repeat(20_001)));
      recordRefused("ledger.error.tooLong", p -> p[0] = with(p[0], 4, "地".repeat(501)));
      recordRefused("ledger.error.phone", p -> p[0] = with(p[0], 5, "call me"));
      recordRefused("ledger.error.phone", p -> p[0] = with(p[0], 5, "123"));
      recordRefused("ledger.error.photo", p -> p[0] = new NewProblem(TestAccounts.BAIGUAN, null, "hotline", "fraud",
          "接到诈骗电话", null, null, List.of(Long.MAX_VALUE)));
    }

    /** The record with one field replaced: 0 category, 1 source, 2 area, 3 description, 4 address, 5 phone. */
    private NewProblem with(NewProblem p, int field, String value) {
      return new NewProblem(field == 2 ? value : p.areaCode(), field == 4 ? value : p.address(),
          field == 1 ? value : p.source(), field == 0 ? value : p.category(), field == 3 ? value : p.description(),
          p.residentName(), field == 5 ? value : p.residentPhone(), p.photoFileIds());
    }

    @Test
    void aDeadlineInThePastIsRefused() {
      Problem p = recorded();
      refused(p, "ledger.error.deadlinePast", () -> ledger.assign(town, p.id(), p.version(),
          LedgerFixtures.POLICE_REPORTER, today().minusDays(1), null));
      refused(p, "ledger.error.deadlineRequired", () -> ledger.assign(town, p.id(), p.version(),
          LedgerFixtures.POLICE_REPORTER, null, null));
    }

    @Test
    void yesterdayInChinaIsThePastAlthoughItIsStillThatDayInUtc() {
      clock.set(Instant.parse("2026-11-18T17:00:00Z")); // 19 Nov, 01:00 in Beijing
      Problem p = recorded();
      refused(p, "ledger.error.deadlinePast", () -> ledger.assign(town, p.id(), p.version(),
          LedgerFixtures.POLICE_REPORTER, LocalDate.of(2026, 11, 18), null));
      assertThat(ledger.assign(town, p.id(), p.version(), LedgerFixtures.POLICE_REPORTER, LocalDate.of(2026, 11, 19),
          null).deadline()).isEqualTo(LocalDate.of(2026, 11, 19));
    }

    @Test
    void anAssigneeOutsideTheCountyOrWithoutTheRightIsRefused() {
      Problem p = recorded();
      for (String who : List.of("t-shangcheng", "t-henan", "t-interviewer", "t-supervisor", "t-province-admin",
          LedgerFixtures.DISABLED_OFFICER, "nobody-here", "")) {
        refused(p, "ledger.error.assignee", () -> ledger.assign(town, p.id(), p.version(), who, today(), null));
      }
    }

    @Test
    void closingWithoutAResolutionIsRefused() {
      Problem p = assigned();
      refused(p, "ledger.error.noResolution", () -> ledger.close(county, p.id(), p.version(), "satisfied", null));
    }

    @Test
    void closingAProblemThatIsNotResolvedIsRefused() {
      Problem p = resolved();
      Problem closed = ledger.close(town, p.id(), p.version(), "unreachable", null);
      refused(closed, "ledger.error.notResolved", () -> ledger.close(county, p.id(), closed.version(), "satisfied",
          null));
    }

    @Test
    void closingNeedsTheResidentsAnswerAskedNotDefaulted() {
      Problem p = resolved();
      refused(p, "ledger.error.satisfactionRequired", () -> ledger.close(town, p.id(), p.version(), null, null));
      refused(p, "ledger.error.satisfaction", () -> ledger.close(town, p.id(), p.version(), "happy", null));
    }

    @Test
    void theResolverDoesNotCloseTheirOwn() {
      Problem p = recorded();
      Problem a = ledger.assign(town, p.id(), p.version(), "t-town-officer", today(), null);
      Problem s = ledger.start(town, p.id(), a.version());
      Problem r = ledger.resolve(town, p.id(), s.version(), "自己处理了", null);
      refused(r, "ledger.error.closeOwn", () -> ledger.close(town, p.id(), r.version(), "satisfied", null));
    }

    @Test
    void onlyTheAssigneeStartsAndResolvesAndAResolutionIsRequired() {
      Problem p = assigned();
      refused(p, "ledger.error.notAssignee", () -> ledger.start(town, p.id(), p.version()));
      Problem s = ledger.start(police, p.id(), p.version());
      refused(s, "ledger.error.resolutionRequired", () -> ledger.resolve(police, p.id(), s.version(), " ", null));
      refused(s, "ledger.error.notAssignee", () -> ledger.resolve(county, p.id(), s.version(), "好了", null));
      refused(s, "ledger.error.reasonRequired", () -> ledger.reopen(county, p.id(), s.version(), null));
      refused(s, "ledger.error.status", () -> ledger.reopen(county, p.id(), s.version(), "没处理好"));
    }

    @Test
    void aLostRaceIsAConflictAndChangesNothing() {
      Problem p = recorded();
      ledger.assign(town, p.id(), p.version(), LedgerFixtures.POLICE_REPORTER, today(), "先到");
      Problem now = ledger.problem(county, p.id(), ZH);
      assertThatThrownBy(() -> ledger.assign(county, p.id(), p.version(), "t-town-officer", today(), "后到"))
          .isInstanceOfSatisfying(InputConflict.class, e -> assertThat(e.problems().get(0).messageKey())
              .isEqualTo("ledger.error.conflict"));
      assertUnchanged(now);
      assertThat(ledger.problem(county, p.id(), ZH).assignee()).isEqualTo(LedgerFixtures.POLICE_REPORTER);
    }

    @Test
    void twoClosersAtOnceCloseItOnce() throws Exception {
      Problem p = resolved();
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<String>> results = List.of(county, county2).stream()
            .map(s -> pool.submit(() -> {
              go.await();
              try {
                ledger.close(s, p.id(), p.version(), "satisfied", null);
                return "closed";
              } catch (InputConflict e) {
                return "conflict";
              }
            })).toList();
        go.countDown();
        List<String> outcomes = new java.util.ArrayList<>();
        for (var f : results) {
          outcomes.add(f.get());
        }
        assertThat(outcomes).containsExactlyInAnyOrder("closed", "conflict");
      } finally {
        pool.shutdownNow();
      }
      assertThat(ledger.problem(county, p.id(), ZH).trail()).filteredOn(e -> e.toStatus().equals("closed")).hasSize(1);
    }
  }

  @Nested
  class Scope_ {

    @Test
    void anotherTownDoesNotFindItTheDepartmentCountyAndProvinceDo() {
      Problem p = assigned();
      assertThatThrownBy(() -> ledger.problem(otherTown, p.id(), ZH)).isInstanceOf(NotFound.class);
      assertThatThrownBy(() -> ledger.assign(otherTown, p.id(), p.version(), LedgerFixtures.OTHER_TOWN_OFFICER,
          today(), null)).isInstanceOf(NotFound.class);
      assertThat(ledger.problems(otherTown, ProblemFilter.all(), ZH)).extracting(Problem::id).doesNotContain(p.id());
      assertThat(ledger.statistics(otherTown, null, null, null, ZH).total().recorded()).isZero();

      assertThat(ledger.problem(police, p.id(), ZH).residentName()).isEqualTo("张三");
      assertThat(ledger.problem(county, p.id(), ZH).residentPhone()).isEqualTo("13812345678");
      for (String analyst : List.of("t-province-admin", "t-province-analyst")) {
        Problem seen = ledger.problem(scope(analyst), p.id(), ZH);
        assertThat(seen.personalDataMasked()).isTrue();
        assertThat(seen.residentName()).isEqualTo("张*");
        assertThat(seen.residentPhone()).isEqualTo("138****5678");
        assertThat(ledger.problems(scope(analyst), ProblemFilter.all(), ZH)).filteredOn(x -> x.id() == p.id())
            .singleElement().satisfies(x -> assertThat(x.residentName()).isEqualTo("张*"));
      }
      for (String refused : List.of("t-supervisor", "t-interviewer")) {
        assertThatThrownBy(() -> ledger.problem(scope(refused), p.id(), ZH)).isInstanceOf(OutOfScope.class);
        assertThatThrownBy(() -> ledger.problems(scope(refused), ProblemFilter.all(), ZH))
            .isInstanceOf(OutOfScope.class);
      }
      // the department works it but does not reassign or close what is the town's
      assertThatThrownBy(() -> ledger.assign(police, p.id(), p.version(), LedgerFixtures.POLICE_REPORTER, today(),
          null)).isInstanceOf(OutOfScope.class);
      // the province reads but does not work problems it cannot see the residents of
      assertThatThrownBy(() -> ledger.assign(scope("t-province-analyst"), p.id(), p.version(), "t-town-officer",
          today(), null)).isInstanceOf(OutOfScope.class);
    }

    @Test
    void theMyUnitListIsTheOwnersSubtree() {
      Problem p = assigned();
      assertThat(ledger.problems(police, new ProblemFilter(null, LedgerFixtures.POLICE, null, null, null, null, null,
          null, 0), ZH)).extracting(Problem::id).contains(p.id());
      assertThat(ledger.problems(town, new ProblemFilter(null, TestAccounts.BAIGUAN, null, null, null, null, null,
          null, 0), ZH)).extracting(Problem::id).doesNotContain(p.id());
    }
  }

  @Test
  void masking() {
    assertThat(LedgerService.maskName("张三")).isEqualTo("张*");
    assertThat(LedgerService.maskName("欧阳娜娜")).isEqualTo("欧***");
    assertThat(LedgerService.maskName("𠀀三")).isEqualTo("𠀀*");
    assertThat(LedgerService.maskPhone("13812345678")).isEqualTo("138****5678");
    assertThat(LedgerService.maskPhone("0575-8212 3456")).isEqualTo("057*-**** 3456");
    assertThat(LedgerService.isPhone("+86 138-1234-5678")).isTrue();
    assertThat(LedgerService.isPhone("1234")).isFalse();
    assertThat(LedgerService.isPhone("138x")).isFalse();
  }

  @Test
  void statisticsCountPerMonthTownAndCategoryWithTheResidentsAnswers() {
    clock.set(Instant.parse("2031-03-10T02:00:00Z")); // a month of its own: the other tests' problems are elsewhere
    Problem a = resolved();
    ledger.close(county, a.id(), a.version(), "dissatisfied", null);
    Problem b = ledger.record(otherTown, new NewProblem(LedgerFixtures.OTHER_TOWN, null, "hotline", "fraud", "诈骗",
        null, null, null));
    ledger.assign(otherTown, b.id(), b.version(), LedgerFixtures.OTHER_TOWN_OFFICER, today(), null);
    clock.set(Instant.parse("2031-04-02T02:00:00Z"));
    Statistics s = ledger.statistics(county, TestAccounts.SHANGYU, LocalDate.of(2031, 3, 1), LocalDate.of(2031, 4, 30),
        ZH);
    assertThat(s.months()).containsExactly("2031-03", "2031-04");
    assertThat(s.total().recorded()).isEqualTo(2);
    assertThat(s.total().resolved()).isEqualTo(1);
    assertThat(s.total().closed()).isEqualTo(1);
    assertThat(s.total().overdue()).isEqualTo(1);
    assertThat(s.total().satisfaction()).containsEntry("dissatisfied", 1L).containsEntry("satisfied", 0L);
    assertThat(s.areas()).extracting(Statistics.Area::code)
        .containsExactlyInAnyOrder(TestAccounts.BAIGUAN, LedgerFixtures.OTHER_TOWN);
    assertThat(s.cells()).filteredOn(c -> c.areaCode().equals(TestAccounts.BAIGUAN)).singleElement()
        .satisfies(c -> {
          assertThat(c.month()).isEqualTo("2031-03");
          assertThat(c.category()).isEqualTo("public-order");
          assertThat(c.recorded()).isEqualTo(1);
          assertThat(c.medianDaysToResolve()).isNotNull().isLessThan(1.0);
        });
    assertThat(s.byCategory()).extracting(Statistics.Cell::category).containsExactly("public-order", "fraud");
    // the province's rows are its counties
    Statistics province = ledger.statistics(scope("t-province-analyst"), null, LocalDate.of(2031, 3, 1),
        LocalDate.of(2031, 4, 30), ZH);
    assertThat(province.areas()).extracting(Statistics.Area::code).containsExactly(TestAccounts.SHANGYU);
    assertThat(province.total().recorded()).isEqualTo(2);
    // the town officer of the other town sees its own figures only
    Statistics other = ledger.statistics(otherTown, null, LocalDate.of(2031, 3, 1), LocalDate.of(2031, 4, 30), ZH);
    assertThat(other.total().recorded()).isEqualTo(1);
    assertThat(other.byCategory()).extracting(Statistics.Cell::category).containsExactly("fraud");
    assertThatThrownBy(() -> ledger.statistics(otherTown, TestAccounts.BAIGUAN, null, null, ZH))
        .isInstanceOf(OutOfScope.class);
    assertThatThrownBy(() -> ledger.statistics(county, TestAccounts.SHANGYU, LocalDate.of(2031, 4, 1),
        LocalDate.of(2031, 3, 1), ZH)).isInstanceOf(InputRejected.class);
  }
}
