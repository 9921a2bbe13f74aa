package org.sanlv.indicator;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads indicator definitions from YAML (JSON is valid YAML too): a list, or a map with key
 * {@code indicators} holding the list; each item has {@code name}, {@code label_zh}, {@code label_en}, one of
 * {@code proportion} or {@code mean}, and optionally {@code where}.
 *
 * <pre>
 * indicators:
 *   - name: safety
 *     label_zh: 总体安全感
 *     label_en: Overall safety
 *     proportion: ${q9} = '1' or ${q9} = '2'
 *   - name: elder_fraud_work
 *     label_zh: 养老诈骗整治工作评价
 *     label_en: Elder-fraud work rated good
 *     proportion: ${q13} = '1' or ${q13} = '2'
 *     where: ${q13} != '6'
 * </pre>
 */
public final class IndicatorFile {

  /** How a survey's definitions are named in their problems: 指标定义（YAML）. */
  static final Object SOURCE = Problem.term("indicators.definitions");

  private IndicatorFile() {}

  public static List<Indicator> read(Path file) {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, (Object) file.getFileName().toString());
    } catch (IOException e) {
      throw new InputRejected(Problem.of("estimation.error.unreadable", file.toString(), e.getMessage()));
    }
  }

  /**
   * Reads indicator definitions (YAML or JSON) from a reader; {@code fileName} names the source in errors (a file
   * name, or a {@link Problem#term} the reader sees in their language).
   */
  public static List<Indicator> read(Reader in, Object fileName) {
    Object root;
    try {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
      var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      throw new InputRejected(mark == null ? Problem.of("estimation.error.indicatorsUnreadable", fileName)
          : Problem.of("estimation.error.indicatorsYaml", fileName, mark.getLine() + 1, mark.getColumn() + 1));
    } catch (RuntimeException e) {
      throw new InputRejected(Problem.of("estimation.error.indicatorsUnreadable", fileName));
    }
    if (root instanceof Map<?, ?> m && m.get("indicators") != null) {
      root = m.get("indicators");
    }
    if (!(root instanceof List<?> items) || items.isEmpty()) {
      throw new InputRejected(Problem.of("estimation.error.indicatorsNotAList", fileName));
    }
    List<Indicator> out = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int number = 0;
    for (Object item : items) {
      number++;
      if (!(item instanceof Map<?, ?> m)) {
        problems.add(Problem.of("estimation.error.indicatorNotAMap", number));
        continue;
      }
      String name = text(m.get("name"));
      String label = name == null ? "#" + number : name;
      String proportion = text(m.get("proportion"));
      String mean = text(m.get("mean"));
      if (name == null || name.isBlank()) {
        problems.add(Problem.of("estimation.error.indicatorNoName", number));
      } else if (!names.add(name)) {
        problems.add(Problem.of("estimation.error.indicatorTwice", label));
      }
      if ((proportion == null) == (mean == null)) {
        problems.add(Problem.of("estimation.error.indicatorProportionOrMean", label));
        continue;
      }
      out.add(new Indicator(label, text(m.get("label_zh")), text(m.get("label_en")), proportion != null,
          proportion != null ? proportion : mean, text(m.get("where"))));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    return out;
  }

  /**
   * The definitions' text with one more indicator at the end. A file that is a list written in block style (as the
   * defaults and the form write) keeps its comments and layout and gains one item; any other form (JSON, a map
   * with {@code indicators}, an empty list) is written anew as a block list.
   */
  static String append(String text, Indicator added) {
    List<Indicator> before = text == null || text.isBlank() || text.strip().equals("[]") ? List.of()
        : read(new java.io.StringReader(text), SOURCE);
    List<Indicator> after = new ArrayList<>(before);
    after.add(added);
    if (!before.isEmpty()) {
      String appended = text.stripTrailing() + "\n" + yaml(List.of(added));
      try {
        if (read(new java.io.StringReader(appended), SOURCE).equals(after)) {
          return appended;
        }
      } catch (InputRejected e) {
        // not a block list: written anew below
      }
    }
    return yaml(after);
  }

  /** Indicators as the YAML this class reads: a block list, each item's keys in the documented order. */
  static String yaml(List<Indicator> indicators) {
    List<Map<String, Object>> items = new ArrayList<>();
    for (Indicator d : indicators) {
      Map<String, Object> item = new java.util.LinkedHashMap<>();
      item.put("name", d.name());
      item.put("label_zh", d.labelZh());
      item.put("label_en", d.labelEn());
      item.put(d.proportion() ? "proportion" : "mean", d.expression());
      if (d.where() != null) {
        item.put("where", d.where());
      }
      item.values().removeIf(java.util.Objects::isNull);
      items.add(item);
    }
    org.yaml.snakeyaml.DumperOptions options = new org.yaml.snakeyaml.DumperOptions();
    options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    options.setAllowUnicode(true);
    options.setWidth(1000);
    options.setIndicatorIndent(0);
    return new Yaml(options).dump(items);
  }

  private static String text(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
