package org.sanlv.instrument.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpressionsTest {
    /** Questions: age (number), name (text), one (select_one), many (select_multiple), note, calc (any). */
    static final Map<String, Integer> SLOTS = Map.of("age", 0, "name", 1, "one", 2, "many", 3, "calc", 4, "born", 5);
    static final Map<String, ValueType> TYPES = Map.of("age", ValueType.NUMBER, "name", ValueType.STRING,
            "one", ValueType.CODE, "many", ValueType.CODES, "calc", ValueType.ANY, "born", ValueType.DATE);

    static Scope scope(ValueType dot) {
        return new Scope() {
            @Override
            public Binding question(String name) {
                if (name.equals("intro")) {
                    return Binding.refused("which is a note and has no value");
                }
                Integer s = SLOTS.get(name);
                return s == null ? null : Binding.of(s, TYPES.get(name));
            }

            @Override
            public ValueType current() {
                return dot;
            }
        };
    }

    static Object[] answers() {
        return new Object[] {20.0, "Li Lei", "2", List.of("1", "3", "5"), null, "2000-01-31"};
    }

    static Object eval(String text) {
        return eval(text, answers(), null);
    }

    static Object eval(String text, Object[] slots, Object dot) {
        Expressions.Compiled c = Expressions.compile(text, scope(ValueType.CODES));
        assertThat(c.problems()).as(text).isEmpty();
        Env env = new Env(slots, LocalDate.of(2022, 10, 1));
        env.dot = dot;
        return c.expr().eval(env);
    }

    static boolean test(String text) {
        return Values.toBoolean(eval(text));
    }

    static List<String> problems(String text) {
        return Expressions.compile(text, scope(null)).problems().stream().map(Expressions.Problem::message).toList();
    }

    @Nested
    class Literals {
        @Test
        void numbersAndTextEvaluateToThemselves() {
            assertThat(eval("42")).isEqualTo(42.0);
            assertThat(eval("3.25")).isEqualTo(3.25);
            assertThat(eval(".5")).isEqualTo(0.5);
            assertThat(eval("'abc'")).isEqualTo("abc");
            assertThat(eval("\"双引号\"")).isEqualTo("双引号");
        }

        @Test
        void trueAndFalseAreFunctions() {
            assertThat(eval("true()")).isEqualTo(true);
            assertThat(eval("false()")).isEqualTo(false);
        }
    }

    @Nested
    class References {
        @Test
        void referenceReadsTheAnswerSlot() {
            assertThat(eval("${age}")).isEqualTo(20.0);
            assertThat(eval("${name}")).isEqualTo("Li Lei");
        }

        @Test
        void dotIsTheCurrentAnswer() {
            Expressions.Compiled c = Expressions.compile(". + 1", scope(ValueType.NUMBER));
            Env env = new Env(answers());
            env.dot = 4.0;
            assertThat(c.expr().eval(env)).isEqualTo(5.0);
        }

        @Test
        void missingAnswerBehavesAsEmptyText() {
            assertThat(test("${calc} = ''")).isTrue();
            assertThat(test("${calc} > 3")).isFalse();
            assertThat(test("${calc} < 3")).isFalse();
        }

        @Test
        void referencesAreListedOnceEach() {
            Expressions.Compiled c = Expressions.compile("${age} + ${age} > ${calc}", scope(null));
            assertThat(c.references()).containsExactly(0, 4);
        }
    }

    @Nested
    class Arithmetic {
        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = ';', quoteCharacter = '"', value = {"1 + 2; 3", "5 - 7; -2", "3 * 4; 12", "7 div 2; 3.5", "7 mod 3; 1",
            "-7 mod 3; -1", "-${age}; -20", "- - 2; 2", "2 + 3 * 4; 14", "(2 + 3) * 4; 20", "10 - 4 - 3; 3",
            "${age} div 4; 5", "'5' + 1; 6"})
        void operatorsFollowXPathPrecedence(String text, double expected) {
            assertThat(eval(text)).isEqualTo(expected);
        }

        @Test
        void divisionByZeroIsInfinityNotAnError() {
            assertThat(eval("1 div 0")).isEqualTo(Double.POSITIVE_INFINITY);
            assertThat((Double) eval("0 div 0")).isNaN();
        }

        @Test
        void datesCountAsDaysSinceEpoch() {
            assertThat(eval("today() - ${born}")).isEqualTo(
                    (double) (LocalDate.of(2022, 10, 1).toEpochDay() - LocalDate.of(2000, 1, 31).toEpochDay()));
        }
    }

    @Nested
    class Comparison {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = ';', quoteCharacter = '"', value = {"1 = 1; true", "1 != 1; false", "1 < 2; true", "2 <= 2; true",
            "3 > 2; true", "2 >= 3; false", "${age} >= 16; true", "${one} = 2; true", "${one} = '2'; true",
            "${one} != '3'; true", "'a' = 'a'; true", "'a' != 'b'; true", "${born} < '2001-01-01'; true",
            "${born} >= today(); false", "true() = 1; true", "'abc' < 'abd'; true"})
        void comparisonsConvertLikeXPath(String text, boolean expected) {
            assertThat(test(text)).isEqualTo(expected);
        }
    }

    @Nested
    class Logic {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = ';', quoteCharacter = '"', value = {"1 = 1 and 2 = 2; true", "1 = 1 and 2 = 3; false",
            "1 = 2 or 2 = 2; true", "1 = 2 or 2 = 3; false", "not(1 = 2); true", "not(${name}); false",
            "1 = 1 or 1 = 2 and 1 = 2; true"})
        void andOrNot(String text, boolean expected) {
            assertThat(test(text)).isEqualTo(expected);
        }
    }

    @Nested
    class OperatorWordsBeforeParentheses {
        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(delimiter = ';', quoteCharacter = '"', value = {
            "${one} = '2' and (${name} = 'x' or ${age} = 20); true",
            "${one} = '2' and(${name} = 'x' or ${age} = 20); true",
            "${one} = '3' or (${age} = 20); true",
            "${one} = '3' or(${age} = 21); false",
            "(1 = 1)and(2 = 2); true",
            "not(1 = 2) and not (1 = 2); true",
            "selected (${many}, '3') and count-selected (${many}) = 3; true"})
        void andOrFollowedByAParenthesisAreOperators(String text, boolean expected) {
            assertThat(test(text)).isEqualTo(expected);
        }

        @ParameterizedTest(name = "{0} = {1}")
        @CsvSource(delimiter = ';', quoteCharacter = '"', value = {"${age} div (4 + 1); 4", "${age} div(4 + 1); 4",
            "${age} mod (3); 2", "${age} mod(3 * 2); 2", "(${age})div(5); 4", "${age} div-4; -5", "${age} div -4; -5",
            "7 mod-3; 1", "1 div.5; 2", "count-selected(${many}) div (1); 3", "- (2) * 3; -6"})
        void divModFollowedByAParenthesisOrAMinusAreOperators(String text, double expected) {
            assertThat(eval(text)).isEqualTo(expected);
        }

        @Test
        void operatorWordsStillNameQuestions() {
            Map<String, Integer> slots = Map.of("div", 0, "mod", 1, "and", 2, "or", 3, "div-a", 4);
            Scope words = new Scope() {
                @Override
                public Binding question(String name) {
                    Integer s = slots.get(name);
                    return s == null ? null : Binding.of(s, ValueType.NUMBER);
                }

                @Override
                public ValueType current() {
                    return null;
                }
            };
            Expressions.Compiled c = Expressions.compile(
                    "${div} div (${mod}) mod ${and} + ${or} and (${div-a} > ${div})", words);
            assertThat(c.problems()).isEmpty();
            assertThat(c.expr().test(new Env(new Object[] {8.0, 2.0, 3.0, 0.0, 9.0}))).isTrue();
        }

        @Test
        void aNameThatOnlyStartsWithAnOperatorWordIsAName() {
            assertThat(problems("${age} = 1 andy (2)")).singleElement().asString().contains("unexpected 'andy'");
            assertThat(problems("${age} division (2)")).singleElement().asString().contains("unexpected 'division'");
        }

        @Test
        void anOperatorWordWhereAValueBelongsIsNotAFunction() {
            assertThat(problems("and(1, 2)")).containsExactly("uses the unknown function and()");
            assertThat(Expressions.compile("1 and and (2)", scope(null)).problems()).singleElement()
                    .matches(p -> p.message().contains("unknown function and()"));
        }
    }

    @Nested
    class Functions {
        @Test
        void selectedFindsACodeInASelectMultipleOrASelectOne() {
            assertThat(test("selected(${many}, '3')")).isTrue();
            assertThat(test("selected(${many}, '2')")).isFalse();
            assertThat(test("selected(${one}, '2')")).isTrue();
            assertThat(test("selected(${calc}, '2')")).isFalse();
            assertThat(test("selected('1 3', '3')")).isTrue();
        }

        @Test
        void countSelectedCountsCodes() {
            assertThat(eval("count-selected(${many})")).isEqualTo(3.0);
            assertThat(eval("count-selected(${calc})")).isEqualTo(0.0);
            assertThat(eval("count-selected(.)", answers(), List.of("7"))).isEqualTo(1.0);
        }

        @Test
        void countSelectedOfCountsOnlyTheListedCodes() {
            assertThat(eval("count-selected-of(${many}, '1', '2', '3')")).isEqualTo(2.0);
            assertThat(eval("count-selected-of(${many}, '9')")).isEqualTo(0.0);
        }

        @Test
        void selectedAtIsZeroBasedAndEmptyOutOfRange() {
            assertThat(eval("selected-at(${many}, 0)")).isEqualTo("1");
            assertThat(eval("selected-at(${many}, 2)")).isEqualTo("5");
            assertThat(eval("selected-at(${many}, 3)")).isEqualTo("");
            assertThat(eval("selected-at(${many}, -1)")).isEqualTo("");
        }

        @Test
        void ifChoosesABranch() {
            assertThat(eval("if(${age} >= 18, 'adult', 'minor')")).isEqualTo("adult");
            assertThat(eval("if(${age} < 18, 'adult', 'minor')")).isEqualTo("minor");
        }

        @Test
        void coalesceTakesTheFirstNonEmpty() {
            assertThat(eval("coalesce(${calc}, 'fallback')")).isEqualTo("fallback");
            assertThat(eval("coalesce(${name}, 'fallback')")).isEqualTo("Li Lei");
        }

        @Test
        void stringLengthCountsCharactersNotBytes() {
            assertThat(eval("string-length(${name})")).isEqualTo(6.0);
            assertThat(eval("string-length('浙江省')")).isEqualTo(3.0);
            assertThat(eval("string-length(${calc})")).isEqualTo(0.0);
        }

        @Test
        void regexMatchesAnywhereUnlessAnchored() {
            assertThat(test("regex('330604', '^33[0-9]{4}$')")).isTrue();
            assertThat(test("regex('410102', '^33[0-9]{4}$')")).isFalse();
            assertThat(test("regex(${name}, 'Lei')")).isTrue();
        }

        @Test
        void regexWithCatastrophicBacktrackingGivesUpInsteadOfHanging() {
            long start = System.nanoTime();
            Object[] slots = answers();
            slots[1] = "a".repeat(5000) + "!";
            assertThat(eval("regex(${name}, '^(a+)+$')", slots, null)).isEqualTo(false);
            assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
        }

        @Test
        void intTruncatesTowardZero() {
            assertThat(eval("int(3.7)")).isEqualTo(3.0);
            assertThat(eval("int(-3.7)")).isEqualTo(-3.0);
            assertThat(eval("int(${age} div 3)")).isEqualTo(6.0);
        }

        @Test
        void numberParsesTextOrGivesNaN() {
            assertThat(eval("number('12.5')")).isEqualTo(12.5);
            assertThat((Double) eval("number('abc')")).isNaN();
            assertThat((Double) eval("number('1e5')")).isNaN();
            assertThat(eval("number(true())")).isEqualTo(1.0);
        }

        @Test
        void stringAndConcatFormatNumbersWithoutTrailingZeros() {
            assertThat(eval("string(20)")).isEqualTo("20");
            assertThat(eval("concat(${name}, ' is ', ${age}, ' / ', 1 div 4)")).isEqualTo("Li Lei is 20 / 0.25");
            assertThat(eval("concat(${many})")).isEqualTo("1 3 5");
        }

        @Test
        void todayIsTheEnvironmentsDate() {
            assertThat(eval("today()")).isEqualTo("2022-10-01");
        }
    }

    @Nested
    class ImportTimeErrors {
        @Test
        void unknownReferenceIsNamed() {
            assertThat(problems("${q99} = 1")).containsExactly("refers to ${q99}, which does not exist");
        }

        @Test
        void referenceToANoteIsRefused() {
            assertThat(problems("${intro} = 1")).containsExactly("refers to ${intro}, which is a note and has no value");
        }

        @Test
        void unknownFunctionIsNamed() {
            assertThat(problems("foo(1)")).containsExactly("uses the unknown function foo()");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = ';', quoteCharacter = '"', value = {"not(); not() takes 1 argument, not 0",
            "selected(${many}); selected() takes 2 arguments, not 1",
            "count-selected(${many}, '1'); count-selected() takes 1 argument, not 2",
            "if(1, 2); if() takes 3 arguments, not 2", "today(1); today() takes 0 arguments, not 1",
            "coalesce(1); coalesce() takes at least 2 arguments, not 1",
            "count-selected-of(${many}); count-selected-of() takes at least 2 arguments, not 1",
            "regex('a'); regex() takes 2 arguments, not 1", "string-length(); string-length() takes 1 argument, not 0",
            "int(1, 2); int() takes 1 argument, not 2", "number(); number() takes 1 argument, not 0",
            "selected-at(${many}); selected-at() takes 2 arguments, not 1"})
        void arityErrorsSayWhatIsExpected(String text, String message) {
            assertThat(problems(text)).containsExactly(message);
        }

        @Test
        void arithmeticOnTextOrBooleansOrSelectMultipleIsATypeError() {
            assertThat(problems("'abc' + 1")).containsExactly("cannot use the text 'abc' in arithmetic ('+')");
            assertThat(problems("(1 = 1) * 2")).containsExactly("cannot use a true/false value in arithmetic ('*')");
            assertThat(problems("${many} - 1")).singleElement().asString().contains("use count-selected()");
            assertThat(problems("-(1 = 1)")).hasSize(1);
        }

        @Test
        void selectedOnANumberIsATypeError() {
            assertThat(problems("selected(${age}, '1')")).containsExactly("selected() needs a select question but was given a number");
            assertThat(problems("count-selected(${born})")).containsExactly("count-selected() needs a select question but was given a date");
        }

        @Test
        void comparingASelectMultipleWithANumberIsATypeError() {
            assertThat(problems("${many} = 3")).singleElement().asString().contains("select_multiple");
        }

        @Test
        void regexNeedsAValidLiteralPattern() {
            assertThat(problems("regex(${name}, ${name})")).singleElement().asString().contains("quoted text literal");
            assertThat(problems("regex(${name}, '[a-')")).singleElement().asString().contains("not a valid regular expression");
        }

        @Test
        void dotIsOnlyAllowedWhereTheScopeAllowsIt() {
            assertThat(problems(". > 1")).singleElement().asString().contains("only a constraint may use");
        }

        @Test
        void bareNamesAreRejectedOutsideChoiceFilter() {
            assertThat(problems("age > 1")).singleElement().asString().contains("${age}");
        }

        @Test
        void everyProblemIsReportedNotOnlyTheFirst() {
            assertThat(problems("${a} = ${b} and foo()")).hasSize(3);
        }
    }

    @Nested
    class SyntaxErrors {
        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"${age} >", "(1 + 2", "1 2", "'open", "${age", "$age", "1 ! 2",
            "#", "selected(${many},", ",", "", "   ", "1 and", "${}", "${a b}", "1 +* 2", ")"})
        void syntaxErrorsAreProblemsNotExceptions(String text) {
            Expressions.Compiled c = Expressions.compile(text == null ? "" : text, scope(null));
            assertThat(c.problems()).singleElement().matches(Expressions.Problem::syntax);
            assertThat(c.expr()).isNull();
        }

        @Test
        void errorsGiveTheCharacterPosition() {
            assertThat(Expressions.compile("${age} > ", scope(null)).problems().get(0).message())
                    .isEqualTo("expected a value but the expression ended at character 10");
        }

        @Test
        void deepNestingIsRefusedSoEvaluationCannotOverflowTheStack() {
            String deep = "(".repeat(500) + "1" + ")".repeat(500);
            assertThat(Expressions.compile(deep, scope(null)).problems().get(0).message()).contains("nested too deeply");
            String chain = "1" + " + 1".repeat(300);
            assertThat(Expressions.compile(chain, scope(null)).problems().get(0).message()).contains("nested too deeply");
        }

        @Test
        void overlongTextIsRefused() {
            assertThat(Expressions.compile("1".repeat(5000), scope(null)).problems().get(0).message()).contains("longer than");
        }
    }
}
