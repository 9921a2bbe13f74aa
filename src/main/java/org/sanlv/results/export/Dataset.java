package org.sanlv.results.export;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What an export writes: a label (the survey's name), the variables in column order and the rows.
 *
 * @param label the dataset label ({@code 2026年浙江省公众安全感调查}); may be empty
 * @param variables at least one; names unique ignoring case (SPSS names are case-insensitive)
 * @param rows the rows, streamed
 */
public record Dataset(String label, List<Variable> variables, RowSource rows) {

  public Dataset {
    label = label == null ? "" : label;
    variables = List.copyOf(variables);
    Objects.requireNonNull(rows, "rows");
    if (variables.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one variable");
    }
    var seen = new HashMap<String, String>();
    for (Variable v : variables) {
      String previous = seen.put(v.name().toLowerCase(Locale.ROOT), v.name());
      if (previous != null) {
        throw new IllegalArgumentException(
            "variable names \"" + previous + "\" and \"" + v.name() + "\" are the same ignoring case");
      }
    }
  }
}
