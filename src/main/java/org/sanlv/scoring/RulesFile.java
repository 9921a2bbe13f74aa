package org.sanlv.scoring;

import static org.sanlv.platform.YamlDocument.line;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.YamlDocument;
import org.sanlv.results.ResultsService;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * The rules file: YAML as the province writes it (seed 1's rules):
 *
 * <pre>
 * year: 2022
 * average: pooled            # pooled | county-mean
 * fraction: proportional     # proportional | whole-points
 * min_n: 30                  # fewer responses: "too few to rank", no rank, no deduction
 * sources: {bureau: 0.5, third_party: 0.5}
 * points_per_point: {safety: 2, participation: 0.5, awareness: 0.5}
 * caps: {safety: 10}         # optional: at most that many points per indicator and source
 * </pre>
 *
 * {@code year}, {@code sources} and {@code points_per_point} are required; {@code average} defaults to pooled,
 * {@code fraction} to proportional, {@code min_n} to 30. Every problem names its line and key.
 */
public final class RulesFile {

  /** The longest rules text read (a rules file is a few lines). */
  public static final int MAX_CHARS = 20_000;

  static final int DEFAULT_MIN_N = 30;

  private static final Set<String> KEYS = Set.of("year", "average", "fraction", "min_n", "sources",
      "points_per_point", "caps");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
  private static final YamlDocument.Keys YAML_KEYS = new YamlDocument.Keys("scoring.rules.empty",
      "scoring.rules.tooLong", "scoring.rules.yaml", "scoring.rules.notMap");

  private RulesFile() {}

  /** The sources a rule may weigh: those of the results module (bureau, third_party, online). */
  public static Set<String> knownSources() {
    return Set.copyOf(new HashSet<>(ResultsService.SOURCE_OF_MODE.values()));
  }

  /**
   * Parses and checks the rules.
   *
   * @throws InputRejected with every problem found, each with its line and key (messages {@code scoring.rules.*})
   */
  public static Rules parse(String yaml) {
    MappingNode map = YamlDocument.map(yaml, MAX_CHARS, YAML_KEYS);
    List<Problem> problems = new ArrayList<>();
    Map<String, NodeTuple> entries = new LinkedHashMap<>();
    for (NodeTuple t : map.getValue()) {
      String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (key == null || !KEYS.contains(key)) {
        problems.add(Problem.at(line(t.getKeyNode()), key == null ? "?" : key, "scoring.rules.unknownKey",
            key == null ? "?" : key, String.join(", ", List.of("year", "average", "fraction", "min_n", "sources",
                "points_per_point", "caps"))));
      } else if (entries.putIfAbsent(key, t) != null) {
        problems.add(Problem.at(line(t.getKeyNode()), key, "scoring.rules.twice", key));
      }
    }
    // a missing key is reported at the file's last line: where it would be added
    int lastLine = YamlDocument.lastLine(yaml);
    Integer year = null;
    NodeTuple y = entries.get("year");
    if (y == null) {
      problems.add(Problem.at(1, "year", "scoring.rules.missing", "year"));
    } else {
      Double v = number(y, "year", problems);
      if (v != null) {
        if (v != Math.rint(v) || v < 2000 || v > 2100) {
          problems.add(Problem.at(line(y.getValueNode()), "year", "scoring.rules.year", text(y.getValueNode())));
        } else {
          year = v.intValue();
        }
      }
    }
    Average average = Average.POOLED;
    NodeTuple a = entries.get("average");
    if (a != null) {
      String v = scalar(a, "average", problems);
      if ("pooled".equals(v)) {
        average = Average.POOLED;
      } else if ("county-mean".equals(v)) {
        average = Average.COUNTY_MEAN;
      } else if (v != null) {
        problems.add(Problem.at(line(a.getValueNode()), "average", "scoring.rules.oneOf", "average", v,
            "pooled, county-mean"));
      }
    }
    Fraction fraction = Fraction.PROPORTIONAL;
    NodeTuple f = entries.get("fraction");
    if (f != null) {
      String v = scalar(f, "fraction", problems);
      if ("proportional".equals(v)) {
        fraction = Fraction.PROPORTIONAL;
      } else if ("whole-points".equals(v)) {
        fraction = Fraction.WHOLE_POINTS;
      } else if (v != null) {
        problems.add(Problem.at(line(f.getValueNode()), "fraction", "scoring.rules.oneOf", "fraction", v,
            "proportional, whole-points"));
      }
    }
    int minN = DEFAULT_MIN_N;
    NodeTuple m = entries.get("min_n");
    if (m != null) {
      Double v = number(m, "min_n", problems);
      if (v != null) {
        if (v != Math.rint(v) || v < 1 || v > 1_000_000) {
          problems.add(Problem.at(line(m.getValueNode()), "min_n", "scoring.rules.minN", text(m.getValueNode())));
        } else {
          minN = v.intValue();
        }
      }
    }
    Map<String, Double> sources = new LinkedHashMap<>();
    NodeTuple s = entries.get("sources");
    if (s == null) {
      problems.add(Problem.at(lastLine, "sources", "scoring.rules.missing", "sources"));
    } else {
      sources = weights(s, "sources", problems, false);
      Set<String> known = knownSources();
      for (NodeTuple t : ((MappingNode) (s.getValueNode() instanceof MappingNode mm ? mm : emptyMap())).getValue()) {
        String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
        if (name != null && NAME.matcher(name).matches() && !known.contains(name)) {
          problems.add(Problem.at(line(t.getKeyNode()), "sources", "scoring.rules.unknownSource", name,
              String.join(", ", new java.util.TreeSet<>(known))));
        }
      }
      if (s.getValueNode() instanceof MappingNode && !sources.isEmpty()
          && sources.values().stream().noneMatch(w -> w > 0)) {
        problems.add(Problem.at(line(s.getValueNode()), "sources", "scoring.rules.noWeight"));
      }
    }
    Map<String, Double> points = new LinkedHashMap<>();
    NodeTuple p = entries.get("points_per_point");
    if (p == null) {
      problems.add(Problem.at(lastLine, "points_per_point", "scoring.rules.missing", "points_per_point"));
    } else {
      points = weights(p, "points_per_point", problems, false);
    }
    Map<String, Double> caps = new LinkedHashMap<>();
    NodeTuple c = entries.get("caps");
    if (c != null && !(c.getValueNode() instanceof ScalarNode sc && isNull(sc))) {
      caps = weights(c, "caps", problems, true);
      if (c.getValueNode() instanceof MappingNode cm) {
        for (NodeTuple t : cm.getValue()) {
          String name = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : null;
          if (name != null && caps.containsKey(name) && p != null && !points.containsKey(name)
              && NAME.matcher(name).matches()) {
            problems.add(Problem.at(line(t.getKeyNode()), "caps", "scoring.rules.capNotScored", name));
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      problems.sort(java.util.Comparator.comparingInt(Problem::line));
      throw new InputRejected(problems);
    }
    return new Rules(year, average, fraction, minN, sources, points, caps);
  }

  /** The rules written back as the file's YAML (for rules stored without their text). */
  public static String yaml(Rules rules) {
    StringBuilder out = new StringBuilder();
    out.append("year: ").append(rules.year()).append('\n');
    out.append("average: ").append(rules.average().word()).append('\n');
    out.append("fraction: ").append(rules.fraction().word()).append('\n');
    out.append("min_n: ").append(rules.minN()).append('\n');
    out.append("sources: ").append(flow(rules.sources())).append('\n');
    out.append("points_per_point: ").append(flow(rules.pointsPerPoint())).append('\n');
    if (!rules.caps().isEmpty()) {
      out.append("caps: ").append(flow(rules.caps())).append('\n');
    }
    return out.toString();
  }

  private static String flow(Map<String, Double> map) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Double> e : map.entrySet()) {
      out.append(out.length() > 1 ? ", " : "").append(e.getKey()).append(": ");
      double v = e.getValue();
      out.append(v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v));
    }
    return out.append('}').toString();
  }

  /** A mapping of names to non-negative numbers (positive for caps); empty when the value is not a mapping. */
  private static Map<String, Double> weights(NodeTuple t, String key, List<Problem> problems, boolean positive) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (!(t.getValueNode() instanceof MappingNode map) || map.getValue().isEmpty()) {
      problems.add(Problem.at(line(t.getValueNode()), key, "scoring.rules.notNameMap", key));
      return out;
    }
    for (NodeTuple e : map.getValue()) {
      String name = e.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
      if (name == null || !NAME.matcher(name).matches()) {
        problems.add(Problem.at(line(e.getKeyNode()), key, "scoring.rules.badName", key,
            name == null ? "?" : name));
        continue;
      }
      if (out.containsKey(name)) {
        problems.add(Problem.at(line(e.getKeyNode()), key, "scoring.rules.twice", key + "." + name));
        continue;
      }
      Double v = e.getValueNode() instanceof ScalarNode s ? parseNumber(s.getValue()) : null;
      if (v == null || v < 0 || (positive && v == 0) || v > 1000) {
        problems.add(Problem.at(line(e.getValueNode()), key, "scoring.rules.badNumber", key + "." + name,
            text(e.getValueNode())));
        continue;
      }
      out.put(name, v);
    }
    return out;
  }

  private static Double number(NodeTuple t, String key, List<Problem> problems) {
    String v = scalar(t, key, problems);
    if (v == null) {
      return null;
    }
    Double d = parseNumber(v);
    if (d == null) {
      problems.add(Problem.at(line(t.getValueNode()), key, "scoring.rules.notNumber", key, v));
    }
    return d;
  }

  private static String scalar(NodeTuple t, String key, List<Problem> problems) {
    if (t.getValueNode() instanceof ScalarNode s && !isNull(s)) {
      return s.getValue().trim();
    }
    problems.add(Problem.at(line(t.getValueNode()), key, "scoring.rules.notValue", key));
    return null;
  }

  private static boolean isNull(ScalarNode s) {
    String v = s.getValue();
    return s.getTag().getValue().endsWith(":null") || v.isEmpty() || v.equals("~") || v.equals("null");
  }

  private static Double parseNumber(String v) {
    try {
      double d = Double.parseDouble(v.trim());
      return Double.isFinite(d) && !v.trim().matches(".*[a-zA-Z].*") ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String text(Node n) {
    return n instanceof ScalarNode s ? s.getValue() : n instanceof MappingNode ? "{…}" : "[…]";
  }

  private static MappingNode emptyMap() {
    return new MappingNode(org.yaml.snakeyaml.nodes.Tag.MAP, List.of(), org.yaml.snakeyaml.DumperOptions.FlowStyle.AUTO);
  }
}
