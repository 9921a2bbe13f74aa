package org.sanlv.results.export;

import java.util.Map;

/**
 * One response as the store hands it over: design values and raw answers as text, keyed by question name
 * (select_multiple answers space-separated, {@code "1 3 12"}; an absent or blank answer is missing).
 */
public record Response(String id, String stratum, String psu, Double weight, Map<String, String> answers) {

  public Response {
    answers = answers == null ? Map.of() : answers;
  }
}
