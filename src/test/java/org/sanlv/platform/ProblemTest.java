package org.sanlv.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void aLongValueIsEchoedAsAnExcerptOfFortyCharacters() {
    String huge = "x".repeat(5_000_000);
    Problem p = Problem.at(1, huge, "import.error.unknownColumn", huge);
    assertThat(p.column()).hasSize(41).endsWith("…");
    assertThat((String) p.args().get(0)).isEqualTo("x".repeat(40) + "…");
  }

  @Test
  void shortValuesNumbersAndNullsAreKeptAsTheyAre() {
    Problem p = Problem.at(3, "name", "import.error.duplicateCode", "A1", 2, null);
    assertThat(p.args()).containsExactly("A1", 2, "");
    assertThat(p.column()).isEqualTo("name");
  }

  @Test
  void theExcerptNeverSplitsACharacterAndShowsNulVisibly() {
    String han = "𠀀".repeat(50); // each one a surrogate pair
    assertThat(Problem.of("k", han).args()).containsExactly("𠀀".repeat(40) + "…");
    assertThat(Problem.of("k", "a\0b").args()).containsExactly("a\\0b");
  }
}
