package org.sanlv;

import java.util.concurrent.Callable;
import org.sanlv.estimation.EstimateCommand;
import org.sanlv.fieldwork.AaporCommand;
import org.sanlv.instrument.XlsformCommand;
import org.sanlv.sampling.SampleCommand;
import org.sanlv.scoring.ScoreCommand;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of the one jar: {@code serve} (the default) runs the platform; later modules add their
 * subcommands here so that {@code --help} lists them all.
 */
@Command(
    name = "sanlv",
    mixinStandardHelpOptions = true,
    version = "Sanlü 0.1.0",
    description = "Sanlü (三率): public-safety perception surveys and assessment.",
    subcommands = {Cli.Serve.class, XlsformCommand.class, SampleCommand.class, EstimateCommand.class,
        AaporCommand.class, ScoreCommand.class, CommandLine.HelpCommand.class})
final class Cli implements Callable<Integer> {

  private Cli() {}

  /** Runs the command line and returns the process exit code (serve blocks until the server stops). */
  static int run(String[] args) {
    boolean defaultServe = args.length == 0 || args[0].startsWith("--") && !isCliOption(args[0]);
    String[] effective = defaultServe ? prepend("serve", args) : args;
    return commandLine().execute(effective);
  }

  static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new Cli());
    // Arguments are data (file names, Spring properties), never "@file" references to expand.
    commandLine.setExpandAtFiles(false);
    // "serve --server.port=9090": Spring's own options pass through to Spring untouched.
    commandLine.getSubcommands().get("serve").setUnmatchedOptionsArePositionalParams(true);
    return commandLine;
  }

  private static boolean isCliOption(String arg) {
    return arg.equals("--help") || arg.equals("--version");
  }

  private static String[] prepend(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.out);
    return 0;
  }

  @Command(
      name = "serve",
      description = "Start the web platform (the default).")
  static final class Serve implements Callable<Integer> {

    @CommandLine.Parameters(paramLabel = "--spring.property=value", description = "Spring Boot properties, e.g. --server.port=9090")
    String[] springArgs = new String[0];

    @Override
    public Integer call() {
      SpringApplication.run(SanlvApplication.class, springArgs);
      // The web server's non-daemon threads keep the JVM alive; main returns "still running".
      return Integer.MIN_VALUE;
    }
  }
}
