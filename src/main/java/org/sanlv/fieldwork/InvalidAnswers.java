package org.sanlv.fieldwork;

import java.util.List;
import org.sanlv.instrument.AnswerProblem;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;

/** Answers the instrument engine refuses; nothing was stored. Carries the engine's problems (with the form's own messages). */
public class InvalidAnswers extends InputRejected {

  private final List<AnswerProblem> answerProblems;

  public InvalidAnswers(List<AnswerProblem> problems) {
    super(problems.stream().map(p -> Problem.at(0, p.question(), p.code(), p.args().toArray())).toList());
    this.answerProblems = List.copyOf(problems);
  }

  public List<AnswerProblem> answerProblems() {
    return answerProblems;
  }
}
