package org.sanlv.instrument;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sanlv xlsform check|show FILE.xlsx}: a survey author's tools, without the web platform. Messages are in
 * Chinese unless {@code --lang} names English; province and year, Sanlü's own metadata, may come from
 * {@code --province/--year} when the form leaves them out.
 */
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

  /** Options both subcommands take. */
  static class Common {
    @Parameters(paramLabel = "FILE.xlsx")
    Path file;

    @Option(names = "--lang", defaultValue = "zh",
        description = "language of labels and messages: a code (zh, en) or a name (English, Chinese (zh))")
    String language;

    @Option(names = "--province", defaultValue = "", description = "province code when the form gives none, e.g. 33")
    String province;

    @Option(names = "--year", defaultValue = "0", description = "survey year when the form gives none, e.g. 2026")
    int year;

    PrintStream out() {
      return new PrintStream(System.out, true, StandardCharsets.UTF_8);
    }

    /** The locale of messages: English when --lang names English, Chinese otherwise. */
    Locale messages() {
      return new Language("en", "English").matches(language) ? Locale.ENGLISH : Locale.ROOT;
    }

    /**
     * The form read and compiled. No library logs on this way (the reader streams the workbook without POI's package
     * code, the one library that logged), so no logging framework is started: Logback's start alone cost 0.25 s of
     * CPU in a fresh JVM. StreamingReaderTest#checkingAFormStartsNeitherXmlBeansNorALoggingFramework holds this.
     */
    ImportResult read(PrintStream out) {
      if (!Files.isRegularFile(file)) {
        out.println(file + ": " + FormMessages.text(messages(), "file.missing", java.util.List.of()));
        return null;
      }
      return Instruments.withDefaults().importXlsForm(file,
          new FormDefaults(String.valueOf(file.getFileName()), province, year));
    }

    /** Prints the problems; the exit code: 2 when the file could not be read as a workbook, else 1. */
    int report(ImportResult result, PrintStream out) {
      Locale locale = messages();
      result.problems().forEach(p -> out.println(file.getFileName() + ": " + p.toString(locale)));
      if (result.problems().stream().allMatch(p -> p.location().equals("file"))) {
        return UNREADABLE;
      }
      out.println(FormMessages.text(locale, "cli.problems", java.util.List.of(String.valueOf(result.problems().size()))));
      return PROBLEMS;
    }

    /** The form's label language {@code --lang} names (by code or name), else the form's default. */
    String labelLanguage(Instrument instrument) {
      return instrument.languages().stream().filter(l -> l.matches(language)).map(Language::code).findFirst()
          .orElse(instrument.defaultLanguage());
    }
  }

  @Command(name = "check", description = "Print every problem with its cell (sheet!cell); exit 1 if there is any, "
      + "2 if the file is not a readable .xlsx.")
  static final class Check extends Common implements Callable<Integer> {

    @Override
    public Integer call() {
      PrintStream out = out();
      ImportResult result = read(out);
      if (result == null) {
        return UNREADABLE;
      }
      if (!result.ok()) {
        return report(result, out);
      }
      Instrument i = result.flow().instrument();
      Locale locale = messages();
      String meta = (i.province().isEmpty() ? "" : FormMessages.text(locale, "cli.province", List.of(i.province())))
          + (i.year() == 0 ? "" : FormMessages.text(locale, "cli.year", List.of(String.valueOf(i.year()))));
      out.println(file.getFileName() + ": OK — " + i.id() + (i.version().isEmpty() ? "" : " " + i.version()) + meta
          + FormMessages.text(locale, "cli.questions",
              List.of(String.valueOf(InstrumentService.answerable(result.flow())))));
      return 0;
    }
  }

  @Command(name = "show", description = "Print the question tree: groups, questions, types, choices and logic.")
  static final class Show extends Common implements Callable<Integer> {

    @Override
    public Integer call() {
      PrintStream out = out();
      ImportResult result = read(out);
      if (result == null) {
        return UNREADABLE;
      }
      if (!result.ok()) {
        return report(result, out);
      }
      Instrument instrument = result.flow().instrument();
      String lang = labelLanguage(instrument);
      String title = instrument.title(lang);
      out.println((title == null || title.isBlank() ? instrument.id() : title) + "  [" + instrument.id()
          + (instrument.version().isEmpty() ? "" : " " + instrument.version()) + "]");
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
        line.append(' ').append(q.name()).append("  ").append(q.label(lang));
        if (!q.relevant().isBlank()) {
          line.append("  [relevant: ").append(q.relevant()).append(']');
        }
        if (!q.constraint().isBlank()) {
          line.append("  [constraint: ").append(q.constraint()).append(']');
        }
        if (!q.choiceFilter().isBlank()) {
          line.append("  [choice_filter: ").append(q.choiceFilter()).append(']');
        }
        if (!q.calculation().isBlank()) {
          line.append("  [= ").append(q.calculation()).append(']');
        }
        out.println(line);
        if (!q.listName().isBlank()) {
          String choiceIndent = indent + "    ";
          instrument.choiceList(q.listName()).ifPresent(list -> list.choices().forEach(c ->
              out.println(choiceIndent + c.name() + "  " + c.label(lang))));
        }
        if (q.type() == QuestionType.BEGIN_GROUP) {
          indent += "  ";
        }
      }
      return 0;
    }
  }
}
