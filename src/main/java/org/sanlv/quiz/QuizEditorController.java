package org.sanlv.quiz;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The province's editor of the quiz: the live content per question (Chinese and English side by side), a form per
 * question to change it, add one, remove one or move it; the title and introduction; a YAML download and upload;
 * the list of editions. Every change is validated by {@link QuizContent#parse} and saved through
 * {@link QuizService#saveEdition} as a new edition (the newest is live); on a problem nothing is saved and the form
 * comes back with what is wrong, named by question and field. Each form carries the edition it was made from, so a
 * change made on a page older than the live edition is refused (409) instead of silently undoing someone's save.
 */
@Controller
@Requires(Permission.QUIZ_CONTENT)
class QuizEditorController {

  /** The editions listed on the page (all of them stay in the database). */
  static final int EDITIONS_SHOWN = 30;
  /** Empty option rows offered under a "which of these" question's options, for adding some. */
  static final int SPARE_OPTIONS = 2;
  static final int MAX_UPLOAD_BYTES = QuizContent.MAX_CHARS * 4;

  private final QuizService quiz;
  private final MessageSource messages;

  QuizEditorController(QuizService quiz, MessageSource messages) {
    this.quiz = quiz;
    this.messages = messages;
  }

  /** One option row of a question's form. */
  record OptionRow(String id, String zh, String en, boolean correct) {}

  /**
   * A question as its form shows it: the live values, or what was posted when it came back with problems.
   *
   * @param number 1-based position (0: the form that adds a question)
   * @param originalId the id of the live question this form changes; empty for a new question
   * @param errors form field → what is wrong with it (marks the field)
   * @param messages every problem, "field: what" in the reader's language
   */
  record QuestionForm(int number, String originalId, String id, String kind, String textZh, String textEn,
      String explanationZh, String explanationEn, List<OptionRow> options, Map<String, String> errors,
      List<String> messages) {

    public boolean isNew() {
      return originalId.isEmpty();
    }

    public boolean judge() {
      return "judge".equals(kind);
    }

    public boolean hasError(String field) {
      return errors.containsKey(field);
    }
  }

  /** The title and introduction's form. */
  record TextsForm(String titleZh, String titleEn, String introZh, String introEn, Map<String, String> errors,
      List<String> messages) {

    public boolean hasError(String field) {
      return errors.containsKey(field);
    }
  }

  @GetMapping("/quiz/editor")
  String editor(Scope scope, @RequestParam(required = false) String saved, Model model) {
    QuizService.Live live = current();
    List<QuestionForm> forms = new ArrayList<>();
    int n = 0;
    for (QuizContent.Question q : live.content().questions()) {
      forms.add(form(++n, q));
    }
    model.addAttribute("forms", forms);
    model.addAttribute("newForm", blank("judge"));
    model.addAttribute("texts", texts(live.content()));
    model.addAttribute("saved", saved != null && saved.matches("\\d{1,18}") ? saved : null);
    return page(live, model);
  }

  /** The editions' list beside every page of the editor (who saved which, when, with what note). */
  @ModelAttribute
  void editions(Scope scope, Model model) {
    model.addAttribute("editions", quiz.editions(scope, EDITIONS_SHOWN));
    model.addAttribute("editionCount", quiz.editionCount(scope));
  }

  /** The common parts of the page; the forms are already in the model. */
  private String page(QuizService.Live live, Model model) {
    model.addAttribute("content", live.content());
    model.addAttribute("base", live.editionId() == null ? "" : String.valueOf(live.editionId()));
    model.addAttribute("liveEdition", live.editionId());
    if (!model.containsAttribute("newForm")) {
      model.addAttribute("newForm", blank("judge"));
    }
    if (!model.containsAttribute("texts")) {
      model.addAttribute("texts", texts(live.content()));
    }
    return "quiz/editor";
  }

  /** The live YAML (as saved, or the shipped file), or an older edition's with {@code ?edition=}. */
  @GetMapping("/quiz/editor/content.yaml")
  ResponseEntity<byte[]> download(Scope scope, @RequestParam(required = false) String edition) {
    String yaml;
    String name;
    if (edition != null && !edition.isBlank()) {
      long id;
      try {
        id = Long.parseLong(edition.strip());
      } catch (NumberFormatException e) {
        throw new InputRejected(Problem.at(0, "edition", "quiz.editor.error.noEdition", edition));
      }
      yaml = quiz.editionText(scope, id).orElseThrow(
          () -> new InputRejected(Problem.at(0, "edition", "quiz.editor.error.noEdition", edition)));
      name = "anti-fraud-quiz-" + id + ".yaml";
    } else {
      QuizService.Live live = current();
      yaml = live.yaml();
      name = live.editionId() == null ? "anti-fraud-quiz.yaml" : "anti-fraud-quiz-" + live.editionId() + ".yaml";
    }
    return ResponseEntity.ok().contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
        .body(yaml.getBytes(StandardCharsets.UTF_8));
  }

  /** Changes one question (or adds one when {@code originalId} is empty): a new edition. */
  @PostMapping("/quiz/editor/questions")
  String saveQuestion(Scope scope, @RequestParam MultiValueMap<String, String> form, Model model,
      HttpServletResponse response) {
    QuizService.Live live = current();
    String originalId = first(form, "originalId");
    QuestionForm posted = posted(form, originalId);
    if (stale(live, form)) {
      return again(live, posted, List.of(), true, model, response);
    }
    List<QuizContent.Question> questions = new ArrayList<>(live.content().questions());
    int at = indexOf(questions, originalId);
    if (!originalId.isEmpty() && at < 0) {
      // removed meanwhile by another save: the page is out of date
      return again(live, posted, List.of(), true, model, response);
    }
    QuizContent.Question q = question(posted);
    if (at < 0) {
      questions.add(q);
    } else {
      questions.set(at, q);
    }
    String note = note(form, at < 0 ? "quiz.editor.note.added" : "quiz.editor.note.changed", posted.id());
    try {
      long saved = save(scope, live, new QuizContent(live.content().title(), live.content().intro(), questions), note);
      return "redirect:/quiz/editor?saved=" + saved + "#q-" + posted.id();
    } catch (InputRejected e) {
      return again(live, posted, e.problems(), e instanceof InputConflict, model, response);
    }
  }

  /** Removes one question: a new edition (the old ones stay, to download and upload again). */
  @PostMapping("/quiz/editor/questions/remove")
  String remove(Scope scope, @RequestParam MultiValueMap<String, String> form, Model model,
      HttpServletResponse response) {
    QuizService.Live live = current();
    String id = first(form, "question");
    List<QuizContent.Question> questions = new ArrayList<>(live.content().questions());
    int at = indexOf(questions, id);
    if (stale(live, form) || at < 0) {
      return pageWith(live, List.of(Problem.of(at < 0 && !stale(live, form) ? "quiz.editor.error.noQuestion"
          : "quiz.editor.error.stale", id)), HttpServletResponse.SC_CONFLICT, model, response);
    }
    questions.remove(at);
    try {
      long saved = save(scope, live, new QuizContent(live.content().title(), live.content().intro(), questions),
          note(form, "quiz.editor.note.removed", id));
      return "redirect:/quiz/editor?saved=" + saved;
    } catch (InputRejected e) {
      return pageWith(live, e.problems(), status(e), model, response);
    }
  }

  /** Moves one question up or down by one place: a new edition. */
  @PostMapping("/quiz/editor/questions/move")
  String move(Scope scope, @RequestParam MultiValueMap<String, String> form, Model model,
      HttpServletResponse response) {
    QuizService.Live live = current();
    String id = first(form, "question");
    String direction = first(form, "direction");
    List<QuizContent.Question> questions = new ArrayList<>(live.content().questions());
    int at = indexOf(questions, id);
    if (stale(live, form)) {
      return pageWith(live, List.of(Problem.of("quiz.editor.error.stale")), HttpServletResponse.SC_CONFLICT, model,
          response);
    }
    if (at < 0 || !(direction.equals("up") || direction.equals("down"))) {
      return pageWith(live, List.of(Problem.of("quiz.editor.error.noQuestion", id)),
          HttpServletResponse.SC_BAD_REQUEST, model, response);
    }
    int to = direction.equals("up") ? at - 1 : at + 1;
    if (to < 0 || to >= questions.size()) {
      return "redirect:/quiz/editor#q-" + id; // already first or last: nothing to save
    }
    questions.add(to, questions.remove(at));
    try {
      long saved = save(scope, live, new QuizContent(live.content().title(), live.content().intro(), questions),
          note(form, "quiz.editor.note.moved", id));
      return "redirect:/quiz/editor?saved=" + saved + "#q-" + id;
    } catch (InputRejected e) {
      return pageWith(live, e.problems(), status(e), model, response);
    }
  }

  /** Changes the title and the introduction: a new edition. */
  @PostMapping("/quiz/editor/texts")
  String saveTexts(Scope scope, @RequestParam MultiValueMap<String, String> form, Model model,
      HttpServletResponse response) {
    QuizService.Live live = current();
    TextsForm posted = new TextsForm(first(form, "titleZh"), first(form, "titleEn"), first(form, "introZh"),
        first(form, "introEn"), Map.of(), List.of());
    if (stale(live, form)) {
      model.addAttribute("texts", withProblems(posted, List.of(Problem.of("quiz.editor.error.stale"))));
      return conflict(live, model, response);
    }
    try {
      long saved = save(scope, live, new QuizContent(langs(posted.titleZh(), posted.titleEn()),
          langs(posted.introZh(), posted.introEn()), live.content().questions()), note(form, "quiz.editor.note.texts"));
      return "redirect:/quiz/editor?saved=" + saved;
    } catch (InputRejected e) {
      model.addAttribute("texts", withProblems(posted, e.problems()));
      response.setStatus(status(e));
      return editorWithForms(live, model);
    }
  }

  /** A whole quiz as a YAML file: checked like every save, problems reported with their line. */
  @PostMapping("/quiz/editor/upload")
  String upload(Scope scope, @RequestParam(required = false) MultipartFile file,
      @RequestParam(required = false) String note, Model model, HttpServletResponse response) throws IOException {
    QuizService.Live live = current();
    if (file == null || file.isEmpty()) {
      return pageWith(live, List.of(Problem.of("quiz.editor.error.noFile")), HttpServletResponse.SC_BAD_REQUEST,
          model, response);
    }
    if (file.getSize() > MAX_UPLOAD_BYTES) {
      return pageWith(live, List.of(Problem.of("quiz.editor.error.fileTooLarge", MAX_UPLOAD_BYTES / 1024)),
          HttpServletResponse.SC_BAD_REQUEST, model, response);
    }
    String yaml;
    try {
      yaml = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(file.getBytes())).toString();
    } catch (CharacterCodingException e) {
      return pageWith(live, List.of(Problem.of("quiz.editor.error.notUtf8")), HttpServletResponse.SC_BAD_REQUEST,
          model, response);
    }
    if (yaml.startsWith("\ufeff")) {
      yaml = yaml.substring(1); // a BOM from Windows editors
    }
    String name = file.getOriginalFilename() == null ? "" : file.getOriginalFilename();
    try {
      QuizContent.parse(yaml); // line numbers of the file itself, before anything is saved
      long saved = quiz.saveEdition(scope, yaml, note == null || note.isBlank()
          ? text("quiz.editor.note.uploaded", name) : note.strip()).id();
      return "redirect:/quiz/editor?saved=" + saved;
    } catch (InputRejected e) {
      model.addAttribute("uploadName", name);
      return pageWith(live, e.problems(), HttpServletResponse.SC_BAD_REQUEST, model, response);
    }
  }

  // ---- saving and problems

  /**
   * The live content as the database has it now (not a node's cached copy, which may be a few seconds old on
   * another node): the forms are made from it and a save is checked against it.
   */
  private QuizService.Live current() {
    return quiz.liveNow();
  }

  /** Saves content made from {@code live}: refused (409) if another edition was saved since it was read. */
  private long save(Scope scope, QuizService.Live live, QuizContent content, String note) {
    String yaml = QuizYamlWriter.write(content);
    return quiz.saveEditionOver(scope, live.editionId(), yaml, note).id();
  }

  private static int status(InputRejected e) {
    return e instanceof InputConflict ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST;
  }

  /** Whether the form was made from an edition other than the live one. */
  private static boolean stale(QuizService.Live live, MultiValueMap<String, String> form) {
    String base = first(form, "base");
    String current = live.editionId() == null ? "" : String.valueOf(live.editionId());
    return !base.equals(current);
  }

  /** The page again with the question's form as posted and what is wrong with it; nothing was saved. */
  private String again(QuizService.Live live, QuestionForm posted, List<Problem> problems, boolean stale, Model model,
      HttpServletResponse response) {
    QuestionForm shown = stale ? withMessages(posted, Map.of(), List.of(text("quiz.editor.error.stale")))
        : withProblems(posted, problems);
    List<QuestionForm> forms = new ArrayList<>();
    int n = 0;
    for (QuizContent.Question q : live.content().questions()) {
      n++;
      forms.add(q.id().equals(posted.originalId()) && !posted.isNew() ? withNumber(shown, n) : form(n, q));
    }
    model.addAttribute("forms", forms);
    model.addAttribute("newForm", posted.isNew() ? shown : blank("judge"));
    model.addAttribute("texts", texts(live.content()));
    model.addAttribute("failed", shown.messages());
    model.addAttribute("failedQuestion", posted.isNew() ? "new" : posted.originalId());
    response.setStatus(stale ? HttpServletResponse.SC_CONFLICT : HttpServletResponse.SC_BAD_REQUEST);
    return page(live, model);
  }

  /** The page with its live forms and problems at the top (upload, remove, move); nothing was saved. */
  private String pageWith(QuizService.Live live, List<Problem> problems, int status, Model model,
      HttpServletResponse response) {
    model.addAttribute("problems", problems);
    response.setStatus(status);
    return editorWithForms(live, model);
  }

  private String conflict(QuizService.Live live, Model model, HttpServletResponse response) {
    response.setStatus(HttpServletResponse.SC_CONFLICT);
    return editorWithForms(live, model);
  }

  private String editorWithForms(QuizService.Live live, Model model) {
    List<QuestionForm> forms = new ArrayList<>();
    int n = 0;
    for (QuizContent.Question q : live.content().questions()) {
      forms.add(form(++n, q));
    }
    model.addAttribute("forms", forms);
    return page(live, model);
  }

  private static final Pattern OPTION_TEXT = Pattern.compile(".*\\.options\\[(\\d+)][^.]*\\.text\\.(zh|en)$");
  private static final Pattern OPTION_FIELD = Pattern.compile(".*\\.options\\[(\\d+)][^.]*\\.(id|correct)$");
  private static final Pattern TEXT = Pattern.compile("(?:.*\\.)?(text|explanation|title|intro)\\.(zh|en)$");

  /**
   * The form field a problem of {@link QuizContent#parse} is about, from its field path ({@code police.text.en},
   * {@code police.options[2] yes.text.zh}, {@code questions[3].id}…): {@code textEn}, {@code option1zh}, {@code id}.
   */
  static String formField(String column) {
    if (column == null) {
      return "question";
    }
    if (column.equals("note")) {
      return "note";
    }
    Matcher m = OPTION_TEXT.matcher(column);
    if (m.matches()) {
      return "option" + (Integer.parseInt(m.group(1)) - 1) + m.group(2);
    }
    m = OPTION_FIELD.matcher(column);
    if (m.matches()) {
      return "option" + (Integer.parseInt(m.group(1)) - 1) + m.group(2);
    }
    if (column.contains(".options")) {
      return "options";
    }
    m = TEXT.matcher(column);
    if (m.matches()) {
      return m.group(1) + (m.group(2).equals("zh") ? "Zh" : "En");
    }
    if (column.endsWith(".kind")) {
      return "kind";
    }
    if (column.endsWith(".id") || !column.contains(".")) {
      return "id";
    }
    return "question";
  }

  /** The field's label in the reader's language: 题目（英文）, 第 2 个选项（中文）… */
  private String label(String field) {
    Matcher m = Pattern.compile("option(\\d+)(zh|en|id|correct)").matcher(field);
    if (m.matches()) {
      return text("quiz.editor.field.option." + m.group(2), Integer.parseInt(m.group(1)) + 1);
    }
    return text("quiz.editor.field." + field);
  }

  private String what(Problem p) {
    return messages.getMessage(p.messageKey(), p.args().toArray(), p.messageKey(), LocaleContextHolder.getLocale());
  }

  private QuestionForm withProblems(QuestionForm f, List<Problem> problems) {
    Map<String, String> errors = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    for (Problem p : problems) {
      String field = formField(p.column());
      String message = what(p);
      errors.putIfAbsent(field, message);
      lines.add(text("quiz.editor.problem", label(field), message));
    }
    return withMessages(f, errors, lines);
  }

  private TextsForm withProblems(TextsForm f, List<Problem> problems) {
    Map<String, String> errors = new LinkedHashMap<>();
    List<String> lines = new ArrayList<>();
    for (Problem p : problems) {
      String field = p.column() == null ? "texts" : formField(p.column());
      String message = what(p);
      errors.putIfAbsent(field, message);
      lines.add(p.column() == null ? message : text("quiz.editor.problem", label(field), message));
    }
    return new TextsForm(f.titleZh(), f.titleEn(), f.introZh(), f.introEn(), errors, lines);
  }

  private static QuestionForm withMessages(QuestionForm f, Map<String, String> errors, List<String> lines) {
    return new QuestionForm(f.number(), f.originalId(), f.id(), f.kind(), f.textZh(), f.textEn(), f.explanationZh(),
        f.explanationEn(), f.options(), errors, lines);
  }

  private static QuestionForm withNumber(QuestionForm f, int number) {
    return new QuestionForm(number, f.originalId(), f.id(), f.kind(), f.textZh(), f.textEn(), f.explanationZh(),
        f.explanationEn(), f.options(), f.errors(), f.messages());
  }

  // ---- forms ↔ content

  private static QuestionForm form(int number, QuizContent.Question q) {
    List<OptionRow> rows = new ArrayList<>();
    for (QuizContent.Option o : q.options()) {
      rows.add(new OptionRow(o.id(), o.text().getOrDefault("zh", ""), o.text().getOrDefault("en", ""), o.correct()));
    }
    if (!"judge".equals(q.kind())) {
      for (int i = 0; i < SPARE_OPTIONS; i++) {
        rows.add(new OptionRow("", "", "", false));
      }
    }
    return new QuestionForm(number, q.id(), q.id(), q.kind(), q.text().getOrDefault("zh", ""),
        q.text().getOrDefault("en", ""), q.explanation().getOrDefault("zh", ""), q.explanation().getOrDefault("en", ""),
        rows, Map.of(), List.of());
  }

  /** The empty form that adds a question: "is this a fraud?" with its two options, or a "which of these". */
  private QuestionForm blank(String kind) {
    // the options' texts in both languages whatever the editor's own language: from each language's bundle
    List<OptionRow> rows = new ArrayList<>();
    rows.add(new OptionRow("yes", inBoth("quiz.editor.default.yes", Locale.SIMPLIFIED_CHINESE),
        inBoth("quiz.editor.default.yes", Locale.ENGLISH), true));
    rows.add(new OptionRow("no", inBoth("quiz.editor.default.no", Locale.SIMPLIFIED_CHINESE),
        inBoth("quiz.editor.default.no", Locale.ENGLISH), false));
    for (int i = 0; i < SPARE_OPTIONS; i++) {
      rows.add(new OptionRow("", "", "", false));
    }
    return new QuestionForm(0, "", "", kind, "", "", "", "", rows, Map.of(), List.of());
  }

  /**
   * The question's form as posted: option rows are the parallel fields {@code optionId}, {@code optionZh},
   * {@code optionEn}; {@code correct} holds the 0-based numbers of the correct rows. Rows left wholly empty are
   * dropped (the spare rows); read from the raw values so a comma in a text never splits it.
   */
  private static QuestionForm posted(MultiValueMap<String, String> form, String originalId) {
    List<String> ids = all(form, "optionId");
    List<String> zh = all(form, "optionZh");
    List<String> en = all(form, "optionEn");
    List<String> correct = all(form, "correct");
    int rows = Math.min(QuizContent.MAX_OPTIONS + SPARE_OPTIONS, Math.max(ids.size(), Math.max(zh.size(), en.size())));
    List<OptionRow> options = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      String id = at(ids, i).strip();
      String z = at(zh, i).strip();
      String e = at(en, i).strip();
      if (id.isEmpty() && z.isEmpty() && e.isEmpty()) {
        continue;
      }
      options.add(new OptionRow(id, z, e, correct.contains(String.valueOf(i))));
    }
    String kind = first(form, "kind").strip();
    return new QuestionForm(0, originalId, first(form, "id").strip(), kind, first(form, "textZh").strip(),
        first(form, "textEn").strip(), first(form, "explanationZh").strip(), first(form, "explanationEn").strip(),
        options, Map.of(), List.of());
  }

  private static QuizContent.Question question(QuestionForm f) {
    List<QuizContent.Option> options = f.options().stream()
        .map(o -> new QuizContent.Option(o.id(), langs(o.zh(), o.en()), o.correct())).toList();
    return new QuizContent.Question(f.id(), f.kind(), langs(f.textZh(), f.textEn()), options,
        langs(f.explanationZh(), f.explanationEn()));
  }

  private static TextsForm texts(QuizContent c) {
    return new TextsForm(c.title().getOrDefault("zh", ""), c.title().getOrDefault("en", ""),
        c.intro().getOrDefault("zh", ""), c.intro().getOrDefault("en", ""), Map.of(), List.of());
  }

  private static Map<String, String> langs(String zh, String en) {
    return Map.of("zh", zh.strip(), "en", en.strip());
  }

  private static int indexOf(List<QuizContent.Question> questions, String id) {
    for (int i = 0; i < questions.size(); i++) {
      if (questions.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private String note(MultiValueMap<String, String> form, String key, Object... args) {
    String note = first(form, "note").strip();
    return note.isEmpty() ? text(key, args) : note;
  }

  private String inBoth(String key, Locale locale) {
    return messages.getMessage(key, null, key, locale);
  }

  private String text(String key, Object... args) {
    return messages.getMessage(key, args, key, LocaleContextHolder.getLocale());
  }

  private static String first(MultiValueMap<String, String> form, String name) {
    String v = form.getFirst(name);
    return v == null ? "" : v;
  }

  private static List<String> all(MultiValueMap<String, String> form, String name) {
    List<String> v = form.get(name);
    return v == null ? List.of() : v.stream().map(s -> Objects.requireNonNullElse(s, "")).toList();
  }

  private static String at(List<String> list, int i) {
    return i < list.size() ? list.get(i) : "";
  }
}
