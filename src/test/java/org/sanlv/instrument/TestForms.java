package org.sanlv.instrument;

import static org.sanlv.instrument.QuestionType.*;

import java.util.List;
import java.util.Map;

/** A small form using every supported type and column, for round trips and flow tests. */
final class TestForms {
    private TestForms() {
    }

    static Map<String, String> t(String zh, String en) {
        return Maps.zhEn(zh, en);
    }

    static Instrument everything() {
        List<Question> q = List.of(
                Question.of(NOTE, "intro", t("欢迎", "Welcome")).withHint(t("提示", "A hint")),
                Question.of(BEGIN_GROUP, "g1", t("第一部分", "Part one")).withAppearance("field-list"),
                Question.of(INTEGER, "age", t("年龄", "Age")).withRequired("yes")
                        .withRequiredMessage(t("必须填写年龄", "Age is required"))
                        .withConstraint(". >= 0 and . <= 120", t("0-120", "0 to 120")),
                Question.of(NOTE, "too_young", t("谢谢", "Thanks, that is all")).withRelevant("${age} < 16")
                        .withAppearance("terminate"),
                Question.of(DECIMAL, "income", t("收入", "Income")).withRequired("${age} >= 18"),
                Question.of(TEXT, "nick", t("昵称", "Nickname")).withConstraint("string-length(.) <= 10", Map.of()),
                Question.of(DATE, "visit", t("日期", "Date")).withConstraint(". <= today()", t("不能是将来", "Not in the future")),
                Question.of(END_GROUP, "g1", Map.of()),
                Question.select(SELECT_ONE, "city", "cities", t("城市", "City")).withOrOther(true),
                Question.select(SELECT_ONE, "county", "counties", t("县", "County")).withChoiceFilter("city=${city}")
                        .withRelevant("${city} != 'other'"),
                Question.select(SELECT_MULTIPLE, "fraud", "fraud", t("诈骗", "Fraud")).withAppearance("minimal")
                        .withConstraint("not(selected(., '9') and count-selected(.) > 1)", t("互斥", "Exclusive")),
                Question.of(CALCULATE, "aware", Map.of()).withCalculation("count-selected-of(${fraud}, '1', '2')"),
                Question.of(CALCULATE, "adult", Map.of()).withCalculation("if(${age} >= 18, 'yes', 'no')"),
                Question.of(NOTE, "score", t("得分", "Score")).withRelevant("${aware} > 0"));
        List<ChoiceList> lists = List.of(
                new ChoiceList("cities", List.of(new Choice("hz", t("杭州", "Hangzhou")), new Choice("sx", t("绍兴", "Shaoxing")))),
                new ChoiceList("counties", List.of(
                        new Choice("330102", t("上城区", "Shangcheng"), Map.of("city", "hz")),
                        new Choice("330604", t("上虞区", "Shangyu"), Map.of("city", "sx")))),
                new ChoiceList("fraud", List.of(new Choice("1", t("刷单", "Order brushing")),
                        new Choice("2", t("冒充公检法", "Fake police")), new Choice("9", t("不知道", "Don't know")))));
        return new Instrument("everything-2022", t("全部", "Everything"), "33", 2022, "1", "zh",
                List.of(Language.ZH, Language.EN), Map.of("style", "pages"), q, lists);
    }
}
