package org.sanlv.campaign;

import java.util.Optional;
import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where the campaign path variables point in the tree, for the one scope check. */
@Configuration(proxyBeanMethods = false)
class CampaignScopeTargets {

  /**
   * {@code campaignId}: placed at the campaign's area (a county or the province). Readable from below: the towns
   * and units of the area work in their county's campaign (and see only their own part of it).
   */
  @Bean
  ScopeTarget campaignTarget(QuotaRepository quotas) {
    return ScopeTarget.sharedDownward("campaignId", value -> {
      try {
        return quotas.campaignPath(Long.parseLong(value));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }
}
