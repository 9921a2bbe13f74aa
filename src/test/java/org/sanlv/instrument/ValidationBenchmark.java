package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH: {@link InterviewFlow#validateComplete} of a complete zhejiang-2022 answer set (every constraint and
 * relevance), one thread. Target ≥ 200,000 validations/s. Excluded from the default build; run:
 * {@code ./mvnw -o test -Dtest=ValidationBenchmark -Dtest.tags.excluded=none}.
 */
@Tag("benchmark")
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 3, jvmArgs = {"-Xmx512m"})
@Threads(1)
public class ValidationBenchmark {

  InterviewFlow flow;
  Map<String, Object> answers;

  @Setup
  public void setUp() {
    flow = Instruments.withDefaults().builtIn("zhejiang-2022");
    answers = ZhejiangAnswers.complete();
    if (!flow.validateComplete(answers).isEmpty()) {
      throw new IllegalStateException("the benchmark answer set must be valid");
    }
  }

  @Benchmark
  public List<AnswerProblem> validateCompleteZhejiangAnswerSet() {
    return flow.validateComplete(answers);
  }

  @Test
  void validatesAtLeast200000CompleteZhejiangAnswerSetsPerSecond() throws Exception {
    RunResult result = new Runner(new OptionsBuilder().include(ValidationBenchmark.class.getSimpleName()).build())
        .runSingle();
    double perSecond = result.getPrimaryResult().getScore();
    System.out.printf("validateComplete: %,.0f ± %,.0f validations/s (ratio to the 200,000/s target: %.2f)%n",
        perSecond, result.getPrimaryResult().getScoreError(), perSecond / 200_000);
    assertThat(perSecond).isGreaterThan(200_000);
  }
}
