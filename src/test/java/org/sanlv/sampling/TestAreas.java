package org.sanlv.sampling;

import java.util.Set;
import java.util.function.Predicate;

/** A few real Zhejiang division codes (see {@code divisions/*.csv}) for the frame tests. */
final class TestAreas {

  static final Set<String> CODES = Set.of(
      "3301", "3306", "3307",
      "330102", "330106", "330604", "330782",
      "330604001", "330604002", "330604003", "330102001");

  static final Predicate<String> KNOWN = CODES::contains;

  private TestAreas() {}
}
