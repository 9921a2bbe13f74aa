package org.sanlv.quiz;

import java.util.Map;

/**
 * Writes quiz content back as YAML in the format {@link QuizContent#parse} reads, for the editor: every scalar is
 * double-quoted (so {@code yes}, {@code no}, {@code true} and numbers stay text, and any character survives), one key
 * per line, so a parse problem's line number points at the field that is wrong. Comments of an uploaded file are
 * not kept: the editor's saves are regenerated from the content.
 */
final class QuizYamlWriter {

  private QuizYamlWriter() {}

  static String write(QuizContent content) {
    StringBuilder y = new StringBuilder();
    texts(y, "", "title", content.title());
    texts(y, "", "intro", content.intro());
    y.append("questions:\n");
    for (QuizContent.Question q : content.questions()) {
      y.append("  - id: ").append(quote(q.id())).append('\n');
      y.append("    kind: ").append(quote(q.kind())).append('\n');
      texts(y, "    ", "text", q.text());
      y.append("    options:\n");
      for (QuizContent.Option o : q.options()) {
        y.append("      - id: ").append(quote(o.id())).append('\n');
        texts(y, "        ", "text", o.text());
        y.append("        correct: ").append(o.correct()).append('\n');
      }
      texts(y, "    ", "explanation", q.explanation());
    }
    return y.toString();
  }

  private static void texts(StringBuilder y, String indent, String key, Map<String, String> texts) {
    y.append(indent).append(key).append(":\n");
    for (String lang : QuizContent.LANGUAGES) {
      y.append(indent).append("  ").append(lang).append(": ").append(quote(texts.getOrDefault(lang, ""))).append('\n');
    }
  }

  /** A YAML double-quoted scalar: backslash escapes for the quote, the backslash and every control character. */
  static String quote(String s) {
    StringBuilder q = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> q.append("\\\"");
        case '\\' -> q.append("\\\\");
        case '\n' -> q.append("\\n");
        case '\t' -> q.append("\\t");
        case '\r' -> q.append("\\r");
        default -> {
          // C0/C1 controls, DEL, and the BOM / line and paragraph separators YAML would read as breaks
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029' || c == '\ufeff') {
            q.append(String.format("\\u%04x", (int) c));
          } else {
            q.append(c);
          }
        }
      }
    }
    return q.append('"').toString();
  }
}
