package org.sanlv.results.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ResponseLayoutTest {

  @Test
  void putsDesignColumnsFirstThenOneColumnPerQuestionAndOnePerMultipleChoiceOption() {
    List<Variable> vars = ExportFixtures.layout().variables();

    assertThat(vars).extracting(Variable::name)
        .containsExactly(
            "response_id", "stratum", "psu", "weight", "stratum_name", "mode", "submitted_at", "flagged", "flags",
            "q1", "age", "q9", "q11", "q11_1", "q11_2", "q11_3", "q11_14", "income", "q20");
    assertThat(vars.get(3).isNumeric()).isTrue();
    assertThat(vars.get(5).valueLabels()).containsEntry(1.0, "入户调查").containsEntry(4.0, "网络调查").hasSize(4);
    assertThat(vars.get(11).valueLabels()).containsEntry(1.0, "好").containsEntry(5.0, "不知道").hasSize(5);
    Variable q11 = vars.get(12);
    assertThat(q11.type()).isEqualTo(VariableType.STRING);
    assertThat(q11.width()).isEqualTo("1 2 3 14".length());
    assertThat(vars.get(13).label()).isEqualTo("十一、您知道以下哪些属于电信网络诈骗？：公检法电话要求转账");
    assertThat(vars.get(13).valueLabels()).isEqualTo(Map.of(0.0, "未选", 1.0, "选中"));
    assertThat(vars.get(18).width()).isEqualTo(600);
  }

  @Test
  void expandsSelectMultipleIntoCodesInChoiceOrderAndZeroOneColumns() {
    Object[] row = ExportFixtures.layout().row(ExportFixtures.responses().get(3)); // "3 1"

    assertThat(row).containsExactly(
        "r4", "330106", "330106-017", 1033.125, "西湖区", 1.0, "2026-01-11T09:00:00+08:00", 0.0, "",
        1.0, 19.0, 5.0, "1 3", 1.0, 0.0, 1.0, 0.0, 2.0, ExportFixtures.LONG_TEXT);
  }

  @Test
  void contextColumnsGiveNameModeChinaTimeAndFlags() {
    Object[] row = ExportFixtures.layout().row(ExportFixtures.responses().get(1));

    // submitted 2026-01-10T16:30:00Z is 00:30 the next day in China
    assertThat(java.util.Arrays.asList(row).subList(0, 9)).containsExactly(
        "r2", "330102", "330102-001", 812.5, "上城区", 2.0, "2026-01-11T00:30:00+08:00", 1.0, "speeder straightliner");
  }

  @Test
  void labelColumnsStandBesideTheCodesForSpreadsheets() {
    ResponseLayout layout = ExportFixtures.layout().withLabelColumns();
    assertThat(layout.variables()).extracting(Variable::name).containsExactly(
        "response_id", "stratum", "psu", "weight", "stratum_name", "mode", "mode_label", "submitted_at", "flagged",
        "flags", "q1", "q1_label", "age", "q9", "q9_label", "q11", "q11_label", "q11_1", "q11_2", "q11_3", "q11_14",
        "income", "q20");
    Object[] row = layout.row(ExportFixtures.responses().get(0)); // q1 = 1, q9 = 1, q11 = "1 2 3", online
    assertThat(row[5]).isEqualTo(4.0);
    assertThat(row[6]).isEqualTo("网络调查");
    assertThat(row[11]).isEqualTo("男");
    assertThat(row[14]).isEqualTo("好");
    assertThat(row[15]).isEqualTo("1 2 3");
    assertThat(row[16]).isEqualTo("公检法电话要求转账；刷单返利；冒充客服退款");
    Object[] missing = layout.row(ExportFixtures.responses().get(2)); // nothing answered, no context
    assertThat(missing[6]).isNull();
    assertThat(missing[11]).isNull();
    assertThat(missing[16]).isNull();
  }

  @Test
  void aQuestionNamedLikeAContextColumnKeepsItsNameAndTheContextMovesAside() {
    ResponseLayout layout = ResponseLayout.of(List.of(Question.integer("mode", "众数")));
    assertThat(layout.variables()).extracting(Variable::name).contains("mode_0", "mode");
  }

  @Test
  void leavesEveryColumnOfAnUnansweredQuestionMissing() {
    Object[] row = ExportFixtures.layout().row(ExportFixtures.responses().get(2));

    assertThat(row).containsExactly(
        "r3", "330106", "330106-017", 1033.125, null, null, null, null, null,
        null, null, null, null, null, null, null, null, 0.8, null);
  }

  @Nested
  class BadInput {

    @Test
    void namesTheQuestionAndCodeOfAnAnswerThatIsNotAChoice() {
      var r = new Response("r9", "s", "p", 1.0, Map.of("q11", "1 15"));
      assertThatThrownBy(() -> ExportFixtures.layout().row(r))
          .hasMessage("response r9, question q11: \"15\" is not one of its choice codes");
    }

    @Test
    void namesTheQuestionOfAnIntegerThatIsNotOne() {
      var r = new Response("r9", "s", "p", 1.0, Map.of("age", "三十"));
      assertThatThrownBy(() -> ExportFixtures.layout().row(r))
          .hasMessage("response r9, question age: \"三十\" is not a whole number");
    }

    @Test
    void refusesSelectOneCodesThatAreNotNumbers() {
      var q = Question.selectOne("q2", "二", List.of(new Choice("a", "甲")));
      assertThatThrownBy(() -> ResponseLayout.of(List.of(q)))
          .hasMessageContaining("question q2: choice code \"a\" is not a number");
    }

    @Test
    void refusesNamesThatStataOrSpssCannotHold() {
      assertThatThrownBy(() -> Variable.numeric("1q", "")).hasMessageContaining("\"1q\"");
      assertThatThrownBy(() -> Variable.numeric("with", "")).hasMessageContaining("reserved");
      assertThatThrownBy(() -> Variable.numeric("q".repeat(33), "")).hasMessageContaining("31");
    }

    @Test
    void refusesTwoVariablesWhoseNamesDifferOnlyInCase() {
      var vars = List.of(Variable.numeric("Q1", ""), Variable.numeric("q1", ""));
      assertThatThrownBy(() -> new Dataset("", vars, RowSource.of(List.of())))
          .hasMessageContaining("\"Q1\" and \"q1\"");
    }

    @Test
    void namesTheRowAndVariableOfAStringInANumericColumn() {
      var ds = new Dataset("", List.of(Variable.numeric("x", "")), RowSource.of(List.<Object[]>of(new Object[] {"abc"})));
      assertThatThrownBy(() -> DataExports.write(ds, ExportFormat.CSV, new java.io.ByteArrayOutputStream(), ExportFixtures.FIXED))
          .hasMessage("row 1, variable x: \"abc\" is not a number");
    }
  }
}
