package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every string goes through the bundles: zh and en have the same keys, and templates hold no literal text. */
class MessageBundlesTest {

  private static final Path TEMPLATES = Path.of("src/main/resources/templates");
  // Text allowed in templates: each language's own name in the switch, and typographic glyphs.
  private static final Set<String> ALLOWED = Set.of("中文", "English", "|", "›", "▸", "—");

  private static Properties load(String name) throws IOException {
    Properties p = new Properties();
    try (var in = new InputStreamReader(Files.newInputStream(Path.of("src/main/resources", name)), StandardCharsets.UTF_8)) {
      p.load(in);
    }
    return p;
  }

  /** The bundles' base names, as in spring.messages.basename: one shared, and one per module that wants its own. */
  static final List<String> BASENAMES = List.of("messages", "fieldwork-messages");

  private static Properties all(String suffix) throws IOException {
    Properties all = new Properties();
    for (String base : BASENAMES) {
      if (Files.exists(Path.of("src/main/resources", base + suffix + ".properties"))) {
        all.putAll(load(base + suffix + ".properties"));
      }
    }
    return all;
  }

  @Test
  void chineseAndEnglishBundlesHaveTheSameKeys() throws IOException {
    Properties zh = all("");
    Properties en = all("_en");
    assertThat(en.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(zh.stringPropertyNames());
  }

  @Test
  void everyMessageKeyUsedInATemplateExists() throws IOException {
    Properties zh = all("");
    Pattern key = Pattern.compile("#\\{([a-zA-Z0-9_.]+)[}(]");
    List<String> missing = new ArrayList<>();
    for (Path template : templates()) {
      Matcher m = key.matcher(Files.readString(template));
      while (m.find()) {
        if (!zh.containsKey(m.group(1))) {
          missing.add(template + ": " + m.group(1));
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void keysBuiltAtRuntimeExist() throws IOException {
    Properties zh = all("");
    List<String> missing = new ArrayList<>();
    org.sanlv.survey.SurveyFormKeys.all().forEach(k -> {
      if (!zh.containsKey(k)) {
        missing.add(k);
      }
    });
    for (var role : org.sanlv.org.Role.values()) {
      if (!zh.containsKey("role." + role)) {
        missing.add("role." + role);
      }
    }
    for (var level : org.sanlv.org.OrgLevel.values()) {
      if (!zh.containsKey("level." + level)) {
        missing.add("level." + level);
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void templatesHoldNoLiteralText() throws IOException {
    // Text between tags is literal unless the opening tag replaces it (th:text / th:utext).
    Pattern textNode = Pattern.compile("<(\\w+)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>([^<]+)<");
    List<String> literals = new ArrayList<>();
    for (Path template : templates()) {
      Matcher m = textNode.matcher(Files.readString(template));
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
    }
    assertThat(literals).isEmpty();
  }

  private static List<Path> templates() throws IOException {
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      return files.filter(f -> f.toString().endsWith(".html")).toList();
    }
  }
}
