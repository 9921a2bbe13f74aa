package org.sanlv.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Templates hold no script: no inline {@code <script>} body, no {@code on…=} handler attribute (plain or
 * {@code th:on…}, or inside {@code th:attr}), no {@code hx-on}, no {@code javascript:} link. Behaviour lives in
 * {@code static/js/} and is bound by event delegation, so a Content-Security-Policy without {@code 'unsafe-inline'}
 * holds on every page.
 */
class NoInlineScriptTest {

  private static final Path TEMPLATES = Path.of("src/main/resources/templates");
  private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>");
  private static final Pattern HANDLER = Pattern.compile("\\s(?:th:|data-th-)?on[a-z]+\\s*=|hx-on|javascript:",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern ATTR_HANDLER = Pattern.compile("th:attr\\s*=\\s*\"[^\"]*\\bon[a-z]+\\s*=",
      Pattern.CASE_INSENSITIVE);

  @Test
  void noTemplateHoldsAnInlineScriptOrHandler() throws IOException {
    List<String> found = new ArrayList<>();
    try (Stream<Path> files = Files.walk(TEMPLATES)) {
      for (Path template : files.filter(p -> p.toString().endsWith(".html")).toList()) {
        String html = Files.readString(template);
        for (Pattern p : List.of(INLINE_SCRIPT, HANDLER, ATTR_HANDLER)) {
          Matcher m = p.matcher(html);
          while (m.find()) {
            found.add(TEMPLATES.relativize(template) + ": " + m.group().strip());
          }
        }
      }
    }
    assertThat(found).isEmpty();
  }

  @Test
  void theTreeToggleIsBoundFromTheScriptFile() throws IOException {
    String script = Files.readString(Path.of("src/main/resources/static/js/sanlv.js"));
    assertThat(script).contains("document.addEventListener('click'").contains("button.toggle[data-children]");
    assertThat(Files.readString(TEMPLATES.resolve("org/_children.html"))).contains("data-children=");
  }
}
