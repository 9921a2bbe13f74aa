package org.sanlv.fieldwork.cati;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sanlv.fieldwork.cati.DispositionRules.Attempt;
import org.sanlv.fieldwork.cati.DispositionRules.Disposition;

class DispositionRulesTest {

  private static Attempt a(String code) {
    return new Attempt(code, false, false);
  }

  private static List<Attempt> of(String... codes) {
    List<Attempt> list = new ArrayList<>();
    for (String c : codes) {
      list.add(a(c));
    }
    return list;
  }

  @Test
  void notAttemptedIsOpen311() {
    assertThat(DispositionRules.of(List.of(), 6)).isEqualTo(new Disposition("3.11", false));
  }

  @Test
  void interviewIsFinalAtOnce() {
    assertThat(DispositionRules.of(of("3.13", "1.1"), 6)).isEqualTo(new Disposition("1.1", true));
  }

  @Test
  void notEligibleIsFinalAtOnce() {
    assertThat(DispositionRules.of(of("4.31"), 6)).isEqualTo(new Disposition("4.31", true));
    assertThat(DispositionRules.of(of("3.13", "3.12", "4.51"), 6)).isEqualTo(new Disposition("4.51", true));
    assertThat(DispositionRules.of(of("4.3"), 6)).as("4.3 reads as 4.30").isEqualTo(new Disposition("4.30", true));
  }

  @Test
  void hardRefusalIsFinalSoftRefusalIsNot() {
    assertThat(DispositionRules.of(List.of(new Attempt("2.111", false, true)), 6)).isEqualTo(new Disposition("2.111", true));
    assertThat(DispositionRules.of(of("2.111"), 6)).isEqualTo(new Disposition("2.111", false));
  }

  @Test
  void deceasedUnableAndLanguageAreFinalAtOnce() {
    assertThat(DispositionRules.of(of("2.31"), 6).fin()).isTrue();
    assertThat(DispositionRules.of(of("2.32"), 6).fin()).isTrue();
    assertThat(DispositionRules.of(of("2.331"), 6).fin()).isTrue();
    assertThat(DispositionRules.of(of("2.35"), 6).fin()).isFalse();
  }

  @Test
  void openCaseCountsAsItsMostInformativeCodeSoFar() {
    assertThat(DispositionRules.of(of("3.13", "2.221", "3.12"), 6)).isEqualTo(new Disposition("2.221", false));
  }

  @Test
  void atTheCapTheMostInformativeCodeWins() {
    assertThat(DispositionRules.of(of("3.13", "3.12", "2.111", "3.13", "3.13", "3.13"), 6))
        .as("refusal over no answer").isEqualTo(new Disposition("2.111", true));
    assertThat(DispositionRules.of(of("2.111", "1.2", "3.13"), 3))
        .as("partial over refusal").isEqualTo(new Disposition("1.2", true));
    assertThat(DispositionRules.of(of("2.12", "2.111"), 2))
        .as("refusal and break-off one rank: the latest").isEqualTo(new Disposition("2.111", true));
    assertThat(DispositionRules.of(of("3.13", "2.221", "2.36"), 3))
        .as("other eligible over answering machine").isEqualTo(new Disposition("2.36", true));
    assertThat(DispositionRules.of(of("2.221", "3.14", "3.13"), 3))
        .as("answering machine at a household over unknown").isEqualTo(new Disposition("2.221", true));
    assertThat(DispositionRules.of(of("3.21", "3.13"), 2)).isEqualTo(new Disposition("3.21", true));
    assertThat(DispositionRules.of(of("3.13", "3.12", "3.13"), 3))
        .as("unknown: the latest").isEqualTo(new Disposition("3.13", true));
  }

  @Test
  void anAppointmentNeverKeptIs221() {
    List<Attempt> attempts = List.of(new Attempt("2.21", true, false), a("3.13"), a("2.222"));
    assertThat(DispositionRules.of(attempts, 3)).isEqualTo(new Disposition("2.21", true));
    // an appointment made while the interview was half done stays a partial
    assertThat(DispositionRules.of(List.of(new Attempt("1.2", true, false), a("3.13")), 2))
        .isEqualTo(new Disposition("1.2", true));
    // an appointment under an unknown-eligibility code still says someone eligible was reached
    assertThat(DispositionRules.of(List.of(new Attempt("3.13", true, false), a("3.13")), 2))
        .isEqualTo(new Disposition("2.21", true));
  }

  @Test
  void whatAnInterviewerMayRecord() {
    assertThat(DispositionRules.recordable(AaporCode.parse("3.11").orElseThrow())).isFalse();
    assertThat(DispositionRules.recordable(AaporCode.parse("4.30").orElseThrow())).as("roll-up heading").isFalse();
    assertThat(DispositionRules.recordable(AaporCode.parse("4.31").orElseThrow())).isTrue();
    assertThat(DispositionRules.listed(AaporCode.parse("1.1").orElseThrow())).as("only by the interview").isFalse();
    assertThat(DispositionRules.needsTime(AaporCode.parse("2.21").orElseThrow())).isTrue();
  }
}
