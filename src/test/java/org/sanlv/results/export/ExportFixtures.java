package org.sanlv.results.export;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A small questionnaire and five responses covering Chinese labels, missing values and select_multiple. */
final class ExportFixtures {

  static final ExportOptions FIXED =
      ExportOptions.withDefaults()
          .withCreatedAt(Instant.parse("2026-01-15T01:30:00Z"))
          .withZone(ZoneId.of("Asia/Shanghai"));

  static final String LABEL = "2026年浙江省公众安全感调查（样例）";

  /** 250 Chinese characters: 750 bytes, longer than q20's 600 bytes, so every format must cut it. */
  static final String LONG_TEXT = "平安".repeat(125);

  private ExportFixtures() {}

  static List<Question> questions() {
    return List.of(
        Question.selectOne("q1", "一、您的性别", List.of(new Choice("1", "男"), new Choice("2", "女"))),
        Question.integer("age", "二、您的年龄（周岁）"),
        Question.selectOne(
            "q9",
            "九、您觉得本地总体治安状况如何？",
            List.of(
                new Choice("1", "好"), new Choice("2", "较好"), new Choice("3", "一般"),
                new Choice("4", "不好"), new Choice("5", "不知道"))),
        Question.selectMultiple(
            "q11",
            "十一、您知道以下哪些属于电信网络诈骗？",
            List.of(
                new Choice("1", "公检法电话要求转账"), new Choice("2", "刷单返利"),
                new Choice("3", "冒充客服退款"), new Choice("14", "以上都不知道"))),
        Question.decimal("income", "月收入（万元）"),
        Question.text("q20", "二十、您对平安建设的意见和建议", 600));
  }

  static ResponseLayout layout() {
    return ResponseLayout.of(questions());
  }

  static List<Response> responses() {
    List<Response> out = new ArrayList<>();
    out.add(response("r1", "330102", "330102-001", 812.5, "1", "34", "1", "1 2 3", "1.25", "希望多巡逻，路灯再亮一点")
        .with(context("上城区", "online", "2026-01-10T02:05:09.250Z")));
    out.add(response("r2", "330102", "330102-001", 812.5, "2", "67", "2", "14", null, "说\"谢谢\",\n还有换行")
        .with(context("上城区", "phone", "2026-01-10T16:30:00Z", "speeder", "straightliner")));
    // r3: a response whose context is unknown (the context columns are missing)
    out.add(response("r3", "330106", "330106-017", 1033.125, null, null, null, null, "0.8", null).with(null));
    out.add(response("r4", "330106", "330106-017", 1033.125, "1", "19", "5", "3 1", "2", LONG_TEXT)
        .with(context("西湖区", "household", "2026-01-11T01:00:00Z")));
    out.add(response("r5", "330106", "330106-018", 990.0, "2", "45", "3", "", "", "")
        .with(context("西湖区", "intercept", "2026-01-12T09:59:59Z", "duplicate_device")));
    return out;
  }

  private static Response.Context context(String name, String mode, String at, String... flags) {
    return new Response.Context(name, mode, Instant.parse(at), List.of(flags));
  }

  /** A response with its context (a small builder: the fixture rows stay one line each). */
  private record Built(Response r) {
    Response with(Response.Context c) {
      return new Response(r.id(), r.stratum(), r.psu(), r.weight(), r.answers(), c);
    }
  }

  private static Built response(
      String id, String stratum, String psu, double weight, String q1, String age, String q9, String q11,
      String income, String q20) {
    Map<String, String> a = new HashMap<>();
    put(a, "q1", q1);
    put(a, "age", age);
    put(a, "q9", q9);
    put(a, "q11", q11);
    put(a, "income", income);
    put(a, "q20", q20);
    return new Built(new Response(id, stratum, psu, weight, a));
  }

  private static void put(Map<String, String> a, String k, String v) {
    if (v != null) {
      a.put(k, v);
    }
  }

  static Dataset dataset() {
    ResponseLayout layout = layout();
    List<Object[]> rows = responses().stream().map(layout::row).toList();
    return layout.dataset(LABEL, RowSource.of(rows));
  }

  static List<Object[]> rows() {
    ResponseLayout layout = layout();
    return responses().stream().map(layout::row).toList();
  }
}
