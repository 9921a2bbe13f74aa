package org.sanlv.campaign;

import org.sanlv.org.ScopeTarget;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Where {@code {fileId}} points in the tree: the file's area. Outside files answer as missing ones (ids count up). */
@Configuration(proxyBeanMethods = false)
class CampaignFileScopeTargets {

  @Bean
  ScopeTarget fileTarget(CampaignFiles files) {
    return ScopeTarget.hidingOutside("fileId", files::pathOf);
  }
}
