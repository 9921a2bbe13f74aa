package org.sanlv.results.export;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One response as the store hands it over: design values, its context (stratum name, mode, submission time,
 * integrity flags) and raw answers as text, keyed by question name (select_multiple answers space-separated,
 * {@code "1 3 12"}; an absent or blank answer is missing).
 */
public record Response(String id, String stratum, String psu, Double weight, Map<String, String> answers,
    Context context) {

  public Response {
    answers = answers == null ? Map.of() : answers;
    context = context == null ? Context.UNKNOWN : context;
  }

  /** A response without its context (the context columns are then missing). */
  public Response(String id, String stratum, String psu, Double weight, Map<String, String> answers) {
    this(id, stratum, psu, weight, answers, Context.UNKNOWN);
  }

  /**
   * Where and how a response came in.
   *
   * @param stratumName the stratum's name ({@code 上虞区}), null when unknown
   * @param mode {@code household}, {@code phone}, {@code intercept} or {@code online}; null when unknown
   * @param submittedAt when it was submitted; null when unknown
   * @param flags its integrity flags ({@code speeder}); null when unknown, empty when none
   */
  public record Context(String stratumName, String mode, Instant submittedAt, List<String> flags) {

    public static final Context UNKNOWN = new Context(null, null, null, null);

    public Context {
      flags = flags == null ? null : List.copyOf(flags);
    }
  }
}
