package org.sanlv.org;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Tells the scope check where in the tree a request parameter points. Each module that names things in its
 * URLs registers one bean per parameter name ({@code code} for areas and units, {@code username} for users,
 * later {@code surveyId}…), so a new endpoint is scope-checked by naming its parameter, not by new code.
 */
public interface ScopeTarget {

  /** The path variable or request parameter name this target resolves. */
  String parameter();

  /** The tree path of the thing the value names, or empty when nothing has that name. */
  Optional<String> pathOf(String value);

  /**
   * Every path from which the thing may be reached: a caller whose scope covers any of them may act on it. One path
   * for most things; a ledger problem has two (where it is, and the unit of the person it is assigned to).
   */
  default Optional<List<String>> pathsOf(String value) {
    return pathOf(value).map(List::of);
  }

  /**
   * Whether users below the thing's node may read it too. A province's questionnaire is read by its counties
   * (mock surveys) although it belongs to the province; changing it still needs the province in scope.
   */
  default boolean readableFromBelow() {
    return false;
  }

  /**
   * Whether a value outside the caller's subtree is answered as if nothing had that name (404, like a name that
   * does not exist), so that what exists elsewhere cannot be found out by trying names (user accounts).
   */
  default boolean hidesOutside() {
    return false;
  }

  /** A target whose outside values look like unknown ones, see {@link #hidesOutside()}. */
  static ScopeTarget hidingOutside(String parameter, Function<String, Optional<String>> pathOf) {
    return new Named(parameter, pathOf, false, true);
  }

  /** A target readable from below its node, see {@link #readableFromBelow()}. */
  static ScopeTarget sharedDownward(String parameter, Function<String, Optional<String>> pathOf) {
    return new Named(parameter, pathOf, true, false);
  }

  static ScopeTarget of(String parameter, Function<String, Optional<String>> pathOf) {
    return new Named(parameter, pathOf, false, false);
  }

  /**
   * A target reachable from several nodes (see {@link #pathsOf}); its {@link #pathOf} is the first path. Outside
   * values look like unknown ones when {@code hidesOutside}.
   */
  static ScopeTarget reachableFrom(String parameter, Function<String, Optional<List<String>>> pathsOf,
      boolean hidesOutside) {
    return new ScopeTarget() {
      @Override
      public String parameter() {
        return parameter;
      }

      @Override
      public Optional<String> pathOf(String value) {
        return pathsOf.apply(value).map(paths -> paths.get(0));
      }

      @Override
      public Optional<List<String>> pathsOf(String value) {
        return pathsOf.apply(value);
      }

      @Override
      public boolean hidesOutside() {
        return hidesOutside;
      }
    };
  }

  /** The targets the factories above make: a parameter name, how to find a value's path, and the two rules. */
  record Named(String parameter, Function<String, Optional<String>> paths, boolean readableFromBelow,
      boolean hidesOutside) implements ScopeTarget {

    @Override
    public Optional<String> pathOf(String value) {
      return paths.apply(value);
    }
  }
}
