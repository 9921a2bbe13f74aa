package org.sanlv.instrument;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of reading or compiling a form: either a ready {@link InterviewFlow} or the problems found.
 *
 * @param flow the compiled form, null when there are problems
 * @param problems every problem found, each with its cell reference; empty when the form is usable
 */
public record ImportResult(InterviewFlow flow, List<FormProblem> problems) {
    public ImportResult {
        problems = List.copyOf(problems);
    }

    static ImportResult failed(List<FormProblem> problems) {
        return new ImportResult(null, problems);
    }

    public boolean ok() {
        return flow != null && problems.isEmpty();
    }

    /** The compiled form, or an exception listing every problem, one per line. */
    public InterviewFlow orElseThrow() {
        if (!ok()) {
            throw new IllegalArgumentException("the form has problems:\n"
                    + problems.stream().map(FormProblem::toString).collect(Collectors.joining("\n")));
        }
        return flow;
    }
}
