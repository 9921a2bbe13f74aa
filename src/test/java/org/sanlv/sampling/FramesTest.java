package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

class FramesTest {

  /** The problems of a rejected input; fails when the input was accepted (then nothing may be returned). */
  static List<Problem> problems(Runnable parse) {
    InputRejected rejected = catchThrowableOfType(InputRejected.class, parse::run);
    assertThat(rejected).as("input should be rejected").isNotNull();
    return rejected.problems();
  }

  static Problem problem(int line, String column, String key) {
    return new Problem(line, column, key, List.of());
  }

  @Nested
  class BlockFrames {

    @Test
    void readsBlocksWithOptionalTownAndPopulationSortedById() {
      BlockFrame frame = Frames.blocks("""
          block_id,county,town,households,population
          B2,330604,330604001,120,350
          B1,330604,,80,
          """, TestAreas.KNOWN);
      assertThat(frame.blocks()).containsExactly(
          new Block("B1", "330604", "", 80, 0), new Block("B2", "330604", "330604001", 120, 350));
      assertThat(frame.totalHouseholds()).isEqualTo(200);
      assertThat(frame.fingerprint()).hasSize(64);
    }

    @Test
    void fingerprintIgnoresRowOrderAndColumnOrderButNotContent() {
      String a = Frames.blocks("block_id,county,households\nB1,330604,80\nB2,330604,90\n", TestAreas.KNOWN)
          .fingerprint();
      String b = Frames.blocks("households,block_id,county\n90,B2,330604\n80,B1,330604\n", TestAreas.KNOWN)
          .fingerprint();
      String c = Frames.blocks("block_id,county,households\nB1,330604,80\nB2,330604,91\n", TestAreas.KNOWN)
          .fingerprint();
      assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }
  }

  @Nested
  class BlockFrameErrors {

    @Test
    void missingCountyCodeIsRequiredAtItsLine() {
      assertThat(problems(() -> Frames.blocks("""
          block_id,county,households
          B1,330604,80
          B2,,90
          """, TestAreas.KNOWN))).containsExactly(problem(3, "county", "import.error.required"));
    }

    @Test
    void unknownOrMalformedCountyCodesAreRefused() {
      assertThat(problems(() -> Frames.blocks("""
          block_id,county,households
          B1,339999,80
          B2,33060,90
          """, TestAreas.KNOWN))).containsExactly(
              Problem.at(2, "county", "sampling.error.unknownArea", "339999"),
              Problem.at(3, "county", "sampling.error.badCounty", "33060"));
    }

    @Test
    void duplicateBlockIdNamesTheFirstLine() {
      assertThat(problems(() -> Frames.blocks("""
          block_id,county,households
          B1,330604,80
          B2,330604,90
          B1,330604,70
          """, TestAreas.KNOWN))).containsExactly(Problem.at(4, "block_id", "sampling.error.duplicateId", "B1", 2));
    }

    @Test
    void zeroNegativeAndNonNumericSizesAreRefused() {
      assertThat(problems(() -> Frames.blocks("""
          block_id,county,households,population
          B1,330604,0,10
          B2,330604,-3,10
          B3,330604,many,10
          B4,330604,12.5,10
          B5,330604,40,-1
          """, TestAreas.KNOWN))).containsExactly(
              Problem.at(2, "households", "sampling.error.notPositive", "0"),
              Problem.at(3, "households", "sampling.error.notPositive", "-3"),
              Problem.at(4, "households", "sampling.error.notPositive", "many"),
              Problem.at(5, "households", "sampling.error.notPositive", "12.5"),
              Problem.at(6, "population", "sampling.error.notPositive", "-1"));
    }

    @Test
    void townMustBeNineDigitsInsideItsCounty() {
      assertThat(problems(() -> Frames.blocks("""
          block_id,county,town,households
          B1,330604,33060400,80
          B2,330604,330102001,80
          B3,330604,330604099,80
          """, TestAreas.KNOWN))).containsExactly(
              Problem.at(2, "town", "sampling.error.badTown", "33060400"),
              Problem.at(3, "town", "sampling.error.townOutsideCounty", "330102001", "330604"),
              Problem.at(4, "town", "sampling.error.unknownArea", "330604099"));
    }

    @Test
    void missingAndUnknownColumnsAreReportedOnTheHeaderLine() {
      assertThat(problems(() -> Frames.blocks("block_id,county,houshold\nB1,330604,3\n", TestAreas.KNOWN)))
          .containsExactly(Problem.at(1, "households", "import.error.missingColumn", "households"),
              Problem.at(1, "houshold", "import.error.unknownColumn", "houshold"));
    }

    @Test
    void aHeaderWithoutRowsIsRefused() {
      assertThat(problems(() -> Frames.blocks("block_id,county,households\n", TestAreas.KNOWN)))
          .containsExactly(Problem.of("import.error.noRows"));
    }

    @Test
    void everyBadRowIsReportedNotOnlyTheFirst() {
      assertThat(problems(() -> Frames.blocks("""
          block_id,county,households
          B1,,80
          B2,330604,0
          B3,330604,5
          B3,330604,5
          """, TestAreas.KNOWN))).extracting(Problem::line).containsExactly(2, 3, 5);
    }
  }

  @Nested
  class PrefixFrames {

    @Test
    void readsMobileAndLandlinePrefixes() {
      PrefixFrame frame = Frames.prefixes("""
          prefix,carrier,area
          1390575,移动,3306
          0575-8212,电信,330604
          """, TestAreas.KNOWN);
      assertThat(frame.prefixes()).containsExactly(
          new NumberPrefix("0575-8212", NumberPrefix.Kind.LANDLINE, "电信", "330604"),
          new NumberPrefix("1390575", NumberPrefix.Kind.MOBILE, "移动", "3306"));
      assertThat(frame.prefixes().get(0).digits()).isEqualTo("05758212");
    }
  }

  @Nested
  class PrefixFrameErrors {

    @Test
    void prefixesOfTheWrongLengthAreRefused() {
      assertThat(problems(() -> Frames.prefixes("""
          prefix,carrier,area
          139057,移动,3306
          13905751,移动,3306
          0575-82,电信,330604
          0575-821234,电信,330604
          05758212,电信,330604
          """, TestAreas.KNOWN))).containsExactly(
              Problem.at(2, "prefix", "sampling.error.badPrefix", "139057"),
              Problem.at(3, "prefix", "sampling.error.badPrefix", "13905751"),
              Problem.at(4, "prefix", "sampling.error.badPrefix", "0575-82"),
              Problem.at(5, "prefix", "sampling.error.badPrefix", "0575-821234"),
              Problem.at(6, "prefix", "sampling.error.badPrefix", "05758212"));
    }

    @Test
    void mobilePrefixesMapToACityAndAreasMustExist() {
      assertThat(problems(() -> Frames.prefixes("""
          prefix,area
          1390575,330604
          1390576,3399
          0575-8212,33060
          1390575,3306
          """, TestAreas.KNOWN))).containsExactly(
              Problem.at(2, "area", "sampling.error.mobileAreaNotCity", "330604"),
              Problem.at(3, "area", "sampling.error.unknownArea", "3399"),
              Problem.at(4, "area", "sampling.error.badArea", "33060"),
              Problem.at(5, "prefix", "sampling.error.duplicateId", "1390575", 2));
    }
  }

  @Nested
  class DoNotCallLists {

    @Test
    void readsMobileAndLandlineNumbersWithSeparatorsAndCountryCode() {
      DoNotCallList dnc = Frames.doNotCall("number\n13905751234\n\n139 0575 1235\n+8613905751236\n0575-82121234\n");
      assertThat(dnc.size()).isEqualTo(4);
      assertThat(dnc.contains(13905751235L)).isTrue();
      assertThat(dnc.contains(Long.parseLong("057582121234"))).isTrue();
      assertThat(dnc.contains(13905751237L)).isFalse();
    }
  }

  @Nested
  class DoNotCallErrors {

    @Test
    void garbageLinesAreRefusedAtTheirLines() {
      assertThat(problems(() -> Frames.doNotCall("""
          13905751234
          call me maybe
          1390575123
          12905751234
          0575-8212
          13905751235
          """))).containsExactly(
              Problem.at(2, "number", "sampling.error.badNumber", "call me maybe"),
              Problem.at(3, "number", "sampling.error.badNumber", "1390575123"),
              Problem.at(4, "number", "sampling.error.badNumber", "12905751234"),
              Problem.at(5, "number", "sampling.error.badNumber", "0575-8212"));
    }
  }

  @Nested
  class InterceptSites {

    @Test
    void readsSitesWithEnglishOrChineseTypesAndOptionalCoordinates() {
      SiteFrame frame = Frames.sites("""
          county,site_id,name,type,lat,lon
          330604,S1,百官菜市场,市场,30.03,120.87
          330604,S2,万达广场,mall,,
          """, TestAreas.KNOWN);
      assertThat(frame.sites()).containsExactly(
          new InterceptSite("330604", "S1", "百官菜市场", LocationType.MARKET, 30.03, 120.87),
          new InterceptSite("330604", "S2", "万达广场", LocationType.MALL, null, null));
    }
  }

  @Nested
  class InterceptSiteErrors {

    @Test
    void badTypeCoordinatesAndMissingCountyAreRefused() {
      assertThat(problems(() -> Frames.sites("""
          county,site_id,name,type,lat,lon
          ,S1,菜市场,market,,
          330604,S2,广场,park,,
          330604,S3,学校,school,95,120
          330604,S4,车站,transport,30.1,
          """, TestAreas.KNOWN))).containsExactly(
              Problem.at(2, "county", "import.error.required"),
              Problem.at(3, "type", "sampling.error.badLocationType", "park"),
              Problem.at(4, "lat", "sampling.error.badCoordinate", "95", 90.0),
              Problem.at(5, "lon", "sampling.error.coordinatePair"));
    }
  }

  @Nested
  class PopulationErrors {

    @Test
    void areasMustBeKnownUniqueAndPopulated() {
      assertThat(problems(() -> Frames.populations("""
          area,population
          3306,4450000
          3306,4450000
          3399,100
          3307,0
          """, TestAreas.KNOWN))).containsExactly(
              Problem.at(3, "area", "sampling.error.duplicateId", "3306", 2),
              Problem.at(4, "area", "sampling.error.unknownArea", "3399"),
              Problem.at(5, "population", "sampling.error.notPositive", "0"));
    }
  }
}
