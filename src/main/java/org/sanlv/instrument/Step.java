package org.sanlv.instrument;

import java.util.List;

/**
 * Where an interview stands: the question to show now, or the end.
 *
 * @param status what to do
 * @param question the row to show (a question or a note); null when {@link Status#COMPLETE}
 * @param choices the options to offer after choice_filter (and or_other), empty for non-select rows
 * @param required whether an answer is required under the current answers
 * @param groups the begin_group rows enclosing the question, outermost first
 */
public record Step(Status status, Question question, List<Choice> choices, boolean required, List<Question> groups) {
    public Step {
        choices = List.copyOf(choices);
        groups = List.copyOf(groups);
    }

    public enum Status {
        /** Show the question (notes too) and collect an answer. */
        ASK,
        /** Show the terminating note; the interview ends here as ineligible. */
        ENDED_INELIGIBLE,
        /** No more questions: call {@link InterviewFlow#complete}. */
        COMPLETE
    }

    static Step complete() {
        return new Step(Status.COMPLETE, null, List.of(), false, List.of());
    }
}
