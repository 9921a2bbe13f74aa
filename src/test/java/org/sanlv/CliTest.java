package org.sanlv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CliTest {

  private static String run(String... args) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      assertThat(Cli.run(args)).isZero();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void helpListsTheSubcommands() {
    assertThat(run("--help")).contains("Usage: sanlv").contains("serve").contains("help");
  }

  @Test
  void serveHandsSpringPropertiesToSpring() {
    var parsed = Cli.commandLine().parseArgs("serve", "--server.port=9090", "--sanlv.data-dir=/tmp/x");
    Cli.Serve serve = (Cli.Serve) parsed.subcommand().commandSpec().userObject();
    assertThat(serve.springArgs).containsExactly("--server.port=9090", "--sanlv.data-dir=/tmp/x");
  }

  @Test
  void helpForServeExplainsSpringProperties() {
    assertThat(run("help", "serve")).contains("Spring Boot properties");
  }
}
