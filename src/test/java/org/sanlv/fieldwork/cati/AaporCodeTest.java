package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sanlv.fieldwork.cati.AaporCode.Category;

class AaporCodeTest {

  @Test
  void readsCodesAsDecimalsSoTrailingZerosDoNotMatter() {
    assertThat(AaporCode.parse("4.3")).contains(AaporCode.NON_WORKING_OR_DISCONNECTED);
    assertThat(AaporCode.parse("4.30")).contains(AaporCode.NON_WORKING_OR_DISCONNECTED);
    assertThat(AaporCode.parse(" 2.111 ")).contains(AaporCode.HOUSEHOLD_REFUSAL);
    assertThat(AaporCode.parse("1.10")).contains(AaporCode.COMPLETE);
    assertThat(AaporCode.parse("2.1")).contains(AaporCode.REFUSAL_AND_BREAK_OFF);
    assertThat(AaporCode.parse("4.30").orElseThrow().code()).isEqualTo("4.30");
  }

  @Test
  void refusesCodesOutsideTheCatalog() {
    for (String bad : new String[] {"", "1", "1.0", "1.3", "2.113", "5.1", "4.99", "x", "4,31", "1.1.1", "-1.1", "1e0", "2.11101"}) {
      assertThat(AaporCode.parse(bad)).as(bad).isEmpty();
    }
    assertThat(AaporCode.parse(null)).isEmpty();
  }

  @Test
  void placesEachCodeInTheGroupOfItsFirstDigits() {
    for (AaporCode c : AaporCode.values()) {
      String code = c.code();
      Category expected = code.startsWith("1.1") ? Category.I
          : code.startsWith("1.2") ? Category.P
          : code.startsWith("2.1") ? Category.R
          : code.startsWith("2.2") ? Category.NC
          : code.startsWith("2.3") ? Category.O
          : code.startsWith("3.1") ? Category.UH
          : code.startsWith("3.") ? Category.UO
          : Category.NE;
      assertThat(c.category()).as(code).isEqualTo(expected);
    }
  }

  @Test
  void codesAreUniqueAndEveryOneHasAChineseAndAnEnglishLabel() throws IOException {
    Properties zh = load("messages.properties");
    Properties en = load("messages_en.properties");
    Set<String> seen = new HashSet<>();
    for (AaporCode c : AaporCode.values()) {
      assertThat(seen.add(c.code())).as(c.code()).isTrue();
      assertThat(AaporCode.parse(c.code())).contains(c);
      assertThat(zh.getProperty(c.messageKey())).as(c.messageKey()).isNotBlank();
      assertThat(en.getProperty(c.messageKey())).as(c.messageKey()).isNotBlank();
    }
    for (Category k : Category.values()) {
      assertThat(zh.getProperty("cati.category." + k)).isNotBlank();
      assertThat(en.getProperty("cati.category." + k)).isNotBlank();
    }
  }

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(Path.of("src/main/resources", name), StandardCharsets.UTF_8)) {
      p.load(r);
    }
    return p;
  }
}
