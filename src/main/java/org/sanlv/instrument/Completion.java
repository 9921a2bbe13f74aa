package org.sanlv.instrument;

import java.util.List;
import java.util.Map;

/**
 * The result of completing an interview.
 *
 * @param outcome complete, ineligible, or invalid (then see problems)
 * @param problems every problem of the answer set; empty unless {@link Outcome#INVALID}
 * @param answers the answers to store: normalised (integers as Long, decimals as Double, select_multiple as
 *     a list of codes), calculates added, keyed by question name in form order
 */
public record Completion(Outcome outcome, List<AnswerProblem> problems, Map<String, Object> answers) {
    public Completion {
        problems = List.copyOf(problems);
    }

    public enum Outcome { COMPLETE, INELIGIBLE, INVALID }
}
