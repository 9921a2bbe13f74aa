package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.sanlv.fieldwork.FieldworkService;
import org.sanlv.instrument.AnswerProblem;
import org.sanlv.integrity.Flag;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.Role;
import org.sanlv.org.UnitType;
import org.sanlv.results.ResultsService;
import org.sanlv.sampling.SamplingService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyFormKeys;
import org.sanlv.survey.SurveyMode;

/**
 * Every string goes through the bundles (PetClinic's {@code I18nPropertiesSyncTest}, made complete): zh and en have
 * the same keys; every key a template names, literally or as a family {@code #{'prefix.' + ${x}}} over the values
 * {@code x} takes, and every key a Java class names, exists; the Chinese texts hold no untranslated English; a
 * template holds no literal text; identifiers (seeds, ids, years) are never shown with digit grouping.
 */
class MessageBundlesTest {

  private static final Path RESOURCES = Path.of("src/main/resources");
  private static final Path TEMPLATES = RESOURCES.resolve("templates");
  private static final Path JAVA = Path.of("src/main/java");
  // Text allowed in templates: each language's own name in the switch, and typographic glyphs.
  private static final Set<String> ALLOWED = Set.of("中文", "English", "|", "›", "▸", "—");

  /** The bundles Spring resolves (spring.messages.basename), and the instrument's own (read by FormMessages). */
  static final List<String> BASENAMES = List.of("messages", "fieldwork-messages", "capi-review-messages",
      "campaign-tasks-messages", "quiz-messages", "quiz-admin-messages");

  static final String INSTRUMENT = "instrument-messages";

  /**
   * Latin words a Chinese text may hold: file formats and acronyms, product and method names, and the literal
   * words a user types or finds in a file (XLSForm column and type names, CSV level and unit-type codes, the
   * command line's rule syntax, JSON field names of the API), which are not English prose but the names of things.
   */
  static final Set<String> LATIN_ALLOWED = Set.of(
      // formats, acronyms, products, methods
      "CSV", "XLSX", "xlsx", "APP", "xls", "JPEG", "WebP", "OLE", "PDF", "PNG", "SPSS", "Stata", "QR", "URL", "API", "api", "SMS", "HTTP",
      "POST", "JSON", "json", "YAML", "UTF", "GBK", "UUID", "CATI", "CAPI", "CAWI", "Excel", "LibreOffice", "zip",
      "XLSForm", "JavaScript", "bcrypt", "Wald", "logit", "Wilson", "Clopper", "Pearson", "Korn", "Graubard", "UTC", "Content", "Type", "application", "deff", "psu",
      "lonely",
      "LED", // 平安宣传栏、LED显示屏 (seed 1, appendix 7)
      // the XLSForm vocabulary authors write in their workbook
      "survey", "choices", "settings", "form_id", "version", "province", "year", "list_name", "name", "label", "type",
      "select_one", "select_multiple", "integer", "decimal", "text", "date", "note", "calculate", "calculation",
      "begin_group", "end_group", "choice_filter", "constraint", "required", "appearance", "default_language",
      "or_other", "other", "yes", "terminate", "group", "deviceid", "start", "end", "and", "not", "where", "zhejiang",
      // the keys of an indicator definition
      "proportion", "mean",
      // codes typed in an area CSV
      "city", "county", "town", "village", "unit", "department", "enterprise", "cooperative",
      "idempotencyKey",
      // the keys and values of the quiz's YAML, which the province types in its editor
      "title", "intro", "questions", "judge", "multiple", "correct", "true", "false", "zh", "en", "kind", "options",
      "explanation");

  /**
   * Words of the sample-size rule's syntax ({@code share:0.005,min:300}), which an error message about that syntax
   * may quote; a page that shows them has shown a value's code instead of its name.
   */
  static final Set<String> RULE_SYNTAX = Set.of("share", "fixed", "plan", "min", "max");

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (var in = new InputStreamReader(Files.newInputStream(RESOURCES.resolve(name)), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  private static Properties all(String suffix) throws IOException {
    Properties all = new Properties();
    for (String base : BASENAMES) {
      if (Files.exists(RESOURCES.resolve(base + suffix + ".properties"))) {
        all.putAll(load(base + suffix + ".properties"));
      }
    }
    return all;
  }

  @Test
  void chineseAndEnglishBundlesHaveTheSameKeys() throws IOException {
    for (String base : Stream.concat(BASENAMES.stream(), Stream.of(INSTRUMENT)).toList()) {
      Properties zh = load(base + ".properties");
      Properties en = load(base + "_en.properties");
      assertThat(en.stringPropertyNames()).as(base).containsExactlyInAnyOrderElementsOf(zh.stringPropertyNames());
    }
  }

  /** Bundles are merged line by line (`.gitattributes`: union): a key written twice would silently take the last. */
  @Test
  void noKeyIsWrittenTwice() throws IOException {
    for (String base : Stream.concat(BASENAMES.stream(), Stream.of(INSTRUMENT)).toList()) {
      for (String file : List.of(base + ".properties", base + "_en.properties")) {
        Path path = Path.of("src/main/resources", file);
        if (!Files.exists(path)) {
          continue;
        }
        Set<String> seen = new TreeSet<>();
        List<String> twice = new ArrayList<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
          String t = line.strip();
          if (t.isEmpty() || t.startsWith("#") || t.startsWith("!") || line.startsWith(" ") || line.startsWith("\t")) {
            continue;
          }
          String key = t.split("[=:\\s]", 2)[0];
          if (!seen.add(key)) {
            twice.add(key);
          }
        }
        assertThat(twice).as(file).isEmpty();
      }
    }
  }

  @Test
  void everyMessageKeyUsedInATemplateExists() throws IOException {
    Properties zh = all("");
    Properties en = all("_en");
    Pattern key = Pattern.compile("#\\{([a-zA-Z0-9_.-]+)[}(]");
    List<String> missing = new ArrayList<>();
    for (Path template : templates()) {
      Matcher m = key.matcher(Files.readString(template));
      while (m.find()) {
        if (!zh.containsKey(m.group(1)) || !en.containsKey(m.group(1))) {
          missing.add(template.getFileName() + ": " + m.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /**
   * The values each key family of the templates takes, from the enums and constants they come from. A template
   * that builds a key from a family not listed here fails the test, so a new family is enumerated when it appears.
   */
  static Map<String, List<String>> families() {
    Map<String, List<String>> f = new LinkedHashMap<>();
    f.put("role.", names(Role.values()));
    f.put("level.", names(OrgLevel.values()));
    f.put("unitType.", names(UnitType.values()));
    f.put("mode.", names(SurveyMode.values()));
    f.put("survey.status.", names(Survey.Status.values()));
    f.put("survey.kind.", names(Survey.Kind.values()));
    f.put("design.", SurveyFormKeys.all().stream().filter(k -> k.startsWith("design.")).map(k -> k.substring(7)).toList());
    f.put("design.rule.", List.of("share", "fixed")); // the values SurveyDesigns accepts
    f.put("fieldwork.online.state.", Stream.concat(names(FieldworkService.Window.values()).stream(), Stream.of("DRAFT")).toList());
    f.put("fieldwork.closed.", Stream.concat(names(FieldworkService.Window.values()).stream(), Stream.of("ANSWERED"))
        .map(s -> s.toLowerCase(Locale.ROOT)).filter(s -> !s.equals("open")).toList());
    f.put("fieldwork.flag.", Arrays.stream(Flag.values()).map(Flag::dbValue).toList());
    // the review of field interviews (fieldwork.capi.ReviewService)
    f.put("capi.flag.meaning.", Arrays.stream(Flag.values()).map(Flag::dbValue).toList());
    f.put("capi.review.status.", List.of("pending", "escalated", "rejected", "approved", "all"));
    f.put("capi.review.decided.", List.of("approved", "rejected", "escalated"));
    f.put("capi.review.selection.", List.of("next_birthday", "kish", "only_adult"));
    f.put("capi.review.kind.", List.of("household", "intercept"));
    f.put("campaign.kind.", List.of("town", "department", "company", "office")); // CampaignService.Progress
    f.put("campaign.status.", org.sanlv.campaign.CampaignService.STATUSES);
    f.put("quiz.editor.kind.", org.sanlv.quiz.QuizContent.KINDS); // the quiz editor's question kinds
    // phone fieldwork's response rates (fieldwork.cati)
    f.put("cati.category.", names(org.sanlv.fieldwork.cati.AaporCode.Category.values()));
    f.put("cati.rates.by.", List.of("county", "interviewer", "day")); // CatiRatesService.By
    List<String> rates = org.sanlv.fieldwork.cati.AaporRates.NAMES;
    f.put("cati.rates.name.", rates.subList(1, rates.size()));
    f.put("cati.rates.formula.", rates);
    f.put("results.source.", ResultsService.SOURCE_OF_MODE.values().stream().distinct().toList());
    f.put("sample.frame.", Arrays.stream(SamplingService.FrameKind.values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList());
    f.put("indicators.form.kind.", enumNames("org.sanlv.indicator.IndicatorForm$Kind"));
    f.put("design.help.", f.get("design.").stream().filter(k -> !k.startsWith("help.")).toList());
    f.put("survey.statusNote.", names(Survey.Status.values()));
    f.put("home.section.", names(Survey.Status.values()));
    f.put("home.glance.strata.", List.of("county", "town")); // Survey.stratumLevel
    f.put("fieldwork.online.notLive.", Stream.concat(names(FieldworkService.Window.values()).stream(), Stream.of("DRAFT")).toList());
    List<String> intervals = Arrays.stream(org.sanlv.estimation.IntervalMethod.values())
        .map(org.sanlv.estimation.IntervalMethod::label).toList();
    f.put("results.ciMethod.", intervals.stream().filter(m -> !m.equals("wald")).toList()); // the page's choices
    f.put("results.ciMethodHelp.", intervals);
    f.put("results.level.", List.of("county", "town")); // Survey.stratumLevel
    f.put("results.weighting.", enumNames("org.sanlv.results.Weighting$Kind"));
    f.put("results.weightingPart.", ResultsService.SOURCE_OF_MODE.values().stream().distinct().map(s -> "source_" + s).toList());
    f.put("results.exportFormat.", List.of("csv", "xlsx", "stata", "spss", "codebook")); // results.html's links
    // phone fieldwork supervision (V17's check constraints of cati_session.state and cati_dnc.reason)
    f.put("cati.super.state.", List.of("idle", "dialling", "interview", "wrap_up", "away"));
    f.put("cati.super.dnc.reason.", List.of("hard_refusal", "supervisor"));
    // scores and rules pages: the rules' words (Average.word(), Fraction.word())
    f.put("scoring.average.", java.util.Arrays.stream(org.sanlv.scoring.Average.values()).map(a -> a.word()).toList());
    f.put("scoring.fraction.", java.util.Arrays.stream(org.sanlv.scoring.Fraction.values()).map(a -> a.word()).toList());
    f.put("home.dashboard.title.", enumNames("org.sanlv.home.Dashboards$Kind"));
    f.put("home.dashboard.empty.", enumNames("org.sanlv.home.Dashboards$Kind"));
    f.put("home.dashboard.noise.", List.of("below", "above", "none"));
    // household and intercept fieldwork (V13's check constraints and the sampling module's enums, lower-cased)
    f.put("capi.kind.", List.of("household", "intercept"));
    f.put("capi.status.", List.of("open", "assigned", "visited", "completed", "non_response", "closed"));
    f.put("capi.outcome.", Stream.concat(Stream.of("interview"),
        org.sanlv.fieldwork.capi.ProgressService.REASONS.stream()).toList());
    f.put("capi.loc.", lower(org.sanlv.sampling.LocationType.values()));
    f.put("capi.day.", lower(org.sanlv.sampling.InterceptDesign.DayType.values()));
    f.put("capi.time.", lower(org.sanlv.sampling.InterceptDesign.TimeOfDay.values()));
    // campaign files: CampaignFiles.kind of the five sniffed types
    f.put("campaign.file.kind.", List.of("photo", "video", "document"));
    // campaign quotas (issue 22)
    f.put("campaign.quota.kind.", java.util.Arrays.stream(org.sanlv.campaign.Quota.Kind.values())
        .map(org.sanlv.campaign.Quota.Kind::code).toList());
    f.put("campaign.quota.basis.", names(org.sanlv.campaign.Quota.Basis.values()));
    f.put("campaign.quota.ratio.", names(org.sanlv.campaign.Quota.Basis.values()));
    f.put("campaign.quota.status.", names(org.sanlv.campaign.QuotaService.Status.values()));
    // the monthly activity reports (campaign.ActivityReport)
    f.put("campaign.report.field.", Stream.concat(org.sanlv.campaign.ActivityReport.Counts.NUMBERS.stream(),
        Stream.of("other", "description", "fileIds")).toList());
    f.put("campaign.report.status.", lower(org.sanlv.campaign.ActivityReport.Status.values()));
    f.put("campaign.report.action.", List.of("save", "submit", "return", "resubmit", "accept"));
    f.put("campaign.report.saved.", List.of("save", "submit"));
    // the problem ledger's pages (issue 23, ledger.LedgerPageController: its tabs, actions, chart measures)
    f.put("ledger.status.", org.sanlv.ledger.LedgerService.STATUSES);
    f.put("ledger.source.", org.sanlv.ledger.LedgerService.SOURCES);
    f.put("ledger.satisfaction.", org.sanlv.ledger.LedgerService.SATISFACTION);
    f.put("ledger.page.tab.", List.of("all", "mine", "unit", "overdue"));
    f.put("ledger.page.empty.", List.of("all", "mine", "unit", "overdue"));
    f.put("ledger.page.done.", List.of("record", "assign", "start", "resolve", "close", "reopen"));
    f.put("ledger.page.event.", org.sanlv.ledger.LedgerService.STATUSES);
    f.put("ledger.page.photos.", List.of("recorded", "resolved"));
    f.put("ledger.page.stat.", List.of("recorded", "resolved", "closed"));
    return f;
  }

  /** The constants of an enum the test cannot name (package-private in its module). */
  private static List<String> enumNames(String className) {
    try {
      return names((Enum<?>[]) Class.forName(className).getEnumConstants());
    } catch (ClassNotFoundException e) {
      throw new AssertionError(className, e);
    }
  }

  private static List<String> lower(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  private static List<String> names(Enum<?>[] values) {
    return Arrays.stream(values).map(Enum::name).toList();
  }

  @Test
  void everyKeyFamilyATemplateBuildsExistsForEveryValue() throws IOException {
    Properties zh = all("");
    Properties en = all("_en");
    Map<String, List<String>> families = families();
    Pattern family = Pattern.compile("#\\{'([a-zA-Z0-9_.-]+\\.)' *\\+");
    Set<String> problems = new TreeSet<>();
    for (Path template : templates()) {
      Matcher m = family.matcher(Files.readString(template));
      while (m.find()) {
        List<String> values = families.get(m.group(1));
        if (values == null) {
          problems.add(template.getFileName() + ": family " + m.group(1) + " is not enumerated in families()");
          continue;
        }
        for (String v : values) {
          if (!zh.containsKey(m.group(1) + v) || !en.containsKey(m.group(1) + v)) {
            problems.add(template.getFileName() + ": " + m.group(1) + v);
          }
        }
      }
    }
    // keys templates take from a variable: the error summaries, and the interview's answer problems
    for (String k : List.of("error.400", "error.403", "error.404", "error.413", "error.upload", "error.generic")) {
      if (!zh.containsKey(k)) {
        problems.add("summary " + k);
      }
    }
    for (var field : AnswerProblem.class.getFields()) {
      try {
        String k = (String) field.get(null);
        if (!zh.containsKey(k)) {
          problems.add("answer problem " + k);
        }
      } catch (ReflectiveOperationException | ClassCastException e) {
        problems.add("answer problem " + field.getName() + ": " + e);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void keysBuiltAtRuntimeExist() throws IOException {
    Properties zh = all("");
    List<String> missing = new ArrayList<>();
    SurveyFormKeys.all().forEach(k -> {
      if (!zh.containsKey(k)) {
        missing.add(k);
      }
    });
    // the sampling page's rule in words (SamplingService.describe)
    for (String suffix : List.of("", "Min", "Max", "MinMax")) {
      if (!zh.containsKey("sample.rule.share" + suffix)) {
        missing.add("sample.rule.share" + suffix);
      }
    }
    SurveyFormKeys.fields().forEach(k -> {
      if (!zh.containsKey(Messages.FIELD + k)) {
        missing.add(Messages.FIELD + k);
      }
    });
    assertThat(missing).isEmpty();
  }

  /**
   * Every key-shaped string literal in the Java sources whose first word is a bundle's (so {@code "org.error.x"} but
   * not {@code "org.sanlv"}) is a key of some bundle: problem codes, getMessage calls, constants.
   */
  @Test
  void everyKeyAJavaClassNamesExists() throws IOException {
    Properties known = all("");
    known.putAll(load(INSTRUMENT + ".properties"));
    Set<String> prefixes = new TreeSet<>();
    known.stringPropertyNames().forEach(k -> prefixes.add(k.substring(0, k.indexOf('.') + 1)));
    prefixes.remove("");
    Pattern literal = Pattern.compile("\"([a-z][a-zA-Z0-9]*\\.[a-zA-Z0-9_-]+(?:\\.[a-zA-Z0-9_-]+)*)\"");
    Set<String> missing = new TreeSet<>();
    for (Path source : files(JAVA, ".java")) {
      // an audit action ("survey.create") is a name in the log, not a message
      Matcher m = literal.matcher(Files.readString(source).replaceAll("audit\\.record\\([^,]+, \"[^\"]*\"", ""));
      while (m.find()) {
        String k = m.group(1);
        String first = k.substring(0, k.indexOf('.') + 1);
        if (prefixes.contains(first) && !known.containsKey(k) && !k.startsWith("org.sanlv") && !NOT_KEYS.contains(k)) {
          missing.add(source.getFileName() + ": " + k);
        }
      }
    }
    // field names of problems shown in forms: a label for each
    Pattern field = Pattern.compile("Problem\\.at\\(0, \"([a-zA-Z_]+)\"");
    for (Path source : files(JAVA, ".java")) {
      Matcher m = field.matcher(Files.readString(source));
      while (m.find()) {
        if (!known.containsKey(Messages.FIELD + m.group(1))) {
          missing.add(source.getFileName() + ": " + Messages.FIELD + m.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  /** Key-shaped literals that are not message keys: file names and properties. */
  private static final Set<String> NOT_KEYS = Set.of();

  @Test
  void chineseTextsHoldNoUntranslatedEnglish() throws IOException {
    List<String> english = new ArrayList<>();
    for (String base : Stream.concat(BASENAMES.stream(), Stream.of(INSTRUMENT)).toList()) {
      Properties zh = load(base + ".properties");
      for (String k : new TreeSet<>(zh.stringPropertyNames())) {
        List<String> words = englishWords(zh.getProperty(k));
        if (!words.isEmpty()) {
          english.add(base + ": " + k + " " + words);
        }
      }
    }
    assertThat(english).isEmpty();
  }

  private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z][A-Za-z_]{2,}");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]*}|\\{[^}]*}|--[a-z-]+|[a-z][a-z-]*\\(\\)|[A-Za-z0-9_.-]+\\.[a-z]{2,4}\\b|/[A-Za-z0-9/{}._-]+");

  /**
   * Latin words of three letters or more outside the allow-list, placeholders, command-line options, function names
   * of the form language ({@code count-selected()}), file names and paths.
   */
  public static List<String> englishWords(String text) {
    return englishWords(text, true);
  }

  /** As above; {@code inMessages} false for a page's own text, where the rule's syntax words are not allowed. */
  static List<String> englishWords(String text, boolean inMessages) {
    Matcher m = LATIN_WORD.matcher(PLACEHOLDER.matcher(text).replaceAll(" "));
    List<String> words = new ArrayList<>();
    while (m.find()) {
      if (!LATIN_ALLOWED.contains(m.group()) && !(inMessages && RULE_SYNTAX.contains(m.group()))) {
        words.add(m.group());
      }
    }
    return words;
  }

  @Test
  void templatesHoldNoLiteralText() throws IOException {
    // Text between tags is literal unless the opening tag replaces it (th:text / th:utext).
    Pattern textNode = Pattern.compile("<(\\w+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>([^<]+)<");
    // Attributes a person reads, given literally instead of through th:attr / th:placeholder / th:title…
    Pattern shownAttribute = Pattern.compile("(?<![:\\w-])(placeholder|title|alt|aria-label)=\"([^\"]*)\"");
    List<String> literals = new ArrayList<>();
    for (Path template : templates()) {
      String html = Files.readString(template);
      Matcher m = textNode.matcher(html);
      while (m.find()) {
        String tag = m.group(1);
        String attributes = m.group(2);
        String text = m.group(3).strip();
        boolean replaced = attributes.contains("th:text") || attributes.contains("th:utext");
        boolean hasWords = text.codePoints().anyMatch(Character::isLetter);
        if (!replaced && hasWords && !ALLOWED.contains(text) && !tag.equals("script") && !tag.equals("style")) {
          literals.add(template.getFileName() + ": " + text);
        }
      }
      Matcher a = shownAttribute.matcher(html);
      while (a.find()) {
        if (a.group(2).codePoints().anyMatch(Character::isLetter)) {
          literals.add(template.getFileName() + ": " + a.group(1) + "=\"" + a.group(2) + "\"");
        }
      }
    }
    assertThat(literals).isEmpty();
  }

  /**
   * Seeds, ids and years are identifiers: {@code 20261101}, never {@code 20,261,101}. MessageFormat groups a
   * number's digits unless the pattern says {@code {n,number,#}}: every argument of a template message whose
   * expression names an identifier is formatted with the real bundles and must come out ungrouped.
   */
  @Test
  void identifiersInMessagesAreNotGrouped() throws IOException {
    Properties zh = all("");
    Properties en = all("_en");
    Pattern call = Pattern.compile("#\\{([a-zA-Z0-9_.-]+)\\(((?:[^()]|\\([^()]*\\))*)\\)}");
    Pattern identifier = Pattern.compile("(?i)(seed|\\bid|\\.id|code|year)\\}?\\s*$");
    List<String> grouped = new ArrayList<>();
    for (Path template : templates()) {
      Matcher m = call.matcher(Files.readString(template));
      while (m.find()) {
        List<String> args = splitArguments(m.group(2));
        for (int i = 0; i < args.size(); i++) {
          if (identifier.matcher(args.get(i).replaceAll("[)}\\s]+$", "")).find()) {
            for (Properties bundle : List.of(zh, en)) {
              String pattern = bundle.getProperty(m.group(1));
              Object[] values = new Object[args.size()];
              Arrays.fill(values, 1L);
              values[i] = 20261101L;
              String shown = new MessageFormat(pattern, Locale.ROOT).format(values);
              if (!shown.contains("20261101")) {
                grouped.add(template.getFileName() + ": " + m.group(1) + " argument " + i + " → " + shown);
              }
            }
          }
        }
      }
    }
    // the same for messages Java formats with an identifier
    for (String k : List.of("sampling.error.fieldworkStarted", "problem.atLine", "problem.atLineColumn")) {
      for (Properties bundle : List.of(zh, en)) {
        String shown = new MessageFormat(bundle.getProperty(k), Locale.ROOT).format(new Object[] {20261101L, "x", "y"});
        if (!shown.contains("20261101")) {
          grouped.add(k + " → " + shown);
        }
      }
    }
    assertThat(grouped).isEmpty();
  }

  /** The arguments of a message call, split at top-level commas. */
  private static List<String> splitArguments(String text) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '(' || c == '{') {
        depth++;
      } else if (c == ')' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        out.add(text.substring(start, i).strip());
        start = i + 1;
      }
    }
    out.add(text.substring(start).strip());
    return out;
  }

  private static List<Path> templates() throws IOException {
    return files(TEMPLATES, ".html");
  }

  private static List<Path> files(Path root, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
