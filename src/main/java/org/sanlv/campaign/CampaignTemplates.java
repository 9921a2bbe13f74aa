package org.sanlv.campaign;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The built-in campaign templates, data files {@code classpath:campaign/*.yaml} (zh with en): tasks (appendix 5 of
 * seed 1 in {@code shangyu-2022}) and the publicity checklist (appendix 6). Dates are month-days of the campaign's
 * year. Read once at start.
 */
@Component
class CampaignTemplates {

  /** A template as read: its tasks and its checklist, both as task lines. */
  record Template(String id, String nameZh, String nameEn, MonthDay starts, MonthDay ends, List<Line> lines) {}

  /**
   * One task of a template, for one group of responsible units.
   *
   * @param section {@code task} or {@code checklist}
   * @param responsible the names as the template writes them (see the template's header for the special names)
   */
  record Line(String section, int seq, String placeZh, String placeEn, String titleZh, String titleEn,
      String requirementZh, String requirementEn, List<String> responsible, String recurrence, MonthDay from,
      MonthDay due) {

    LocalDate fromIn(int year) {
      return from.atYear(year);
    }

    LocalDate dueIn(int year) {
      return due.atYear(year);
    }
  }

  private final Map<String, Template> templates = new LinkedHashMap<>();
  /** The raw text of every template, for the measurement guard. */
  private final Map<String, String> texts = new LinkedHashMap<>();

  CampaignTemplates() {
    try {
      Resource[] resources = new PathMatchingResourcePatternResolver().getResources("classpath*:campaign/*.yaml");
      for (Resource r : resources) {
        try (InputStream in = r.getInputStream()) {
          String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          Template t = parse(text);
          templates.put(t.id(), t);
          texts.put(t.id(), text);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Template> all() {
    return List.copyOf(templates.values());
  }

  java.util.Optional<Template> byId(String id) {
    return java.util.Optional.ofNullable(id == null ? null : templates.get(id));
  }

  /** Reads a template from its YAML text; throws IllegalArgumentException on a malformed one. */
  @SuppressWarnings("unchecked")
  static Template parse(String yaml) {
    Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
    Map<String, Object> name = (Map<String, Object>) root.get("name");
    MonthDay starts = monthDay(root.get("starts"));
    MonthDay ends = monthDay(root.get("ends"));
    List<Line> lines = new ArrayList<>();
    for (Map<String, Object> t : (List<Map<String, Object>>) root.getOrDefault("tasks", List.of())) {
      Map<String, Object> title = (Map<String, Object>) t.get("title");
      Map<String, Object> req = (Map<String, Object>) t.get("requirement");
      lines.add(new Line("task", ((Number) t.get("seq")).intValue(), null, null, str(title, "zh"), str(title, "en"),
          str(req, "zh"), str(req, "en"), (List<String>) t.get("responsible"), (String) t.get("recurrence"),
          monthDay(t.get("from")), monthDay(t.get("due"))));
    }
    for (Map<String, Object> c : (List<Map<String, Object>>) root.getOrDefault("checklist", List.of())) {
      Map<String, Object> place = (Map<String, Object>) c.get("place");
      int no = ((Number) c.get("seq")).intValue();
      int item = 0;
      for (Map<String, Object> i : (List<Map<String, Object>>) c.get("items")) {
        item++;
        // the checklist's items run from the campaign's start to its end, ticked once with evidence
        lines.add(new Line("checklist", no * 100 + item, str(place, "zh"), str(place, "en"), str(i, "zh"),
            str(i, "en"), str(i, "zh"), str(i, "en"), (List<String>) c.get("responsible"), "once", starts, ends));
      }
    }
    return new Template((String) root.get("id"), str(name, "zh"), str(name, "en"), starts, ends, List.copyOf(lines));
  }

  Map<String, String> texts() {
    return Map.copyOf(texts);
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m == null ? null : m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("template: missing " + key);
    }
    return v.toString();
  }

  private static MonthDay monthDay(Object value) {
    return MonthDay.parse("--" + value);
  }
}
