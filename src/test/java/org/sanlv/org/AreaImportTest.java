package org.sanlv.org;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class AreaImportTest {

  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  Scope countyAdmin;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
    countyAdmin = users.scopeOf("t-county-admin").orElseThrow();
  }

  private int nodes() {
    return jdbc.sql("select count(*) from org_node").query(Integer.class).single();
  }

  private int audits(String action) {
    return jdbc.sql("select count(*) from audit_log where action = ?").param(action).query(Integer.class).single();
  }

  @Test
  void importsVillagesAndUnitsWithFiguresAndAuditsTheImport() {
    int auditsBefore = audits("org.import");
    String csv = """
        code,name,level,parent_code,population,households,villages,unit_type,phone_blocks
        330604001201,龙山社区,village,330604001,5200,1900,,,
        330604001202,"江扬社区, 东片",village,330604001,4100,1500,,,
        U330604-ga,上虞区公安分局,unit,330604,,,,department,
        330604001,百官街道,town,330604,81234,30012,27,,1390575 1391234:移动
        """;
    OrgService.ImportResult result = org.importCsv(countyAdmin, csv.getBytes(StandardCharsets.UTF_8), "good.csv");
    assertThat(result.created()).isEqualTo(3);
    assertThat(result.updated()).isEqualTo(1);
    assertThat(org.node(countyAdmin, "330604001202").name()).isEqualTo("江扬社区, 东片");
    OrgNode baiguan = org.node(countyAdmin, "330604001");
    assertThat(baiguan.population()).isEqualTo(81234);
    assertThat(baiguan.figuresDemo()).isFalse();
    assertThat(org.phoneBlocks(countyAdmin, "330604001")).extracting(PhoneBlock::prefix).containsExactly("1390575", "1391234");
    assertThat(org.node(countyAdmin, "U330604-ga").unitType()).isEqualTo(UnitType.DEPARTMENT);
    assertThat(audits("org.import")).isEqualTo(auditsBefore + 1);
  }

  @Test
  void aNewTownWithItsVillagesAndUnitsIsCreatedInOneGoWhateverTheOrderOfTheRows() {
    // under 中原区 (河南), whose towns no other test counts; children before their parents, and a unit under a
    // village created by the same file
    Scope henan = users.scopeOf("t-henan").orElseThrow();
    String csv = """
        code,name,level,parent_code,population,phone_blocks,unit_type
        U410102951-1,新镇派出所,unit,410102951,,,department
        410102951201,新镇一村,village,410102951,800,,
        410102951,新镇,town,410102,1800,1390370:移动,
        410102951202,新镇二村,village,410102951,1000,,
        U410102951202-1,二村合作社,unit,410102951202,,,cooperative
        """;
    OrgService.ImportResult result = org.importCsv(henan, csv.getBytes(StandardCharsets.UTF_8), "town.csv");
    assertThat(result.created()).isEqualTo(5);
    OrgNode town = org.node(henan, "410102951");
    assertThat(town.path()).isEqualTo("/CN/41/4101/410102/410102951/");
    assertThat(town.childCount()).isEqualTo(3);
    OrgNode unit = org.node(henan, "U410102951202-1");
    assertThat(unit.path()).isEqualTo("/CN/41/4101/410102/410102951/410102951202/U410102951202-1/");
    assertThat(unit.parentCode()).isEqualTo("410102951202");
    assertThat(unit.unitType()).isEqualTo(UnitType.COOPERATIVE);
    assertThat(org.phoneBlocks(henan, "410102951")).containsExactly(new PhoneBlock("1390370", "移动"));
    // a second file updates figures and replaces the blocks it names, and only those
    OrgService.ImportResult update = org.importCsv(henan, """
        code,name,level,parent_code,population,phone_blocks
        410102951,新镇（改名）,town,410102,1900,1390371 1390372:电信
        410102951201,新镇一村,village,410102951,850,
        """.getBytes(StandardCharsets.UTF_8), "update.csv");
    assertThat(update.updated()).isEqualTo(2);
    assertThat(org.node(henan, "410102951").name()).isEqualTo("新镇（改名）");
    assertThat(org.node(henan, "410102951").population()).isEqualTo(1900);
    assertThat(org.node(henan, "410102951201").population()).isEqualTo(850);
    assertThat(org.node(henan, "410102951201").figuresDemo()).isFalse();
    assertThat(org.phoneBlocks(henan, "410102951")).containsExactly(new PhoneBlock("1390371", null),
        new PhoneBlock("1390372", "电信"));
  }

  @Test
  void readsGbkFilesSavedByExcel() {
    String csv = "code,name,level,parent_code,population\n330604002301,曹娥社区,village,330604002,3000\n";
    OrgService.ImportResult result = org.importCsv(countyAdmin, csv.getBytes(Charset.forName("GBK")), "gbk.csv");
    assertThat(result.readAsGbk()).isTrue();
    assertThat(org.node(countyAdmin, "330604002301").name()).isEqualTo("曹娥社区");
  }

  @Nested
  class BadFilesImportNothing {

    private InputRejected rejected(String csv) {
      int before = nodes();
      InputRejected e = (InputRejected) TestSupport.thrown(
          () -> org.importCsv(countyAdmin, csv.getBytes(StandardCharsets.UTF_8), "bad.csv"));
      assertThat(nodes()).as("nothing imported").isEqualTo(before);
      return e;
    }

    @Test
    void aBadRowNamesItsLineAndColumn() {
      InputRejected e = rejected("""
          code,name,level,parent_code,population
          330604003901,一村,village,330604003,100
          330604003902,二村,village,330604003,100
          330604003903,三村,village,330604003,-3
          330604003904,四村,village,330604003,100
          """);
      assertThat(e.problems()).containsExactly(Problem.at(4, "population", "import.error.notCount", "-3"));
    }

    @Test
    void duplicateCodesUnknownParentsAndBadLevelsAreAllReported() {
      InputRejected e = rejected("""
          code,name,level,parent_code
          330604003911,一村,village,330604003
          330604003911,一村again,village,330604003
          330604003912,二村,village,999999
          330604003913,三村,planet,330604003
          330604003914,,village,330604003
          """);
      assertThat(e.problems()).extracting(Problem::line, Problem::column, Problem::messageKey).containsExactly(
          tuple(3, "code", "import.error.duplicateCode"),
          tuple(4, "parent_code", "import.error.unknownParent"),
          tuple(5, "level", "import.error.badLevel"),
          tuple(6, "name", "import.error.required"));
    }

    @Test
    void aPhoneBlockTwiceInOneCellIsNamed() {
      InputRejected e = rejected("code,name,level,parent_code,phone_blocks\n330604003941,村,village,330604003,1390575 1390575:移动\n");
      assertThat(e.problems()).containsExactly(Problem.at(2, "phone_blocks", "import.error.duplicatePrefix", "1390575"));
    }

    @Test
    void aMissingColumnIsNamed() {
      InputRejected e = rejected("code,name,parent_code\n1,a,330604\n");
      assertThat(e.problems()).containsExactly(Problem.at(1, "level", "import.error.missingColumn", "level"));
    }

    @Test
    void rowsOutsideTheImportersSubtreeAreRefused() {
      InputRejected e = rejected("code,name,level,parent_code\n330102001901,外区村,village,330102001\n");
      assertThat(e.problems()).extracting(Problem::messageKey).containsExactly("import.error.outOfScope");
    }

    @Test
    void aVillageCannotHangUnderACounty() {
      InputRejected e = rejected("code,name,level,parent_code\n330604777,村,village,330604\n");
      assertThat(e.problems()).extracting(Problem::messageKey).containsExactly("import.error.levelUnderParent");
    }

    @Test
    void bytesThatAreNeitherUtf8NorGbkAreReportedWithTheirLine() {
      byte[] bytes = "code,name,level,parent_code\n1,".getBytes(StandardCharsets.UTF_8);
      byte[] bad = java.util.Arrays.copyOf(bytes, bytes.length + 3);
      bad[bytes.length] = (byte) 0xff;
      bad[bytes.length + 1] = (byte) 0xff;
      bad[bytes.length + 2] = (byte) 0xff;
      assertThatThrownBy(() -> org.importCsv(countyAdmin, bad, "binary.csv"))
          .isInstanceOfSatisfying(InputRejected.class, r ->
              assertThat(r.problems()).containsExactly(Problem.at(2, null, "import.error.encoding")));
    }

    @Test
    void anUnclosedQuoteIsReported() {
      InputRejected e = rejected("code,name,level,parent_code\n330604003921,\"村,village,330604003\n");
      assertThat(e.problems()).extracting(Problem::messageKey).contains("import.error.unclosedQuote");
    }
  }

  @Test
  void importNeedsTheWritePermission() {
    Scope analyst = users.scopeOf("t-province-analyst").orElseThrow();
    assertThatThrownBy(() -> org.importCsv(analyst, "code,name,level,parent_code\n".getBytes(), "x.csv"))
        .isInstanceOf(OutOfScope.class);
  }
}
