package org.sanlv.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.sanlv.instrument.AnswerProblem;
import org.sanlv.instrument.Choice;
import org.sanlv.instrument.ClientEngineForms;
import org.sanlv.instrument.ClientForm;
import org.sanlv.instrument.Completion;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.QuestionType;
import org.sanlv.instrument.Step;
import org.sanlv.instrument.expr.Env;
import org.sanlv.instrument.expr.Expressions;
import org.sanlv.instrument.expr.Scope;
import org.sanlv.instrument.expr.ValueType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The client engine (static/js/capi/engine.js, run in chromium) decides as the Java engine does: for the built-in
 * questionnaires and every WildFormsTest form that compiles, seeded random answer paths (valid, refused, blank and
 * badly shaped answers, going back, completing with stray answers) give the same steps, the same problems and the
 * same stored answers; and random expressions, well-formed or not, are accepted or refused alike and evaluate to the
 * same values. A disagreement names the form, the path and the call (or the expression and the answers).
 */
@Tag("browser")
class CapiEngineAgreementBrowserTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final LocalDate TODAY = LocalDate.of(2026, 10, 19);
  private static final Path ENGINE = Path.of("src/main/resources/static/js/capi/engine.js");
  private static final int PATHS_PER_FORM = 15;
  private static final int PATHS_PER_BUILT_IN = 200;

  static Browser browser;
  static Page page;

  @BeforeAll
  static void start() throws IOException {
    browser = new Browser();
    page = browser.desktop();
    page.setContent("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>");
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(Files.readString(ENGINE, StandardCharsets.UTF_8)));
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(RUNNER));
  }

  @AfterAll
  static void stop() {
    browser.close();
  }

  /** Runs a batch of calls in the client engine and answers each as canonical JSON, shaped as {@link #javaCall}. */
  private static final String RUNNER = """
      window.agree = function (payload) {
        var f = SanlvEngine.flow(JSON.parse(payload.form), {lang: 'zh', today: payload.today});
        function step(s) {
          if (s === null) { return null; }
          return {status: s.status, name: s.name, choices: s.choices.map(function (c) { return c.name; }),
            required: s.required, groups: s.groups.map(function (g) { return g.name; })};
        }
        function problems(list) { return list.map(function (p) { return [p.code, p.question, p.args]; }); }
        function completion(c) { return {outcome: c.outcome, problems: problems(c.problems), answers: c.answers}; }
        return JSON.parse(payload.ops).map(function (op) {
          try {
            switch (op.op) {
              case 'first': return JSON.stringify(step(f.first(op.answers)));
              case 'next': return JSON.stringify(step(f.next(op.answers, op.name)));
              case 'previous': return JSON.stringify(step(f.previous(op.answers, op.name)));
              case 'step': return JSON.stringify(step(f.step(op.answers, op.name)));
              case 'validate': return JSON.stringify(problems(f.validate(op.answers, op.name, op.value)));
              case 'normalise': return JSON.stringify(f.normalise(op.name, op.value));
              case 'prune': return JSON.stringify(f.prune(op.answers));
              case 'completeExact': return JSON.stringify(completion(f.completeExact(op.answers)));
              case 'text': return JSON.stringify(f.text(f.question(op.name).label, op.answers, op.value));
              case 'complete': return JSON.stringify(completion(f.complete(op.answers)));
              default: return 'unknown op ' + op.op;
            }
          } catch (e) {
            return 'threw ' + e.message;
          }
        });
      };
      window.typed = function (v) {
        if (v === null || v === undefined) { return {t: 'null'}; }
        if (typeof v === 'number') { return {t: 'n', v: isFinite(v) ? v : String(v)}; }
        if (typeof v === 'string') { return {t: 's', v: v}; }
        if (typeof v === 'boolean') { return {t: 'b', v: v}; }
        if (Array.isArray(v)) { return {t: 'l', v: v.map(String)}; }
        return {t: 'other', v: String(v)};
      };
      window.expressions = function (payload) {
        var cases = JSON.parse(payload.cases);
        var scope = {
          question: function (name) { var b = payload.scope[name]; return b ? {slot: b[0], type: b[1]} : null; },
          current: null, choiceColumnsAllowed: false, choiceColumn: function () { return -1; }
        };
        return cases.map(function (c) {
          var compiled = SanlvEngine.compile(c.text, scope);
          if (compiled.problems.length) {
            return JSON.stringify({ok: false, syntax: compiled.problems[0].syntax, message: compiled.problems[0].message});
          }
          return JSON.stringify({ok: true, values: c.slots.map(function (slots) {
            return typed(SanlvEngine.evaluate(compiled.expr, slots, null, payload.today));
          })});
        });
      };
      """;

  // ---- forms and answer paths ----

  @Test
  void theClientEngineWalksEveryFormAsTheJavaEngineDoes() throws Exception {
    List<ClientEngineForms.Named> forms = ClientEngineForms.all();
    assertThat(forms).as("built-ins, TestForms and the WildFormsTest forms that compile").hasSizeGreaterThanOrEqualTo(20);
    List<String> disagreements = new ArrayList<>();
    int paths = 0;
    int calls = 0;
    Map<String, Integer> ends = new TreeMap<>();
    Map<String, Integer> builtInEnds = new TreeMap<>();
    long answered = 0;
    for (ClientEngineForms.Named named : forms) {
      InterviewFlow flow = named.flow().withToday(TODAY);
      Random random = new Random(named.name().hashCode() * 31L + 7);
      Values values = new Values(flow, random);
      List<Map<String, Object>> ops = new ArrayList<>();
      List<String> where = new ArrayList<>();
      int count = named.name().startsWith("built-in") ? PATHS_PER_BUILT_IN : PATHS_PER_FORM;
      for (int p = 0; p < count; p++) {
        String end = walk(flow, values, random, ops, where, named.name() + " path " + p);
        ends.merge(end, 1, Integer::sum);
        if (named.name().startsWith("built-in")) {
          builtInEnds.merge(end, 1, Integer::sum);
        }
        answered += lastAnswered;
        paths++;
      }
      Map<String, Object> payload = Map.of("form", JSON.writeValueAsString(ClientForm.of(flow)),
          "today", TODAY.toString(), "ops", JSON.writeValueAsString(ops));
      @SuppressWarnings("unchecked")
      List<String> client = (List<String>) page.evaluate("payload => window.agree(payload)", payload);
      for (int i = 0; i < ops.size(); i++) {
        calls++;
        String java = canonical((String) ops.get(i).get("expect"));
        String js = client.get(i).startsWith("threw") || client.get(i).startsWith("unknown") ? client.get(i)
            : canonical(client.get(i));
        if (!java.equals(js)) {
          Map<String, Object> op = new LinkedHashMap<>(ops.get(i));
          op.remove("expect");
          disagreements.add(where.get(i) + ": " + JSON.writeValueAsString(op) + "\n  java: " + java + "\n  js:   " + js);
        }
      }
    }
    System.out.printf("client engine agreement: %d forms, %d paths (ends %s; built-ins %s; %.1f answers a path), "
        + "%d calls, %d disagreements%n", forms.size(), paths, ends, builtInEnds, answered / (double) paths, calls,
        disagreements.size());
    assertThat(builtInEnds.getOrDefault("complete", 0)).as("built-in paths that reach the end").isGreaterThan(20);
    assertThat(disagreements).as("disagreements (first 20 of %d)", disagreements.size())
        .isEmpty();
  }

  private int lastAnswered;

  private static boolean named(String path) {
    return path.startsWith("built-in");
  }

  /** One random interview: the Java engine leads, every call is recorded with Java's answer; says how it ended. */
  private String walk(InterviewFlow flow, Values values, Random random, List<Map<String, Object>> ops,
      List<String> where, String path) throws Exception {
    Map<String, Object> answers = new LinkedHashMap<>();
    String end = "moves";
    Step step = record(ops, where, path, "first", answers, null, null, () -> flow.first(answers), this::step);
    Step current = step;
    List<String> history = new ArrayList<>();
    for (int moves = 0; moves < 150; moves++) {
      if (current.status() != Step.Status.ASK) {
        if (!history.isEmpty() && random.nextInt(4) == 0) {
          // back from the end, as an interviewer checking an answer
          String last = history.remove(history.size() - 1);
          current = record(ops, where, path, "step", answers, last, null, () -> flow.step(answers, last), this::step);
          continue;
        }
        end = current.status().name().toLowerCase(java.util.Locale.ROOT);
        break;
      }
      Question q = current.question();
      String name = q.name();
      for (org.sanlv.instrument.Language l : flow.instrument().languages()) {
        String lang = l.code();
        record(ops, where, path, "text", answers, name, lang,
            () -> new org.sanlv.instrument.InterviewScreen(flow).start(answers).text(q.label(lang), lang), t -> t);
      }
      if (!history.isEmpty() && random.nextInt(12) == 0) {
        Optional<Step> back = flow.previous(answers, name);
        record(ops, where, path, "previous", answers, name, null, () -> back.orElse(null), this::step);
        if (back.isPresent()) {
          history.remove(history.size() - 1);
          current = back.get();
          continue;
        }
      }
      if (q.type() == QuestionType.NOTE) {
        history.add(name);
        current = record(ops, where, path, "next", answers, name, null, () -> flow.next(answers, name), this::step);
        continue;
      }
      boolean accepted = false;
      for (int attempt = 0; attempt < 6 && !accepted; attempt++) {
        Object value = roundTrip(values.value(q, current.choices(), attempt));
        List<AnswerProblem> problems = record(ops, where, path, "validate", answers, name, value,
            () -> flow.validateAnswer(answers, name, value), CapiEngineAgreementBrowserTest::problems);
        Optional<Object> stored = record(ops, where, path, "normalise", answers, name, value,
            () -> flow.normalise(name, value), o -> o.orElse(null));
        if (problems.isEmpty()) {
          accepted = true;
          if (stored.isPresent()) {
            answers.put(name, stored.get());
          } else {
            answers.remove(name);
          }
          Map<String, Object> again = roundTripMap(answers);
          answers.clear();
          answers.putAll(again);
        }
      }
      if (!accepted) {
        end = "stuck at " + (named(path) ? name : "a question");
        break; // stuck (e.g. a constraint no random value meets): complete what there is
      }
      history.add(name);
      current = record(ops, where, path, "next", answers, name, null, () -> flow.next(answers, name), this::step);
    }
    record(ops, where, path, "prune", answers, null, null, () -> flow.prune(answers), m -> m);
    record(ops, where, path, "complete", answers, null, null, () -> flow.complete(flow.prune(answers)), this::completion);
    record(ops, where, path, "completeExact", answers, null, null, () -> flow.complete(answers), this::completion);
    // stray answers: a bad value, an answer to a question not asked, an unknown name, a note with a value
    Map<String, Object> stray = new LinkedHashMap<>(answers);
    for (int k = 0; k < 3; k++) {
      Question q = values.anyRow();
      stray.put(q.name(), roundTrip(values.value(q, values.allChoices(q), 5)));
    }
    if (random.nextBoolean()) {
      stray.put("no_such_question", "1");
    }
    Map<String, Object> strayAnswers = roundTripMap(stray);
    record(ops, where, path, "completeExact", strayAnswers, null, null, () -> flow.complete(strayAnswers), this::completion);
    record(ops, where, path, "prune", strayAnswers, null, null, () -> flow.prune(strayAnswers), m -> m);
    Question any = values.anyRow();
    if (any.type() != QuestionType.BEGIN_GROUP && any.type() != QuestionType.CALCULATE) {
      record(ops, where, path, "step", strayAnswers, any.name(), null, () -> flow.step(strayAnswers, any.name()), this::step);
    }
    lastAnswered = answers.size();
    return end;
  }

  private interface Call<T> {
    T call() throws Exception;
  }

  private interface Shape<T> {
    Object shape(T t);
  }

  private <T> T record(List<Map<String, Object>> ops, List<String> where, String path, String op,
      Map<String, Object> answers, String name, Object value, Call<T> call, Shape<T> shape) throws Exception {
    T result = call.call();
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("op", op);
    o.put("answers", roundTripMap(answers));
    o.put("name", name);
    o.put("value", value);
    o.put("expect", JSON.writeValueAsString(shape.shape(result)));
    ops.add(o);
    where.add(path + " call " + (ops.size() - 1));
    return result;
  }

  private Object step(Step s) {
    if (s == null) {
      return null;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", s.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("name", s.question() == null ? null : s.question().name());
    m.put("choices", s.choices().stream().map(Choice::name).toList());
    m.put("required", s.required());
    m.put("groups", s.groups().stream().map(Question::name).toList());
    return m;
  }

  private static Object problems(List<AnswerProblem> list) {
    return list.stream().map(p -> List.of(p.code(), p.question(), p.args())).toList();
  }

  private Object completion(Completion c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
    m.put("problems", problems(c.problems()));
    m.put("answers", c.answers());
    return m;
  }

  private static Object roundTrip(Object value) throws Exception {
    return JSON.readValue(JSON.writeValueAsString(value), Object.class);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> roundTripMap(Map<String, Object> m) throws Exception {
    return (Map<String, Object>) JSON.readValue(JSON.writeValueAsString(m), LinkedHashMap.class);
  }

  /** JSON with object keys sorted and every number as the double it denotes, so 3, 3.0 and -0.0/0 compare equal. */
  static String canonical(String json) throws Exception {
    return String.valueOf(canon(JSON.readValue(json, Object.class)));
  }

  private static Object canon(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(String.valueOf(k), canon(x)));
      return sorted;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(CapiEngineAgreementBrowserTest::canon).toList();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      return "#" + (d == 0 ? "0.0" : Double.toString(d));
    }
    return v instanceof String s ? "'" + s + "'" : v;
  }

  /** Random answers for a form: mostly what an interviewer would enter, sometimes what a bad device would send. */
  static final class Values {
    private final InterviewFlow flow;
    private final Random random;
    private final List<Double> numbers = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final List<Question> rows;

    Values(InterviewFlow flow, Random random) {
      this.flow = flow;
      this.random = random;
      this.rows = flow.rows().stream().filter(q -> q.type() != QuestionType.END_GROUP).toList();
      Set<Double> ns = new LinkedHashSet<>(List.of(0.0, 1.0, 2.0, 5.0, 16.0, 18.0, 60.0, 99.0, -1.0));
      Set<String> ts = new LinkedHashSet<>(List.of("张三", "a", "other", "12", "2026-01-01", "x y", "330604", "410102", "330602"));
      Pattern number = Pattern.compile("(?<![\\w.$])(\\d+(?:\\.\\d+)?)");
      Pattern text = Pattern.compile("'([^']*)'");
      for (Question q : flow.rows()) {
        for (String e : List.of(q.relevant(), q.constraint(), q.calculation(), q.required(), q.choiceFilter())) {
          Matcher m = number.matcher(e);
          while (m.find()) {
            double d = Double.parseDouble(m.group(1));
            ns.add(d);
            ns.add(d + 1);
            ns.add(d - 1);
          }
          Matcher t = text.matcher(e);
          while (t.find()) {
            ts.add(t.group(1));
          }
        }
      }
      numbers.addAll(ns);
      texts.addAll(ts);
    }

    Question anyRow() {
      return rows.get(random.nextInt(rows.size()));
    }

    List<Choice> allChoices(Question q) {
      return flow.instrument().choiceList(q.listName()).map(l -> l.choices()).orElse(List.of());
    }

    /** A value for {@code q}; later attempts lean towards plain valid answers so that a path moves on. */
    Object value(Question q, List<Choice> offered, int attempt) {
      int r = random.nextInt(100);
      boolean odd = attempt < 4 && r < 18;
      if (odd) {
        return oddValue(q, offered);
      }
      return switch (q.type()) {
        case SELECT_ONE -> offered.isEmpty() ? null : offered.get(random.nextInt(offered.size())).name();
        case SELECT_MULTIPLE -> {
          List<String> codes = new ArrayList<>();
          for (Choice c : offered) {
            if (random.nextInt(3) == 0) {
              codes.add(c.name());
            }
          }
          if ((codes.isEmpty() || attempt >= 3) && !offered.isEmpty()) {
            // later attempts: one, two, then three options (questions such as "choose three")
            codes.clear();
            List<Choice> shuffled = new ArrayList<>(offered);
            java.util.Collections.shuffle(shuffled, random);
            for (int k = 0; k < Math.max(1, attempt - 2) && k < shuffled.size(); k++) {
              codes.add(shuffled.get(k).name());
            }
          }
          yield codes;
        }
        case INTEGER -> random.nextBoolean() ? (long) (double) numbers.get(random.nextInt(numbers.size()))
            : 16L + random.nextInt(75);
        case DECIMAL -> random.nextBoolean() ? numbers.get(random.nextInt(numbers.size())) + 0.25
            : String.valueOf(numbers.get(random.nextInt(numbers.size())));
        case DATE -> TODAY.minusDays(random.nextInt(40_000) - 100).toString();
        case TEXT -> q.appearance().contains("county") && attempt > 0
            ? List.of("330604", "330602", "410102", "410105").get(random.nextInt(4))
            : texts.get(random.nextInt(texts.size()));
        default -> null;
      };
    }

    private Object oddValue(Question q, List<Choice> offered) {
      List<Object> odd = new ArrayList<>(List.of("", "  ", "nope", "1.5", " 7 ", "-0", "+3", "2026-02-30", "2026/01/01",
          "1e3", List.of(), List.of("a", "a"), 12, -3, 2.5, true, "１２", "\u00a0", "a b"));
      odd.add(null);
      odd.add(Map.of("x", 1));
      if (!offered.isEmpty()) {
        String code = offered.get(random.nextInt(offered.size())).name();
        odd.add(List.of(code, code));
        odd.add(" " + code + " ");
        odd.add(code + " " + code);
        if (code.matches("\\d{1,9}")) {
          odd.add(Integer.parseInt(code));
          odd.add(List.of(Integer.parseInt(code)));
        }
      }
      for (Choice c : allChoices(q)) {
        odd.add(c.name()); // perhaps filtered out by choice_filter
      }
      if (q.type() == QuestionType.INTEGER || q.type() == QuestionType.DECIMAL) {
        odd.add(String.valueOf(numbers.get(random.nextInt(numbers.size())).longValue()));
        odd.add(1_000_000_000_000_000L);
      }
      return odd.get(random.nextInt(odd.size()));
    }
  }

  // ---- expressions ----

  /** Slots of the random expressions: name → slot and type. */
  private static final Map<String, Object[]> SCOPE = new LinkedHashMap<>();

  static {
    SCOPE.put("n1", new Object[] {0, ValueType.NUMBER});
    SCOPE.put("n2", new Object[] {1, ValueType.NUMBER});
    SCOPE.put("s1", new Object[] {2, ValueType.STRING});
    SCOPE.put("s2", new Object[] {3, ValueType.STRING});
    SCOPE.put("c1", new Object[] {4, ValueType.CODE});
    SCOPE.put("m1", new Object[] {5, ValueType.CODES});
    SCOPE.put("d1", new Object[] {6, ValueType.DATE});
    SCOPE.put("a1", new Object[] {7, ValueType.ANY});
    SCOPE.put("div", new Object[] {8, ValueType.NUMBER});
    SCOPE.put("or-not", new Object[] {9, ValueType.NUMBER});
  }

  private static final Scope JAVA_SCOPE = new Scope() {
    @Override
    public Binding question(String name) {
      Object[] b = SCOPE.get(name);
      return b == null ? null : Binding.of((Integer) b[0], (ValueType) b[1]);
    }

    @Override
    public ValueType current() {
      return null;
    }
  };

  @Test
  void randomExpressionsAreAcceptedAndEvaluatedAlike() throws Exception {
    Random random = new Random(20261019L);
    ExpressionGenerator gen = new ExpressionGenerator(random);
    int expressions = 3000;
    int slotSets = 6;
    List<Map<String, Object>> cases = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    int accepted = 0;
    List<String> texts = new ArrayList<>(EDGES);
    texts.add("(".repeat(101) + "1" + ")".repeat(101));
    texts.add("(".repeat(99) + "1" + ")".repeat(99));
    texts.add("-".repeat(101) + "1");
    texts.add("1" + " + 1".repeat(120));
    texts.add("'" + "x".repeat(4001) + "'");
    texts.add("regex(${s1}, '" + "a".repeat(501) + "')");
    for (int i = 0; i < expressions; i++) {
      texts.add(gen.expression());
    }
    for (String text : texts) {
      List<Object[]> slots = new ArrayList<>();
      for (int k = 0; k < slotSets; k++) {
        slots.add(gen.slots());
      }
      Expressions.Compiled c = Expressions.compile(text, JAVA_SCOPE);
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("ok", c.ok());
      if (c.ok()) {
        accepted++;
        List<Object> values = new ArrayList<>();
        for (Object[] s : slots) {
          values.add(typed(c.expr().eval(new Env(s.clone(), TODAY))));
        }
        result.put("values", values);
      } else {
        result.put("syntax", c.problems().get(0).syntax());
        result.put("message", c.problems().get(0).message());
      }
      expected.add(JSON.writeValueAsString(result));
      cases.add(Map.of("text", text, "slots", slots.stream().map(java.util.Arrays::asList).toList()));
    }
    Map<String, List<Object>> scope = new LinkedHashMap<>();
    SCOPE.forEach((k, v) -> scope.put(k, List.of(v[0], v[1].toString())));
    Map<String, Object> payload = Map.of("cases", JSON.writeValueAsString(cases), "scope", scope,
        "today", TODAY.toString());
    @SuppressWarnings("unchecked")
    List<String> client = (List<String>) page.evaluate("payload => window.expressions(payload)", payload);
    List<String> disagreements = new ArrayList<>();
    for (int i = 0; i < cases.size(); i++) {
      String java = canonical(expected.get(i));
      String js = canonical(client.get(i));
      if (!java.equals(js)) {
        disagreements.add(JSON.writeValueAsString(cases.get(i)) + "\n  java: " + java + "\n  js:   " + js);
      }
    }
    System.out.printf("client expression agreement: %d expressions (%d accepted) × %d answer sets, %d disagreements%n",
        texts.size(), accepted, slotSets, disagreements.size());
    assertThat(accepted).as("most generated expressions are valid").isGreaterThan(expressions / 2);
    assertThat(disagreements).as("disagreements (%d)", disagreements.size()).isEmpty();
  }

  /** Corners of the grammar and of XPath's conversions, beside the random ones. */
  private static final List<String> EDGES = List.of("1 div-1", "${n1}div.5", "${n1}div-1", "--1", "- - 1",
      "${ }", "${1a}", "'unclosed", "\"unclosed", "1 ! 2", "${n1} == 1", "${n1} && 1", "!${n1}", "中文名 = 1",
      "${不存在} = 1", "concat()", "today(1)", "int('a')", "int(true())", "regex(${s1}, '[')", "regex(${s1}, ${s2})",
      "string-length('😀a')", "string-length(${s1})", "selected-at(${m1}, -1)", "selected-at(${m1}, 1.9)",
      "selected-at(${s1}, 0)", "1 mod 0", "-1 mod 0", "5 mod -3", "-5 mod 3", "5.5 mod 2", "-0 = 0",
      "0 div 0 = 0 div 0", "0 div 0 != 0 div 0", "'10' < '9'", "'b' > 'a'", "'2026-01-01' < today()",
      "today() - '2026-01-01'", "${d1} > '2000-01-01'", "${d1} + 1", "${a1} = true()", "${a1} = 1", "${a1} = 'a'",
      "coalesce(${s1}, ${m1})", "coalesce(${n1}, ${n2}, 7)", "1 and", "and 1", "1 or or 2", "(1", "1)", "f(1",
      "if(${n1} > 1, ${n1}, 'none')", "if(1)", "not()", "number('')", "number(' 12 ')", "number('1e3')",
      "number('-.5')", "number('.')", "number('+1')", "number('2026-02-30')", "number('2024-02-29')",
      "string(1 div 3)", "string(0.1 + 0.2)", "string(100000000000000)", "string(-0)", "string(1 div 0)",
      "string(0 div 0)", "concat(${m1}, '|', ${a1})", "count-selected(' a  b ')", "count-selected('')",
      "selected(' a b ', 'b')", "selected('ab', 'a')", "selected(${s1}, 1)", "count-selected-of(${m1})",
      "count-selected-of(${s1}, 'a', 'b', 'a')", "true() = 'false'", "false() = ''", "${or-not} or not(1)",
      "${div} div ${div}", "${n1} < ${s1}", "${s1} < ${s2}", "${s1} = ${s2}", "${n1} = ${n2}", "${m1} = 'a'",
      "${m1} != ${c1}", "'a' + 1", "1 + '1'", "1 + ' 1 '", "${m1} + 1", "${m1} = 1", "-true()", ".", "abc",
      "selected(${n1}, 'a')", "selected(${m1}, ${m1})", "regex('', '^$')", "regex('AbC', '(?i)abc')",
      "regex('a\nb', 'a.b')", "regex('x', '\\p{L}')", "1.", ".5", "1.2.3", "1..2", "'a''b'", "\"it's\"",
      "int(-2.5) = -2", "int(2.5)", "int('1e400')", "number('99999999999999999999999999999999999999999')");

  private static Object typed(Object v) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (v == null) {
      m.put("t", "null");
    } else if (v instanceof Double d) {
      m.put("t", "n");
      m.put("v", Double.isFinite(d) ? (Object) d : (Object) (d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity"));
    } else if (v instanceof String s) {
      m.put("t", "s");
      m.put("v", s);
    } else if (v instanceof Boolean b) {
      m.put("t", "b");
      m.put("v", b);
    } else if (v instanceof List<?> l) {
      m.put("t", "l");
      m.put("v", l.stream().map(String::valueOf).toList());
    } else {
      m.put("t", "other");
      m.put("v", String.valueOf(v));
    }
    return m;
  }

  /** Random expression text over {@link #SCOPE}, typed so most are valid, with some mistakes and odd spacing. */
  static final class ExpressionGenerator {
    private final Random random;
    private static final List<String> NUMBERS = List.of("0", "1", "2", "2.5", ".5", "3.", "10", "16", "0.1", "0.2",
        "100000000000000000000", "0.001", "7", "1234567.89");
    private static final List<String> STRINGS = List.of("", "a", "1", "1.5", "2026-10-19", "2020-01-01", "a b", " 3 ",
        "x", "b", "其他", "-2", "abc");
    private static final List<String> PATTERNS = List.of("^a", "[0-9]+", "^\\d{3}$", "b$", "(a|b)c", "^$", "其");
    private static final List<String> NUMBER_REFS = List.of("n1", "n2", "div", "or-not");

    ExpressionGenerator(Random random) {
      this.random = random;
    }

    String expression() {
      String e = gen(random.nextInt(5), pick(List.of("bool", "num", "str", "any")));
      int r = random.nextInt(100);
      if (r < 4) {
        return e.substring(0, random.nextInt(e.length() + 1)); // cut short
      } else if (r < 6) {
        return e + pick(List.of(")", " +", " foo", ",", "'", "!"));
      }
      return e;
    }

    private String pick(List<String> l) {
      return l.get(random.nextInt(l.size()));
    }

    private String sp() {
      int r = random.nextInt(10);
      return r < 6 ? " " : r < 9 ? "" : "\t ";
    }

    private String ref(String name) {
      return random.nextInt(15) == 0 ? "${ " + name + " }" : "${" + name + "}";
    }

    private String lit(String s) {
      return random.nextBoolean() ? "'" + s + "'" : "\"" + s + "\"";
    }

    String gen(int depth, String want) {
      if (depth <= 0 || random.nextInt(5) == 0) {
        return leaf(want);
      }
      int d = depth - 1;
      if (random.nextInt(60) == 0) {
        return mistake(d);
      }
      switch (want) {
        case "bool": {
          int r = random.nextInt(8);
          if (r < 3) {
            String side = pick(List.of("num", "str", "any"));
            return gen(d, side) + sp() + pick(List.of("=", "!=", "<", "<=", ">", ">=")) + sp() + gen(d, side);
          } else if (r < 5) {
            return "(" + gen(d, "bool") + ")" + " " + pick(List.of("and", "or")) + " " + "(" + gen(d, "bool") + ")";
          } else if (r == 5) {
            return "not(" + gen(d, "bool") + ")";
          } else if (r == 6) {
            return "selected(" + pick(List.of(ref("m1"), ref("c1"), ref("s1"), ref("a1"))) + "," + sp()
                + lit(pick(List.of("a", "b", "1", "x"))) + ")";
          }
          return "regex(" + gen(d, "str") + ", " + lit(pick(PATTERNS)) + ")";
        }
        case "num": {
          int r = random.nextInt(9);
          if (r < 4) {
            return "(" + gen(d, "num") + ")" + sp() + pick(List.of("+", "-", "*")) + sp() + "(" + gen(d, "num") + ")";
          } else if (r == 4) {
            return "(" + gen(d, "num") + ") " + pick(List.of("div", "mod")) + " (" + gen(d, "num") + ")";
          } else if (r == 5) {
            return "-" + gen(d, "num");
          } else if (r == 6) {
            return pick(List.of("count-selected(", "string-length(")) + pick(List.of(ref("m1"), ref("s1"), ref("a1")))
                + ")";
          } else if (r == 7) {
            return "count-selected-of(" + ref("m1") + ", 'a', 'b', " + lit("x") + ")";
          }
          return pick(List.of("int(", "number(")) + gen(d, pick(List.of("num", "str"))) + ")";
        }
        case "str": {
          int r = random.nextInt(6);
          if (r == 0) {
            return "concat(" + gen(d, "any") + "," + sp() + gen(d, "any") + ")";
          } else if (r == 1) {
            return "string(" + gen(d, "any") + ")";
          } else if (r == 2) {
            return "selected-at(" + pick(List.of(ref("m1"), ref("s1"))) + ", " + gen(d, "num") + ")";
          } else if (r == 3) {
            return "if(" + gen(d, "bool") + ", " + gen(d, "str") + ", " + gen(d, "str") + ")";
          } else if (r == 4) {
            return "coalesce(" + gen(d, "any") + ", " + gen(d, "any") + ")";
          }
          return "if(" + gen(d, "bool") + ", " + gen(d, "num") + ", " + gen(d, "num") + ")";
        }
        default:
          return gen(depth, pick(List.of("bool", "num", "str")));
      }
    }

    private String leaf(String want) {
      switch (want) {
        case "bool":
          return pick(List.of("true()", "false()", ref("n1") + " > 1", "selected(" + ref("m1") + ", 'a')"));
        case "num":
          return random.nextBoolean() ? pick(NUMBERS) : ref(pick(NUMBER_REFS));
        case "str":
          return random.nextBoolean() ? lit(pick(STRINGS)) : ref(pick(List.of("s1", "s2", "c1", "d1")));
        default: {
          int r = random.nextInt(4);
          return r == 0 ? ref("a1") : r == 1 ? "today()" : r == 2 ? ref("m1") : leaf(pick(List.of("bool", "num", "str")));
        }
      }
    }

    private String mistake(int d) {
      return switch (random.nextInt(10)) {
        case 0 -> "foo(" + gen(d, "num") + ")";
        case 1 -> "not(" + gen(d, "bool") + ", 1)";
        case 2 -> "true() + " + gen(d, "num");
        case 3 -> ref("m1") + " + 1";
        case 4 -> ref("m1") + " = 2";
        case 5 -> "${nope} = 1";
        case 6 -> "abc = 1";
        case 7 -> ". > 1";
        case 8 -> "regex(" + ref("s1") + ", " + ref("s2") + ")";
        default -> "count-selected(" + ref("n1") + ")";
      };
    }

    /** Answers for the slots: numbers as the engine holds them (Double), texts, codes, lists, sometimes nothing. */
    Object[] slots() {
      Object[] s = new Object[SCOPE.size()];
      s[0] = number();
      s[1] = number();
      s[2] = random.nextInt(5) == 0 ? null : pick(STRINGS);
      s[3] = random.nextInt(5) == 0 ? null : pick(STRINGS);
      s[4] = random.nextInt(4) == 0 ? null : pick(List.of("a", "b", "1", "x"));
      s[5] = random.nextInt(4) == 0 ? null : List.copyOf(new LinkedHashSet<>(List.of(pick(List.of("a", "b", "x")),
          pick(List.of("a", "b", "1")))));
      s[6] = random.nextInt(4) == 0 ? null : pick(List.of("2026-10-19", "2000-02-29", "1999-12-31"));
      Object[] any = {null, 3.0, 2.5, "a", "a b", true, false, List.of("a"), List.of("a", "b"), "2026-10-19", ""};
      s[7] = any[random.nextInt(any.length)];
      s[8] = number();
      s[9] = number();
      return s;
    }

    private Double number() {
      int r = random.nextInt(10);
      return r < 2 ? null : r < 8 ? (double) (random.nextInt(41) - 10) : random.nextInt(1000) / 8.0;
    }
  }
}
