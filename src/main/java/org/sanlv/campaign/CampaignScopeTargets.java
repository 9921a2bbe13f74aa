package org.sanlv.campaign;

import java.util.Optional;
import java.util.function.Function;
import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the campaign path variables point in the tree, for the one scope check. */
@Configuration(proxyBeanMethods = false)
class CampaignScopeTargets {

  /** {@code campaignId}: at its area; towns and units below read (and work in) their county's campaign. */
  @Bean
  ScopeTarget campaignTarget(CampaignRepository repository) {
    return ScopeTarget.sharedDownward("campaignId", number(repository::campaignPath));
  }

  /** {@code itemId}: at its responsible unit, so a unit reporter reaches its unit's items only. */
  @Bean
  ScopeTarget campaignItemTarget(CampaignRepository repository) {
    return ScopeTarget.of("itemId", number(repository::itemPath));
  }

  private static Function<String, Optional<String>> number(Function<Long, Optional<String>> pathOf) {
    return value -> {
      try {
        return pathOf.apply(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    };
  }
}
