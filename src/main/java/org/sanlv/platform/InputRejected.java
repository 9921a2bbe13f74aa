package org.sanlv.platform;

import java.util.List;

/** Input refused as a whole, with every problem found; nothing of it was stored. */
public class InputRejected extends RuntimeException {

  private final List<Problem> problems;

  public InputRejected(List<Problem> problems) {
    super(problems.isEmpty() ? "input rejected" : describe(problems.get(0)) + (problems.size() > 1
        ? " (and " + (problems.size() - 1) + " more)" : ""));
    this.problems = List.copyOf(problems);
  }

  public InputRejected(Problem problem) {
    this(List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }

  private static String describe(Problem p) {
    String where = p.line() > 0 ? "line " + p.line() + (p.column() != null ? ", column " + p.column() : "") + ": " : "";
    return where + p.messageKey() + " " + p.args();
  }
}
