package org.sanlv;

import java.util.concurrent.Callable;
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
    subcommands = {Cli.Serve.class, CommandLine.HelpCommand.class})
final class Cli implements Callable<Integer> {

  private final String[] rawArgs;

  private Cli(String[] rawArgs) {
    this.rawArgs = rawArgs;
  }

  /** Runs the command line and returns the process exit code (serve blocks until the server stops). */
  static int run(String[] args) {
    boolean defaultServe = args.length == 0 || args[0].startsWith("--") && !isCliOption(args[0]);
    String[] effective = defaultServe ? prepend("serve", args) : args;
    CommandLine commandLine = new CommandLine(new Cli(args));
    // Arguments are data (file names, Spring properties), never "@file" references to expand.
    commandLine.setExpandAtFiles(false);
    commandLine.setUnmatchedArgumentsAllowed(false);
    return commandLine.execute(effective);
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
      description = "Start the web platform (default). Spring properties may follow, e.g. --server.port=9090.")
  static final class Serve implements Callable<Integer> {

    @CommandLine.Unmatched
    String[] springArgs = new String[0];

    @Override
    public Integer call() {
      SpringApplication.run(SanlvApplication.class, springArgs);
      // The web server's non-daemon threads keep the JVM alive; main returns "still running".
      return Integer.MIN_VALUE;
    }
  }
}
