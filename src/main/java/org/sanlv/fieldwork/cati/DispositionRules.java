package org.sanlv.fieldwork.cati;

import java.util.List;
import java.util.Set;

/**
 * The written rules that make a number's disposition from its attempts (the README lists them):
 *
 * <ol>
 *   <li>An interview ({@code 1.1}) is final at once.
 *   <li>Not eligible ({@code 4.x}: non-working, fax, business, out of area, no eligible respondent, quota filled…)
 *       is final at once: the number is known not to belong to the survey.
 *   <li>A hard refusal (the interviewer marks a refusal {@code 2.11x} as "do not call again") is final at once, and
 *       the number goes on the survey's do-not-call list. So are {@code 2.31} respondent deceased, {@code 2.32}
 *       physically or mentally unable and {@code 2.33x} language: calling again cannot make an interview.
 *   <li>Otherwise the number is called again until the attempt cap; at the cap it is final with the most informative
 *       code over its attempts, in this order: partial interview {@code 1.2} &gt; refusal and break-off
 *       {@code 2.1x} &gt; other eligible {@code 2.3x} &gt; non-contact {@code 2.20}/{@code 2.21} (an appointment that
 *       was never kept counts as {@code 2.21} respondent never available) &gt; answering machine at a household
 *       {@code 2.22x} &gt; housing unit of unknown eligibility {@code 3.2x}/{@code 3.90} &gt; unknown if a
 *       household {@code 3.1x} (always busy, no answer, answering machine of unknown kind, call blocking…). Among
 *       attempts of the same rank the latest wins.
 *   <li>While open, the number counts in the rates as that same most informative code so far, and as
 *       {@code 3.11} not attempted before its first attempt.
 * </ol>
 *
 * <p>Pure: no database, no clock.
 */
public final class DispositionRules {

  /** One recorded attempt as the rules see it. */
  public record Attempt(String code, boolean appointment, boolean hardRefusal) {}

  /** A number's disposition: its AAPOR code and whether it is final. */
  public record Disposition(String code, boolean fin) {}

  /** Roll-up codes of the catalog: the rates group by them, an interviewer records a code below them. */
  private static final Set<String> HEADINGS = Set.of("2.10", "2.20", "2.30", "3.10", "3.20", "4.30", "4.40", "4.50");

  /** Codes that have more precise codes below them: recordable, but the interviewer's list shows the precise ones. */
  private static final Set<String> PARENTS = Set.of("2.11", "2.22", "2.33", "3.16", "4.43");

  /** The code a number has before it is called. */
  public static final String NOT_ATTEMPTED = "3.11";

  /** What an appointment that was never kept counts as. */
  public static final String NEVER_AVAILABLE = "2.21";

  /** A screened-in case of a stratum that reached its target. */
  public static final String QUOTA_FILLED = "4.80";

  private DispositionRules() {}

  /** The disposition of a number after these attempts (oldest first), with the survey's attempt cap. */
  public static Disposition of(List<Attempt> attempts, int maxAttempts) {
    if (attempts.isEmpty()) {
      return new Disposition(NOT_ATTEMPTED, false);
    }
    Attempt last = attempts.get(attempts.size() - 1);
    AaporCode lastCode = AaporCode.parse(last.code()).orElseThrow(() -> new IllegalArgumentException(last.code()));
    if (finalAtOnce(lastCode) || last.hardRefusal() && isRefusal(lastCode)) {
      return new Disposition(lastCode.code(), true);
    }
    String best = null;
    int bestRank = Integer.MAX_VALUE;
    for (Attempt a : attempts) {
      AaporCode code = AaporCode.parse(a.code()).orElseThrow(() -> new IllegalArgumentException(a.code()));
      if (code == AaporCode.COMPLETE) {
        return new Disposition(code.code(), true);
      }
      String effective = code.code();
      int rank = rank(code);
      if (a.appointment() && rank > rank(AaporCode.RESPONDENT_NEVER_AVAILABLE)) {
        effective = NEVER_AVAILABLE;
        rank = rank(AaporCode.RESPONDENT_NEVER_AVAILABLE);
      }
      if (rank <= bestRank) { // later attempts of the same rank win
        best = effective;
        bestRank = rank;
      }
    }
    return new Disposition(best, attempts.size() >= maxAttempts);
  }

  /** Whether recording this code ends the number at once (rules 1 to 3, hard refusal aside). */
  public static boolean finalAtOnce(AaporCode code) {
    String c = code.code();
    return code.category() == AaporCode.Category.I || code.category() == AaporCode.Category.NE
        || c.equals("2.31") || c.equals("2.32") || c.startsWith("2.33");
  }

  /** Refusals that a hard refusal may mark: {@code 2.11}, {@code 2.111}, {@code 2.112}. */
  public static boolean isRefusal(AaporCode code) {
    return code.code().startsWith("2.11");
  }

  /**
   * Whether an interviewer may record this code for an attempt: not {@code 3.11} (not attempted: the queue's own
   * state) nor a roll-up heading; {@code 1.1} only with the stored interview.
   */
  public static boolean recordable(AaporCode code) {
    return code != AaporCode.NOT_ATTEMPTED && !HEADINGS.contains(code.code());
  }

  /** Whether the interviewer's list of buttons shows this code (recordable, not 1.1, the most precise codes). */
  public static boolean listed(AaporCode code) {
    return recordable(code) && code != AaporCode.COMPLETE && !PARENTS.contains(code.code());
  }

  /** Codes that need a time: the respondent is not available now and an appointment is agreed. */
  public static boolean needsTime(AaporCode code) {
    return code == AaporCode.RESPONDENT_NEVER_AVAILABLE;
  }

  /** Whether the code says the number reached an eligible person (a screened-in case): I, P, R, NC, O. */
  public static boolean eligible(AaporCode code) {
    return switch (code.category()) {
      case I, P, R, NC, O -> true;
      default -> false;
    };
  }

  /** Smaller is more informative; see the class comment, rule 4. */
  static int rank(AaporCode code) {
    return switch (code.category()) {
      case I -> 0;
      case P -> 1;
      case R -> 2;
      case O -> 3;
      case NC -> code.code().startsWith("2.22") ? 5 : 4;
      case UO -> 6;
      case UH -> 7;
      case NE -> 8;
    };
  }
}
