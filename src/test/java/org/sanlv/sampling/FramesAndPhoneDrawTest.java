package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.TestClock;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.Scope;
import org.sanlv.org.UserService;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TestSupport;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The number-block, do-not-call and intercept-site frames imported through the platform (good files stored with
 * their row count and fingerprint; bad files refused whole, every problem at its line and column), and the phone
 * (RDD) draw from them through {@link SamplingService}, as the survey page does it.
 */
@IntegrationTest
class FramesAndPhoneDrawTest {

  @Autowired SamplingService sampling;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  Scope countyAdmin;
  Survey survey;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
    long instrument = instruments.list(countyAdmin).stream().filter(i -> i.formId().equals("zhejiang-2022")).findFirst()
        .orElseThrow().id();
    Instant opens = TestClock.DEFAULT_START.minus(Duration.ofDays(1));
    Instant closes = opens.plus(Duration.ofDays(20));
    // 20 towns × a fixed 20 households; phone = 50% = 200 interviews × 10 numbers = 2,000 numbers
    survey = surveys.create(countyAdmin, new SurveyService.NewSurvey("t-phone-" + System.nanoTime() % 1_000_000_000,
        "电话抽样测试", instrument, TestAccounts.SHANGYU, List.of(
            new Survey.Mode(SurveyMode.HOUSEHOLD, opens, closes, Map.of("rule", "fixed", "fixed", "20")),
            new Survey.Mode(SurveyMode.PHONE, opens, closes, Map.of("numbersPerInterview", "10", "replicateSize", "500")),
            new Survey.Mode(SurveyMode.INTERCEPT, opens, closes, Map.of()))));
  }

  private SamplingRepository.FrameInfo importFrame(SamplingService.FrameKind kind, String text) {
    return sampling.importFrame(countyAdmin, survey.id(), kind, text.getBytes(StandardCharsets.UTF_8), kind + ".csv");
  }

  private int frames() {
    return jdbc.sql("select count(*) from sampling_frame where survey_id = ?").param(survey.id()).query(Integer.class).single();
  }

  private List<Problem> refused(SamplingService.FrameKind kind, String text) {
    int before = frames();
    InputRejected e = (InputRejected) TestSupport.thrown(() -> importFrame(kind, text));
    assertThat(frames()).as("nothing stored").isEqualTo(before);
    return e.problems();
  }

  @Nested
  class NumberBlocks {

    @Test
    void aGoodFileIsStoredWithItsRowsAndFingerprint() {
      var info = importFrame(SamplingService.FrameKind.PREFIXES,
          "prefix,area,carrier\n1390575,3306,移动\n0575-8212,330604,电信\n");
      assertThat(info.rowCount()).isEqualTo(2);
      assertThat(info.fingerprint()).hasSize(64);
      assertThat(sampling.frame(countyAdmin, survey.id(), SamplingService.FrameKind.PREFIXES)).contains(info);
    }

    @Test
    void aBadFileIsRefusedWithEveryLineAndColumn() {
      assertThat(refused(SamplingService.FrameKind.PREFIXES, """
          prefix,area
          139057,3306
          1390575,330604
          1390576,9999
          1390575,3306
          """)).extracting(Problem::line, Problem::column, Problem::messageKey).containsExactly(
          tuple(2, "prefix", "sampling.error.badPrefix"),
          tuple(3, "area", "sampling.error.mobileAreaNotCity"),
          tuple(4, "area", "sampling.error.unknownArea"),
          tuple(5, "prefix", "sampling.error.duplicateId"));
    }
  }

  @Nested
  class DoNotCall {

    @Test
    void aGoodListIsStoredWithItsSize() {
      var info = importFrame(SamplingService.FrameKind.DNC, "number\n139 0575 0001\n+8613905750002\n0575-82121234\n");
      assertThat(info.rowCount()).isEqualTo(3);
    }

    @Test
    void garbageIsRefusedAtItsLines() {
      assertThat(refused(SamplingService.FrameKind.DNC, "number\n13905750001\nnot a number\n139057\n"))
          .extracting(Problem::line, Problem::column).containsExactly(tuple(3, "number"), tuple(4, "number"));
    }
  }

  @Nested
  class InterceptSites {

    @Test
    void aGoodFileIsStored() {
      var info = importFrame(SamplingService.FrameKind.SITES, """
          county,site_id,name,type,lat,lon
          330604,S1,百官菜场,market,30.03,120.87
          330604,S2,万达广场,商场,,
          """);
      assertThat(info.rowCount()).isEqualTo(2);
    }

    @Test
    void aBadFileIsRefusedWithEveryLineAndColumn() {
      assertThat(refused(SamplingService.FrameKind.SITES, """
          county,site_id,name,type,lat,lon
          330604,S1,百官菜场,market,30.03,
          999999,S2,某地,mall,,
          330604,S1,重复,mall,,
          330604,S3,,spaceport,,
          """)).extracting(Problem::line, Problem::column, Problem::messageKey).containsExactly(
          tuple(2, "lon", "sampling.error.coordinatePair"),
          tuple(3, "county", "sampling.error.unknownArea"),
          tuple(4, "site_id", "sampling.error.duplicateId"),
          tuple(5, "name", "import.error.required"),
          tuple(5, "type", "sampling.error.badLocationType"));
    }

    @Test
    void textThatCannotBeStoredIsRefusedAtItsCell() {
      assertThat(refused(SamplingService.FrameKind.SITES, "county,site_id,name,type\n330604,S4,有\0字符,mall\n"))
          .containsExactly(Problem.at(2, "name", "input.error.unstorable", "U+0000", 2));
    }
  }

  @Nested
  class PhoneDraw {

    /** Half the suffixes of 1390575 (0000–4999) are on the do-not-call list. */
    private Set<String> doNotCall() {
      StringBuilder dnc = new StringBuilder("number\n");
      Set<String> numbers = new HashSet<>();
      for (int s = 0; s < 5000; s++) {
        String number = String.format("1390575%04d", s);
        dnc.append(number).append('\n');
        numbers.add(number);
      }
      importFrame(SamplingService.FrameKind.DNC, dnc.toString());
      return numbers;
    }

    private List<String> numbers(long drawId) {
      return jdbc.sql("select number from sample_number where draw_id = ? order by release_order").param(drawId)
          .query(String.class).list();
    }

    @Test
    void drawsTheNumbersOfThePlanWithoutRepeatsOrDoNotCallNumbers() {
      importFrame(SamplingService.FrameKind.PREFIXES, "prefix,area,carrier\n1390575,3306,移动\n1330575,3306,电信\n");
      Set<String> dnc = doNotCall();
      var draw = sampling.draw(countyAdmin, survey.id(), SurveyMode.PHONE, 42, false);
      List<String> numbers = numbers(draw.id());
      assertThat(draw.unitCount()).isEqualTo(2000);
      assertThat(numbers).hasSize(2000).doesNotHaveDuplicates().allMatch(n -> n.matches("1(39|33)0575[0-9]{4}"));
      assertThat(numbers).filteredOn(dnc::contains).as("numbers on the do-not-call list").isEmpty();
      // both prefixes get their half, so the do-not-call half of 1390575 was really in the way
      assertThat(numbers).filteredOn(n -> n.startsWith("1390575")).hasSize(1000);
      assertThat(jdbc.sql("select max(replicate) from sample_number where draw_id = ?").param(draw.id())
          .query(Integer.class).single()).isEqualTo(4);
      var again = sampling.draw(countyAdmin, survey.id(), SurveyMode.PHONE, 42, true);
      assertThat(numbers(again.id())).isEqualTo(numbers);
      assertThat(sampling.overview(countyAdmin, survey.id())).filteredOn(s -> s.mode() == SurveyMode.PHONE)
          .singleElement().satisfies(s -> assertThat(s.unitsByStratum()).containsEntry("3306", 2000));
    }

    @Test
    void withoutANumberFrameTheDrawSaysWhatIsMissing() {
      assertThatThrownBy(() -> sampling.draw(countyAdmin, survey.id(), SurveyMode.PHONE, 1, false))
          .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems()).extracting(Problem::messageKey)
              .containsExactly("sampling.error.noFrame"));
    }
  }
}
