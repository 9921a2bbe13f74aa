package org.sanlv.instrument;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One interview held in memory: answer, go back, complete. A thin stateful wrapper over the stateless
 * {@link InterviewFlow}; not thread-safe.
 */
public final class Interview {
    private final InterviewFlow flow;
    private final Map<String, Object> answers = new LinkedHashMap<>();
    private final Deque<String> history = new ArrayDeque<>();
    private Step current;

    Interview(InterviewFlow flow) {
        this.flow = flow;
        this.current = flow.first(answers);
    }

    /** The question (or end) to show now. */
    public Step current() {
        return current;
    }

    /**
     * Answers the current question and moves on when the answer is accepted. For a note, the value is
     * ignored and the interview moves on.
     *
     * @return the problems; empty when accepted
     */
    public List<AnswerProblem> answer(Object value) {
        if (current.status() != Step.Status.ASK) {
            throw new IllegalStateException("the interview has ended (" + current.status() + ")");
        }
        String name = current.question().name();
        if (current.question().type().answerable()) {
            List<AnswerProblem> problems = flow.validateAnswer(answers, name, value);
            if (!problems.isEmpty()) {
                return problems;
            }
            flow.normalise(name, value).ifPresentOrElse(v -> answers.put(name, v), () -> answers.remove(name));
        }
        history.push(name);
        current = flow.next(answers, name);
        return List.of();
    }

    /** Goes back to the previously shown question; its answer is kept for editing. */
    public Step back() {
        if (!history.isEmpty()) {
            current = flow.step(answers, history.pop());
        }
        return current;
    }

    /** The answers given so far, by question name. */
    public Map<String, Object> answers() {
        return Collections.unmodifiableMap(answers);
    }

    /** Completes the interview; answers left over from paths no longer taken are dropped first. */
    public Completion complete() {
        return flow.complete(flow.prune(answers));
    }
}
