package org.sanlv.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.core.io.ClassPathResource;

/** The rules file: the issue's example reads as written; every bad rule is refused with its line and key. */
class RulesFileTest {

  static final String GOOD = """
      year: 2022
      average: pooled            # pooled | county-mean
      fraction: proportional     # proportional | whole-points
      min_n: 30
      sources: {bureau: 0.5, third_party: 0.5}
      points_per_point: {safety: 2, participation: 0.5, awareness: 0.5}
      """;

  @Test
  void readsTheIssuesExample() {
    Rules r = RulesFile.parse(GOOD);
    assertThat(r.year()).isEqualTo(2022);
    assertThat(r.average()).isEqualTo(Average.POOLED);
    assertThat(r.fraction()).isEqualTo(Fraction.PROPORTIONAL);
    assertThat(r.minN()).isEqualTo(30);
    assertThat(r.sources()).containsExactly(Map.entry("bureau", 0.5), Map.entry("third_party", 0.5));
    assertThat(r.pointsPerPoint()).containsExactly(Map.entry("safety", 2.0), Map.entry("participation", 0.5),
        Map.entry("awareness", 0.5));
    assertThat(r.caps()).isEmpty();
  }

  @Test
  void readsTheOtherChoicesAndCaps() {
    Rules r = RulesFile.parse("""
        year: 2023
        average: county-mean
        fraction: whole-points
        sources:
          bureau: 0.6
          third_party: 0.4
        points_per_point: {safety: 2}
        caps: {safety: 10}
        """);
    assertThat(r.average()).isEqualTo(Average.COUNTY_MEAN);
    assertThat(r.fraction()).isEqualTo(Fraction.WHOLE_POINTS);
    assertThat(r.minN()).isEqualTo(30); // the default
    assertThat(r.caps()).containsExactly(Map.entry("safety", 10.0));
    assertThat(RulesFile.parse(RulesFile.yaml(r))).isEqualTo(r);
  }

  @Test
  void theShippedDefaultIsSeedOnesRules() throws Exception {
    String text = new String(new ClassPathResource("scoring/zhejiang-2022.yaml").getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    Rules r = RulesFile.parse(text);
    assertThat(r.year()).isEqualTo(2022);
    assertThat(r.pointsPerPoint()).containsExactly(Map.entry("safety", 2.0), Map.entry("participation", 0.5),
        Map.entry("awareness", 0.5));
    assertThat(r.sources()).containsExactly(Map.entry("bureau", 0.5), Map.entry("third_party", 0.5));
  }

  /** Each bad file: the line and key (column) of its first problem, and the message key. */
  @ParameterizedTest(name = "{3}")
  @CsvSource(delimiter = '|', value = {
      "year: 2022\\naverage: median\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}|2|average|scoring.rules.oneOf",
      "year: 2022\\nfraction: half\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}|2|fraction|scoring.rules.oneOf",
      "year: 22\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}|1|year|scoring.rules.year",
      "year: twenty\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}|1|year|scoring.rules.notNumber",
      "year: 2022\\nmin_n: 2.5\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}|2|min_n|scoring.rules.minN",
      "year: 2022\\nmin_n: [1]\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}|2|min_n|scoring.rules.notValue",
      "year: 2022\\nsources: {bureau: 1, police: 1}\\npoints_per_point: {safety: 2}|2|sources|scoring.rules.unknownSource",
      "year: 2022\\nsources: {bureau: -1}\\npoints_per_point: {safety: 2}|2|sources|scoring.rules.badNumber",
      "year: 2022\\nsources: {bureau: 0}\\npoints_per_point: {safety: 2}|2|sources|scoring.rules.noWeight",
      "year: 2022\\nsources: bureau\\npoints_per_point: {safety: 2}|2|sources|scoring.rules.notNameMap",
      "year: 2022\\nsources: {bureau: 1}\\npoints_per_point: {safety: two}|3|points_per_point|scoring.rules.badNumber",
      "year: 2022\\nsources: {bureau: 1}\\npoints_per_point: {Safety: 2}|3|points_per_point|scoring.rules.badName",
      "year: 2022\\nsources: {bureau: 1}\\npoints_per_point: {}|3|points_per_point|scoring.rules.notNameMap",
      "year: 2022\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}\\ncaps: {awareness: 3}|4|caps|scoring.rules.capNotScored",
      "year: 2022\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}\\ncaps: {safety: 0}|4|caps|scoring.rules.badNumber",
      "year: 2022\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}\\nbonus: 3|4|bonus|scoring.rules.unknownKey",
      "year: 2022\\nyear: 2023\\nsources: {bureau: 1}\\npoints_per_point: {safety: 2}|2|year|scoring.rules.twice",
      "year: 2022\\nsources: {bureau: 1, bureau: 2}\\npoints_per_point: {safety: 2}|2|sources|scoring.rules.twice",
      "year: 2022\\npoints_per_point: {safety: 2}|2|sources|scoring.rules.missing",
      "year: 2022\\nsources: {bureau: 1}|2|points_per_point|scoring.rules.missing",
      "sources: {bureau: 1}\\npoints_per_point: {safety: 2}|1|year|scoring.rules.missing",
  })
  void everyBadRuleNamesItsLineAndKey(String text, int line, String key, String messageKey) {
    InputRejected e = catchThrowableOfType(InputRejected.class, () -> RulesFile.parse(text.replace("\\n", "\n")));
    assertThat(e).as(text).isNotNull();
    Problem p = e.problems().get(0);
    assertThat(p.messageKey()).isEqualTo(messageKey);
    assertThat(p.line()).isEqualTo(line);
    assertThat(p.column()).isEqualTo(key);
  }

  @Test
  void brokenYamlNamesItsLine() {
    InputRejected e = catchThrowableOfType(InputRejected.class,
        () -> RulesFile.parse("year: 2022\nsources: {bureau: 1\npoints_per_point: {safety: 2}\n"));
    assertThat(e.problems().get(0).messageKey()).isEqualTo("scoring.rules.yaml");
    assertThat(e.problems().get(0).line()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void everyProblemIsReportedAtOnceInLineOrder() {
    InputRejected e = catchThrowableOfType(InputRejected.class, () -> RulesFile.parse("""
        year: 1999
        average: median
        sources: {bureau: x}
        points_per_point: {safety: 2}
        """));
    assertThat(e.problems()).extracting(Problem::line).containsExactly(1, 2, 3);
    assertThat(e.problems()).extracting(Problem::column).containsExactly("year", "average", "sources");
  }

  @Test
  void emptyOrNotAMapOrTooLongIsRefused() {
    for (String text : List.of("", "  ", "- a\n- b\n", "just text", "year: 2022\n#" + "x".repeat(30_000))) {
      InputRejected e = catchThrowableOfType(InputRejected.class, () -> RulesFile.parse(text));
      assertThat(e).as(text.length() > 40 ? "long" : text).isNotNull();
      assertThat(e.problems().get(0).line()).isEqualTo(1);
    }
  }
}
