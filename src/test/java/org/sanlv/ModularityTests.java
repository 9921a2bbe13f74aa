package org.sanlv;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/** Modules depend one way and only on each other's public API; a dependency cycle fails this test. */
class ModularityTests {

  @Test
  void modulesHaveNoCyclesAndUseOnlyPublicApis() {
    ApplicationModules.of(SanlvApplication.class).verify();
  }
}
