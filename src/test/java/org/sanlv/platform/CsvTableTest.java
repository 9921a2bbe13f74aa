package org.sanlv.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CsvTableTest {

  @Test
  void rowsRememberTheirLineAcrossQuotedLineBreaks() {
    CsvTable table = CsvTable.parse("code,name\n1,\"two\nlines\"\n2,b\n", 10);
    assertThat(table.rows()).extracting(CsvTable.Row::line).containsExactly(2, 4);
    assertThat(table.rows().get(0).get("name")).isEqualTo("two\nlines");
  }

  @Nested
  class TextThatCannotBeStored {

    @Test
    void aNulInACellIsRefusedAtItsLineAndColumn() {
      assertThatThrownBy(() -> CsvTable.parse("code,name\n1,a\n2,b\0c\n", 10))
          .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems())
              .containsExactly(Problem.at(3, "name", "input.error.unstorable", "U+0000", 2)));
    }

    @Test
    void aLoneSurrogateIsRefusedLikeANul() {
      assertThatThrownBy(() -> CsvTable.parse("code,name\n1,上虞\uD800\n", 10))
          .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems())
              .containsExactly(Problem.at(2, "name", "input.error.unstorable", "U+D800", 3)));
    }

    @Test
    void aNulInTheHeaderIsRefusedAtLineOne() {
      assertThatThrownBy(() -> CsvTable.parse("co\0de,name\n1,a\n", 10))
          .isInstanceOfSatisfying(InputRejected.class, e -> assertThat(e.problems())
              .extracting(Problem::line, Problem::messageKey).containsExactly(
                  org.assertj.core.groups.Tuple.tuple(1, "input.error.unstorable")));
    }

    @Test
    void pairedSurrogatesAreOrdinaryText() {
      assertThat(CsvTable.parse("code,name\n1,𠀀村\n", 10).rows().get(0).get("name")).isEqualTo("𠀀村");
    }
  }
}
