package org.sanlv.results.export;

import java.util.List;
import java.util.function.Consumer;

/**
 * The rows of an export, pushed one at a time so that a million responses never sit in memory (the lead feeds
 * it from a database cursor). Each row holds one value per variable, in the dataset's order: for numeric
 * variables a {@link Number} or {@code null} (missing; NaN is missing too), for strings a {@link String} or
 * {@code null} (empty). A source may reuse one array for every row: writers never keep a row.
 *
 * <p>Writers call {@link #forEach} exactly once per export.
 */
@FunctionalInterface
public interface RowSource {

  void forEach(Consumer<Object[]> row);

  /** Rows already in memory (tests, small exports). */
  static RowSource of(List<Object[]> rows) {
    return rows::forEach;
  }
}
