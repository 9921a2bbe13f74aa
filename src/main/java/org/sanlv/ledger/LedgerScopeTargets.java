package org.sanlv.ledger;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the ledger's path variables point in the tree, for the one scope check. */
@Configuration(proxyBeanMethods = false)
class LedgerScopeTargets {

  /**
   * {@code problemId}: reached from its area and from its assignee's node (a county department sees the town's
   * problem assigned to it). Outside both it answers as missing: ids count up.
   */
  @Bean
  ScopeTarget problemTarget(LedgerRepository repository) {
    return ScopeTarget.reachableFrom("problemId", number(repository::paths), true);
  }

  /**
   * {@code photoId}: a stored file attached to problems, reached from those problems (not from the file's area, as
   * {@code fileId} is); the handler checks that it is attached to the problem in the same URL.
   */
  @Bean
  ScopeTarget problemPhotoTarget(LedgerRepository repository) {
    return ScopeTarget.reachableFrom("photoId", number(repository::photoPaths), true);
  }

  private static Function<String, Optional<List<String>>> number(Function<Long, Optional<List<String>>> paths) {
    return value -> {
      try {
        return paths.apply(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    };
  }
}
