package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.sanlv.instrument.expr.Env;
import org.sanlv.instrument.expr.Expressions;
import org.sanlv.instrument.expr.Scope;
import org.sanlv.instrument.expr.ValueType;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Property-based fuzzing: random expressions, random answers and random cells must never crash or hang
 * the parser, the evaluator or the XLSForm reader.
 */
class FuzzTest {
    static final List<String> TOKENS = List.of("${age}", "${name}", "${many}", "${one}", "${nope}", ".", "1", "0", "-",
            "+", "*", "div", "mod", "=", "!=", "<", "<=", ">", ">=", "and", "or", "not(", "selected(", "count-selected(",
            "count-selected-of(", "selected-at(", "if(", "coalesce(", "string-length(", "regex(", "int(", "number(",
            "string(", "concat(", "today(", "true()", "false()", "(", ")", ",", "'a'", "'3'", "'^(a+)+$'", "\"x\"",
            "'2022-01-01'", "3.5", ".5", "foo(", "$", "{", "}", "'", "!", "#", "中文");

    static final Scope SCOPE = new Scope() {
        @Override
        public Binding question(String name) {
            return switch (name) {
                case "age" -> Binding.of(0, ValueType.NUMBER);
                case "name" -> Binding.of(1, ValueType.STRING);
                case "one" -> Binding.of(2, ValueType.CODE);
                case "many" -> Binding.of(3, ValueType.CODES);
                default -> null;
            };
        }

        @Override
        public ValueType current() {
            return ValueType.ANY;
        }
    };

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(40)
                .map(l -> String.join(" ", l))
                .injectDuplicates(0.05);
    }

    @Provide
    Arbitrary<Object> anyValue() {
        return Arbitraries.oneOf(Arbitraries.just(null), Arbitraries.doubles().map(d -> (Object) d),
                Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, -0.0).map(d -> (Object) d),
                Arbitraries.strings().ofMaxLength(50).map(s -> (Object) s),
                Arbitraries.strings().withChars("a!").ofMaxLength(600).map(s -> (Object) s),
                Arbitraries.of("1", "2", "3", "2022-02-30").list().ofMaxSize(5).map(l -> (Object) l),
                Arbitraries.of(true, false).map(b -> (Object) b));
    }

    @Property(tries = 3000)
    void tokenSoupNeverCrashesOrHangs(@ForAll("tokenSoup") String text, @ForAll("anyValue") Object a,
            @ForAll("anyValue") Object b, @ForAll("anyValue") Object dot) {
        compileAndEvaluate(text, a, b, dot);
    }

    @Property(tries = 2000)
    void arbitraryTextNeverCrashesOrHangs(@ForAll String text, @ForAll("anyValue") Object a) {
        compileAndEvaluate(text, a, "x", null);
    }

    private static void compileAndEvaluate(String text, Object a, Object b, Object dot) {
        long start = System.nanoTime();
        Expressions.Compiled c = Expressions.compile(text, SCOPE);
        assertThat(c.ok() == (c.expr() != null)).isTrue();
        if (c.ok()) {
            Env env = new Env(new Object[] {a, b, a, dot});
            env.dot = dot;
            c.expr().eval(env);
            c.expr().test(env);
            c.expr().number(env);
        }
        assertThat(System.nanoTime() - start).as(text).isLessThan(2_000_000_000L);
    }

    @Provide
    Arbitrary<String> cell() {
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(30),
                Arbitraries.of("integer", "select_one yn", "select_multiple yn or_other", "begin_group", "end_group",
                        "note", "calculate", "text", "date", "decimal", "begin group", "${a}", "${age} > 1", "age",
                        "yes", "terminate", "", ". > 1", "count-selected(.) = 3"),
                tokenSoup());
    }

    @Property(tries = 150)
    void randomCellsInAFormNeverCrashTheReader(@ForAll("cell") String a, @ForAll("cell") String b,
            @ForAll("cell") String c, @ForAll("cell") String d, @ForAll("cell") String e) {
        Workbooks w = Workbooks.valid();
        w.add("survey", a, b, c, d, e, c, a).add("survey", e, d, "x", a, b);
        w.set("choices", "B", 3, b);
        ImportResult r = Instruments.withDefaults().importXlsForm(w.bytes());
        assertThat(r.ok() || !r.problems().isEmpty()).isTrue();
        if (r.ok()) {
            InterviewFlow flow = r.flow();
            flow.validateComplete(Map.of("age", 20, "ok", "1"));
            flow.first(Map.of());
        }
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        byte[] valid = Workbooks.valid().bytes();
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.integers().between(0, valid.length - 1),
                Arbitraries.integers().between(1, 64), Arbitraries.bytes()).as((pos, len, x) -> {
                    byte[] copy = valid.clone();
                    for (int i = pos; i < Math.min(copy.length, pos + len); i++) {
                        copy[i] ^= (x == 0 ? 1 : x);
                    }
                    return copy;
                });
        return Arbitraries.oneOf(mutated, Arbitraries.bytes().array(byte[].class).ofMaxSize(2000));
    }

    @Property(tries = 150)
    void randomOrMutatedBytesNeverCrashTheReader(@ForAll("bytes") byte[] file) {
        ImportResult r = Instruments.withDefaults().importXlsForm(file);
        assertThat(r.ok() || !r.problems().isEmpty()).isTrue();
        r.problems().forEach(p -> assertThat(p.message()).doesNotContain("Exception"));
    }

    @Property(tries = 1000)
    void randomAnswerSetsNeverCrashValidation(@ForAll("anyValue") Object age, @ForAll("anyValue") Object q1,
            @ForAll("anyValue") Object q10, @ForAll("anyValue") Object county) {
        InterviewFlow zj = Instruments.withDefaults().builtIn("zhejiang-2022");
        java.util.Map<String, Object> a = new java.util.HashMap<>(ZhejiangAnswers.complete());
        a.put("age", age);
        a.put("q1", q1);
        a.put("q10", q10);
        a.put("county", county);
        zj.validateComplete(a);
        zj.complete(a);
        zj.first(a);
        zj.validateAnswer(a, "q10", q1);
        List<String> names = new ArrayList<>(a.keySet());
        zj.next(a, names.get(0));
    }
}
