package org.sanlv.quiz;

import static org.sanlv.platform.YamlDocument.line;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.YamlDocument;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The quiz as data: a title, an introduction and the questions, every text in Chinese and English. Read from YAML
 * by {@link #parse}, which reports every problem with its line and field (messages {@code quiz.content.*}).
 *
 * @param title by language ({@code zh}, {@code en})
 * @param intro by language
 * @param questions in the order they are asked
 */
public record QuizContent(Map<String, String> title, Map<String, String> intro, List<Question> questions) {

  /** The languages every text is written in. */
  public static final List<String> LANGUAGES = List.of("zh", "en");
  /** {@code judge}: "is this a fraud?" with options yes and no; {@code multiple}: "which of these are frauds?". */
  public static final List<String> KINDS = List.of("judge", "multiple");
  /** The longest YAML text read. */
  public static final int MAX_CHARS = 200_000;
  static final int MAX_TEXT = 2000;
  static final int MAX_QUESTIONS = 100;
  static final int MAX_OPTIONS = 12;
  private static final Pattern ID = Pattern.compile("[a-z0-9-]{1,40}");
  private static final YamlDocument.Keys YAML_KEYS = new YamlDocument.Keys("quiz.content.empty", "quiz.content.tooLong",
      "quiz.content.yaml", "quiz.content.notMap");

  /**
   * Words the quiz never says: it teaches about fraud and never mentions the assessment survey, polls or how to
   * answer them (the campaign's measurement guard, {@code NoAnswerCoachingTest}, holds the same list).
   */
  public static final List<String> FORBIDDEN_WORDS = List.of("调查", "测评", "问卷", "三率", "安全感", "满意度", "知晓率",
      "参与率", "回访", "电话访问");
  private static final Pattern FORBIDDEN_ENGLISH = Pattern.compile("(?i)\\b(surveys?|questionnaires?|assessments?|ratings?)\\b");

  public QuizContent {
    title = Map.copyOf(title);
    intro = Map.copyOf(intro);
    questions = List.copyOf(questions);
  }

  /** One question; {@code kind} one of {@link #KINDS}. */
  public record Question(String id, String kind, Map<String, String> text, List<Option> options,
      Map<String, String> explanation) {

    public Question {
      text = Map.copyOf(text);
      options = List.copyOf(options);
      explanation = Map.copyOf(explanation);
    }

    public Optional<Option> option(String optionId) {
      return options.stream().filter(o -> o.id().equals(optionId)).findFirst();
    }

    /** The ids of the correct options, in the question's order. */
    public List<String> correctOptions() {
      return options.stream().filter(Option::correct).map(Option::id).toList();
    }

    /** Whether {@code chosen} is exactly the set of correct options. */
    public boolean isCorrect(java.util.Collection<String> chosen) {
      return Set.copyOf(chosen).equals(Set.copyOf(correctOptions()));
    }
  }

  public record Option(String id, Map<String, String> text, boolean correct) {
    public Option {
      text = Map.copyOf(text);
    }
  }

  public Optional<Question> question(String id) {
    return questions.stream().filter(q -> q.id().equals(id)).findFirst();
  }

  /** The text in {@code locale}'s language: English for {@code en}, Chinese otherwise. */
  public static String in(Map<String, String> text, Locale locale) {
    return text.get(locale != null && "en".equals(locale.getLanguage()) ? "en" : "zh");
  }

  /**
   * Reads and checks a quiz.
   *
   * @throws InputRejected with every problem found, each with its line and field
   */
  public static QuizContent parse(String yaml) {
    MappingNode root = YamlDocument.map(yaml, MAX_CHARS, YAML_KEYS);
    Reader r = new Reader(YamlDocument.lastLine(yaml));
    QuizContent content = r.content(root);
    if (!r.problems.isEmpty()) {
      throw new InputRejected(r.problems);
    }
    return content;
  }

  /** Collects problems while reading, so one save reports all of them. */
  private static final class Reader {
    final List<Problem> problems = new ArrayList<>();
    final int lastLine;

    Reader(int lastLine) {
      this.lastLine = lastLine;
    }

    QuizContent content(MappingNode root) {
      Map<String, NodeTuple> e = entries(root, "", Set.of("title", "intro", "questions"));
      Map<String, String> title = texts(e.get("title"), "title", root);
      Map<String, String> intro = texts(e.get("intro"), "intro", root);
      List<Question> questions = new ArrayList<>();
      NodeTuple qs = e.get("questions");
      if (qs == null) {
        problems.add(Problem.at(lastLine, "questions", "quiz.content.missing", "questions"));
      } else if (!(qs.getValueNode() instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
        problems.add(Problem.at(line(qs.getValueNode()), "questions", "quiz.content.noQuestions"));
      } else {
        if (seq.getValue().size() > MAX_QUESTIONS) {
          problems.add(Problem.at(line(seq), "questions", "quiz.content.tooMany", MAX_QUESTIONS));
        }
        Set<String> ids = new HashSet<>();
        int n = 0;
        for (Node item : seq.getValue()) {
          n++;
          Question q = question(item, "questions[" + n + "]", ids);
          if (q != null) {
            questions.add(q);
          }
        }
      }
      return title == null || intro == null ? null : new QuizContent(title, intro, questions);
    }

    private Question question(Node node, String field, Set<String> ids) {
      if (!(node instanceof MappingNode map)) {
        problems.add(Problem.at(line(node), field, "quiz.content.notMapAt", field));
        return null;
      }
      Map<String, NodeTuple> e = entries(map, field + ".", Set.of("id", "kind", "text", "options", "explanation"));
      String id = id(e.get("id"), field + ".id", map);
      if (id != null) {
        field = id;
        if (!ids.add(id)) {
          problems.add(Problem.at(line(e.get("id").getValueNode()), id, "quiz.content.duplicateId", id));
        }
      }
      String kind = scalar(e.get("kind"), field + ".kind", map);
      if (kind != null && !KINDS.contains(kind)) {
        problems.add(Problem.at(line(e.get("kind").getValueNode()), field + ".kind", "quiz.content.kind", kind,
            String.join(", ", KINDS)));
        kind = null;
      }
      Map<String, String> text = texts(e.get("text"), field + ".text", map);
      Map<String, String> explanation = texts(e.get("explanation"), field + ".explanation", map);
      List<Option> options = new ArrayList<>();
      NodeTuple os = e.get("options");
      int optionsLine = os == null ? line(map) : line(os.getValueNode());
      if (os == null) {
        problems.add(Problem.at(line(map), field + ".options", "quiz.content.missing", field + ".options"));
      } else if (!(os.getValueNode() instanceof SequenceNode seq) || seq.getValue().size() < 2) {
        problems.add(Problem.at(optionsLine, field + ".options", "quiz.content.fewOptions", field));
      } else {
        if (seq.getValue().size() > MAX_OPTIONS) {
          problems.add(Problem.at(optionsLine, field + ".options", "quiz.content.manyOptions", field, MAX_OPTIONS));
        }
        Set<String> optionIds = new HashSet<>();
        int n = 0;
        for (Node item : seq.getValue()) {
          n++;
          Option o = option(item, field + ".options[" + n + "]");
          if (o != null) {
            if (!optionIds.add(o.id())) {
              problems.add(Problem.at(line(item), field + ".options", "quiz.content.duplicateOption", field, o.id()));
            }
            options.add(o);
          }
        }
        if (options.size() == seq.getValue().size()) {
          if (options.stream().noneMatch(Option::correct)) {
            problems.add(Problem.at(optionsLine, field + ".options", "quiz.content.noCorrect", field));
          }
          if ("judge".equals(kind) && (!optionIds.equals(Set.of("yes", "no")) || options.size() != 2)) {
            problems.add(Problem.at(optionsLine, field + ".options", "quiz.content.judgeOptions", field));
          } else if ("judge".equals(kind) && options.stream().filter(Option::correct).count() != 1) {
            problems.add(Problem.at(optionsLine, field + ".options", "quiz.content.judgeOneCorrect", field));
          }
        }
      }
      if (id == null || kind == null || text == null || explanation == null || options.isEmpty()) {
        return null;
      }
      return new Question(id, kind, text, options, explanation);
    }

    private Option option(Node node, String field) {
      if (!(node instanceof MappingNode map)) {
        problems.add(Problem.at(line(node), field, "quiz.content.notMapAt", field));
        return null;
      }
      Map<String, NodeTuple> e = entries(map, field + ".", Set.of("id", "text", "correct"));
      String id = id(e.get("id"), field + ".id", map);
      Map<String, String> text = texts(e.get("text"), (id == null ? field : field + " " + id) + ".text", map);
      String correct = scalar(e.get("correct"), field + ".correct", map);
      Boolean flag = null;
      if (correct != null) {
        flag = switch (correct.toLowerCase(Locale.ROOT)) {
          case "true" -> true;
          case "false" -> false;
          default -> null;
        };
        if (flag == null) {
          problems.add(Problem.at(line(e.get("correct").getValueNode()), field + ".correct", "quiz.content.trueFalse",
              correct));
        }
      }
      return id == null || text == null || flag == null ? null : new Option(id, text, flag);
    }

    private String id(NodeTuple t, String field, Node parent) {
      String id = scalar(t, field, parent);
      if (id != null && !ID.matcher(id).matches()) {
        problems.add(Problem.at(line(t.getValueNode()), field, "quiz.content.id", id));
        return null;
      }
      return id;
    }

    private String scalar(NodeTuple t, String field, Node parent) {
      if (t == null) {
        problems.add(Problem.at(line(parent), field, "quiz.content.missing", field));
        return null;
      }
      if (!(t.getValueNode() instanceof ScalarNode s) || s.getValue().isBlank()) {
        problems.add(Problem.at(line(t.getValueNode()), field, "quiz.content.notText", field));
        return null;
      }
      return s.getValue().strip();
    }

    /** A text in every language: {@code {zh: …, en: …}}; each checked for length and the words never said. */
    private Map<String, String> texts(NodeTuple t, String field, Node parent) {
      if (t == null) {
        problems.add(Problem.at(parent == null ? lastLine : line(parent), field, "quiz.content.missing", field));
        return null;
      }
      if (!(t.getValueNode() instanceof MappingNode map)) {
        problems.add(Problem.at(line(t.getValueNode()), field, "quiz.content.notLanguages", field));
        return null;
      }
      Map<String, NodeTuple> e = entries(map, field + ".", Set.copyOf(LANGUAGES));
      Map<String, String> texts = new LinkedHashMap<>();
      boolean ok = true;
      for (String lang : LANGUAGES) {
        NodeTuple l = e.get(lang);
        if (l == null || !(l.getValueNode() instanceof ScalarNode s) || s.getValue().isBlank()) {
          problems.add(Problem.at(l == null ? line(map) : line(l.getValueNode()), field + "." + lang,
              "quiz.content.noText", field, lang));
          ok = false;
          continue;
        }
        String text = s.getValue().strip();
        int at = line(s);
        if (text.length() > MAX_TEXT) {
          problems.add(Problem.at(at, field + "." + lang, "quiz.content.textTooLong", field, MAX_TEXT));
          ok = false;
        }
        String word = forbiddenWord(text);
        if (word != null) {
          problems.add(Problem.at(at, field + "." + lang, "quiz.content.forbidden", field, word));
          ok = false;
        }
        texts.put(lang, text);
      }
      return ok ? texts : null;
    }

    /** The entries of a mapping by key; unknown and repeated keys are problems. */
    private Map<String, NodeTuple> entries(MappingNode map, String prefix, Set<String> known) {
      Map<String, NodeTuple> entries = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "?";
        if (!known.contains(key)) {
          problems.add(Problem.at(line(t.getKeyNode()), prefix + key, "quiz.content.unknownKey", key,
              String.join(", ", known.stream().sorted().toList())));
        } else if (entries.putIfAbsent(key, t) != null) {
          problems.add(Problem.at(line(t.getKeyNode()), prefix + key, "quiz.content.twice", key));
        }
      }
      return entries;
    }
  }

  /** The first word of {@code text} the quiz never says, or null. */
  public static String forbiddenWord(String text) {
    for (String w : FORBIDDEN_WORDS) {
      if (text.contains(w)) {
        return w;
      }
    }
    var m = FORBIDDEN_ENGLISH.matcher(text);
    return m.find() ? m.group() : null;
  }
}
