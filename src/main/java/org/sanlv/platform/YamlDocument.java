package org.sanlv.platform;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * A YAML text that users type (the quiz, the scoring rules) read as nodes that remember their line, so that every
 * problem can name the line a user sees in their editor. Duplicate keys are kept for the reader to report with
 * their line; aliases are limited.
 */
public final class YamlDocument {

  /**
   * The message keys of the problems found before the content is read: blank text, text over the limit (argument:
   * the limit), text that is not YAML (arguments: line, column), YAML that is not a map.
   */
  public record Keys(String empty, String tooLong, String syntax, String notMap) {}

  private YamlDocument() {}

  /**
   * The top-level map of {@code yaml}.
   *
   * @throws InputRejected with one problem (of {@code keys}) when the text is blank, longer than {@code maxChars},
   *     not YAML or not a map
   */
  public static MappingNode map(String yaml, int maxChars, Keys keys) {
    if (yaml == null || yaml.isBlank()) {
      throw new InputRejected(Problem.at(1, null, keys.empty()));
    }
    if (yaml.length() > maxChars) {
      throw new InputRejected(Problem.at(1, null, keys.tooLong(), maxChars));
    }
    Node root;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(true); // reported by the reader with their line
      options.setMaxAliasesForCollections(10);
      root = new Yaml(options).compose(new StringReader(yaml));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      int line = mark == null ? 1 : mark.getLine() + 1;
      int column = mark == null ? 1 : mark.getColumn() + 1;
      throw new InputRejected(Problem.at(line, null, keys.syntax(), line, column));
    } catch (RuntimeException e) {
      throw new InputRejected(Problem.at(1, null, keys.notMap()));
    }
    if (!(root instanceof MappingNode map)) {
      throw new InputRejected(Problem.at(root == null ? 1 : line(root), null, keys.notMap()));
    }
    return map;
  }

  /** The 1-based line where {@code node} starts; 1 when unknown. */
  public static int line(Node node) {
    return node == null || node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
  }

  /** The text's last non-blank line: where a missing key is reported, as that is where it would be added. */
  public static int lastLine(String yaml) {
    return Math.max(1, (int) yaml.stripTrailing().lines().count());
  }
}
