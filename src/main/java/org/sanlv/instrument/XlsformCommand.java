package org.sanlv.instrument;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sanlv xlsform check|show FILE.xlsx}: a survey author's tools, without the web platform. */
@Command(name = "xlsform", description = "Check an XLSForm or print its question tree.",
    subcommands = {XlsformCommand.Check.class, XlsformCommand.Show.class})
public final class XlsformCommand implements Callable<Integer> {

  static final int PROBLEMS = 1;
  static final int UNREADABLE = 2;

  @Override
  public Integer call() {
    new picocli.CommandLine(this).usage(System.out);
    return 0;
  }

  static ImportResult read(Path file, PrintStream err) {
    if (!Files.isRegularFile(file)) {
      err.println(file + ": no such file");
      return null;
    }
    return Instruments.withDefaults().importXlsForm(file);
  }

  @Command(name = "check", description = "Print every problem with its cell (sheet!cell); exit 1 if there is any.")
  static final class Check implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.xlsx")
    Path file;

    @Override
    public Integer call() {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      ImportResult result = read(file, out);
      if (result == null) {
        return UNREADABLE;
      }
      result.problems().forEach(p -> out.println(file.getFileName() + ": " + p));
      if (!result.ok()) {
        out.println(result.problems().size() + " problem(s)");
        return PROBLEMS;
      }
      Instrument i = result.flow().instrument();
      out.println(file.getFileName() + ": OK — " + i.id() + " " + i.version() + ", province " + i.province() + ", "
          + i.year() + ", " + InstrumentService.answerable(result.flow()) + " questions");
      return 0;
    }
  }

  @Command(name = "show", description = "Print the question tree: groups, questions, types, choices and logic.")
  static final class Show implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.xlsx")
    Path file;

    @Option(names = "--lang", defaultValue = "zh", description = "label language (zh, en)")
    String language;

    @Override
    public Integer call() {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      ImportResult result = read(file, out);
      if (result == null) {
        return UNREADABLE;
      }
      if (!result.ok()) {
        result.problems().forEach(p -> out.println(file.getFileName() + ": " + p));
        return PROBLEMS;
      }
      Instrument instrument = result.flow().instrument();
      out.println(instrument.title(language) + "  [" + instrument.id() + " " + instrument.version() + "]");
      String indent = "  ";
      for (Question q : instrument.questions()) {
        if (q.type() == QuestionType.END_GROUP) {
          indent = indent.length() > 2 ? indent.substring(2) : indent;
          continue;
        }
        StringBuilder line = new StringBuilder(indent).append(q.type().xlsForm());
        if (!q.listName().isBlank()) {
          line.append(' ').append(q.listName());
        }
        line.append(' ').append(q.name()).append("  ").append(q.label(language));
        if (!q.relevant().isBlank()) {
          line.append("  [relevant: ").append(q.relevant()).append(']');
        }
        if (!q.constraint().isBlank()) {
          line.append("  [constraint: ").append(q.constraint()).append(']');
        }
        if (!q.calculation().isBlank()) {
          line.append("  [= ").append(q.calculation()).append(']');
        }
        out.println(line);
        if (!q.listName().isBlank()) {
          String choiceIndent = indent + "    ";
          instrument.choiceList(q.listName()).ifPresent(list -> list.choices().forEach(c ->
              out.println(choiceIndent + c.name() + "  " + c.label(language))));
        }
        if (q.type() == QuestionType.BEGIN_GROUP) {
          indent += "  ";
        }
      }
      return 0;
    }
  }
}
