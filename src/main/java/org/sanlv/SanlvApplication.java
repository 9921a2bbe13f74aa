package org.sanlv;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The Sanlü platform. {@link #main} hands the command line to {@link Cli}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SanlvApplication {

  public static void main(String[] args) {
    int exitCode = Cli.run(args);
    if (exitCode != Integer.MIN_VALUE) {
      System.exit(exitCode);
    }
  }
}
