package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput of {@link InterviewFlow#validateComplete} on a complete zhejiang-2022 answer set, one thread.
 * A plain loop with warm-up, not JMH: good to an order of magnitude. Excluded from the default build; run:
 * {@code ./mvnw -o test -Dtest=ValidationBenchmark -Dtest.tags.excluded=none}
 * or {@code java -cp … org.sanlv.instrument.ValidationBenchmark}.
 */
@Tag("benchmark")
class ValidationBenchmark {

    @Test
    void validatesAtLeast200000CompleteZhejiangAnswerSetsPerSecond() {
        assertThat(run()).isGreaterThan(200_000);
    }

    static double run() {
        InterviewFlow flow = Instruments.withDefaults().builtIn("zhejiang-2022");
        Map<String, Object> answers = ZhejiangAnswers.complete();
        if (!flow.validateComplete(answers).isEmpty()) {
            throw new IllegalStateException("the benchmark answer set must be valid");
        }
        long sink = 0;
        for (int i = 0; i < 500_000; i++) {
            sink += flow.validateComplete(answers).size();
        }
        double best = 0;
        for (int round = 0; round < 5; round++) {
            int n = 1_000_000;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += flow.validateComplete(answers).size();
            }
            double perSecond = n / ((System.nanoTime() - start) / 1e9);
            best = Math.max(best, perSecond);
            System.out.printf("round %d: %,.0f validations/s%n", round + 1, perSecond);
        }
        System.out.printf("best: %,.0f validations/s of a complete zhejiang-2022 answer set (sink %d)%n", best, sink);
        return best;
    }

    public static void main(String[] args) {
        run();
    }
}
