package org.sanlv.platform;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Starts the embedded PostgreSQL before any bean is created when {@code spring.datasource.url} is not set,
 * and points the data source at it. With an external database configured, it does nothing.
 */
public class EmbeddedDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    if (StringUtils.hasText(env.getProperty("spring.datasource.url"))
        || !env.getProperty("sanlv.db.embedded", Boolean.class, true)) {
      return;
    }
    Path dataRoot = Path.of(env.getProperty("sanlv.data-dir", "data"));
    int port = env.getProperty("sanlv.db.embedded-port", Integer.class, 54329);
    boolean clean = env.getProperty("sanlv.db.embedded-clean", Boolean.class, false);
    boolean durable = env.getProperty("sanlv.db.embedded-durable", Boolean.class, true);
    EmbeddedDatabase db = EmbeddedDatabase.acquire(dataRoot, port, clean, durable);
    env.getPropertySources().addFirst(new MapPropertySource("embeddedPostgres", Map.of(
        "spring.datasource.url", db.jdbcUrl(),
        "spring.datasource.username", "postgres",
        "spring.datasource.password", "",
        "sanlv.db.embedded-running-port", db.port())));
    // Registered first, so destroyed last: the connection pool closes before the server stops.
    if (context.getBeanFactory() instanceof DefaultListableBeanFactory factory) {
      factory.registerDisposableBean("embeddedPostgres", db::release);
    }
  }
}
