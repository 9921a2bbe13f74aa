package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 18: the area import takes population by sex × age band ({@code pop_m_16_29} … {@code pop_f_70plus}), the
 * results' post-stratification margins; bad headers and rows are named by line and column and nothing is written.
 */
@IntegrationTest
class AreaMarginImportTest {

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  Scope countyAdmin;

  static final String HEADER = "code,name,level,parent_code,population,pop_m_16_39,pop_f_16_39,pop_m_40plus,pop_f_40plus";

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
  }

  private int margins() {
    return jdbc.sql("select count(*) from org_area_margin").query(Integer.class).single();
  }

  private InputRejected rejected(String csv) {
    int before = margins();
    InputRejected e = (InputRejected) TestSupport.thrown(
        () -> org.importCsv(countyAdmin, csv.getBytes(StandardCharsets.UTF_8), "margins.csv"));
    assertThat(margins()).as("nothing imported").isEqualTo(before);
    return e;
  }

  @Test
  void populationBySexAndAgeComesInWithTheAreaFiguresAndAnEmptyRowKeepsWhatWasThere() {
    var caoeBefore = org.populationMargins(List.of("330604002")); // the demo's margins, if any
    org.importCsv(countyAdmin, (HEADER + """

        330604001,百官街道,town,330604,81234,20000,21000,15000,16000
        330604002,曹娥街道,town,330604,50000,,,,
        """).getBytes(StandardCharsets.UTF_8), "margins.csv");
    assertThat(org.populationMargins(List.of("330604002"))).isEqualTo(caoeBefore);
    assertThat(org.populationMargins(List.of("330604001")).get("330604001")).containsExactly(
        new PopulationCell("f", 16, 39, 21000), new PopulationCell("f", 40, null, 16000),
        new PopulationCell("m", 16, 39, 20000), new PopulationCell("m", 40, null, 15000));
    // a later import without the cells keeps them; with other cells replaces them
    org.importCsv(countyAdmin, "code,name,level,parent_code,population\n330604001,百官街道,town,330604,81234\n"
        .getBytes(StandardCharsets.UTF_8), "figures.csv");
    assertThat(org.populationMargins(List.of("330604001")).get("330604001")).hasSize(4);
    org.importCsv(countyAdmin, (HEADER + "\n330604001,百官街道,town,330604,81234,1,2,3,4\n")
        .getBytes(StandardCharsets.UTF_8), "margins.csv");
    assertThat(org.populationMargins(List.of("330604001")).get("330604001"))
        .extracting(PopulationCell::population).containsExactly(2L, 4L, 1L, 3L);
  }

  @Test
  void overlappingBandsAndABandOfOneSexOnlyAreRefusedAtTheHeader() {
    InputRejected e = rejected("""
        code,name,level,parent_code,pop_m_16_39,pop_f_16_39,pop_m_30_49,pop_f_30_49,pop_m_50plus
        330604001,百官街道,town,330604,1,1,1,1,1
        """);
    assertThat(e.problems()).contains(
        Problem.at(1, "pop_m_30_49", "import.error.marginOverlap", "pop_m_30_49", "pop_m_16_39"),
        Problem.at(1, "pop_m_50plus", "import.error.marginOtherSex", "pop_m_50plus", "pop_f_50plus"));
  }

  @Test
  void aRowWithSomeCellsOrMoreThanItsPopulationIsNamedByLineAndColumn() {
    InputRejected e = rejected(HEADER + """

        330604001,百官街道,town,330604,81234,20000,,15000,16000
        330604002,曹娥街道,town,330604,1000,500,500,1,1
        330604003,东关街道,town,330604,1000,-5,1,1,1
        """);
    assertThat(e.problems()).containsExactly(
        Problem.at(2, "pop_f_16_39", "import.error.marginIncomplete", "pop_f_16_39"),
        Problem.at(3, "pop_m_16_39", "import.error.marginOverPopulation", 1002L, 1000L),
        Problem.at(4, "pop_m_16_39", "import.error.notCount", "-5"));
  }
}
