package org.sanlv.instrument;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compiled instrument as plain maps and lists for JSON, so that a browser runs the same flow offline
 * ({@code static/js/capi/engine.js}). It carries what the Java compiler decided (rows in slot order with their
 * group and terminating note, the or_other follow-ups, which expressions are in force, the evaluation order) and
 * the expressions as source text, which the client parses with its port of {@code expr/Parser}. The server stays
 * the authority: it re-validates every synced interview with {@link InterviewFlow}.
 */
public final class ClientForm {
  /** Bumped when the shape of the JSON changes, so a cached copy of an older shape is not trusted. */
  public static final int FORMAT = 1;

  private ClientForm() {
  }

  /** The flow as JSON-ready maps: {@code {format, formId, version, title, defaultLanguage, languages, rows, order}}. */
  public static Map<String, Object> of(InterviewFlow flow) {
    Instrument form = flow.instrument();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", FORMAT);
    out.put("formId", form.id());
    out.put("version", form.version());
    out.put("title", form.title());
    out.put("defaultLanguage", form.defaultLanguage());
    List<Map<String, String>> languages = new ArrayList<>();
    for (Language l : form.languages()) {
      languages.add(Map.of("code", l.code(), "name", l.name()));
    }
    out.put("languages", languages);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Node n : flow.nodes()) {
      rows.add(row(form, n));
    }
    out.put("rows", rows);
    out.put("order", Arrays.stream(flow.order()).boxed().toList());
    return out;
  }

  private static Map<String, Object> row(Instrument form, Node n) {
    Question q = n.question;
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", n.name);
    r.put("type", n.type.xlsForm());
    r.put("parent", n.parent);
    r.put("terminator", n.terminator);
    r.put("synthetic", n.synthetic);
    r.put("terminates", n.type != QuestionType.END_GROUP && n.terminates());
    r.put("label", q.label());
    r.put("hint", q.hint());
    r.put("appearance", q.appearance());
    // only the expressions the compiler put in force (an empty cell has none)
    r.put("relevant", n.relevant == null ? null : q.relevant());
    r.put("calculation", n.calculation == null ? null : q.calculation());
    r.put("constraint", n.constraint == null ? null : q.constraint());
    r.put("constraintMessage", q.constraintMessage());
    r.put("requiredAlways", n.requiredAlways);
    r.put("requiredIf", n.requiredIf == null ? null : q.required().strip());
    r.put("requiredMessage", q.requiredMessage());
    r.put("choiceFilter", n.choiceFilter == null ? null : q.choiceFilter());
    if (n.type.select()) {
      r.put("listName", q.listName());
      List<String> columns = form.choiceList(q.listName()).map(ClientForm::columnNames).orElse(List.of());
      r.put("choiceColumns", columns);
      List<Map<String, Object>> choices = new ArrayList<>();
      for (int c = 0; c < n.choices.size(); c++) {
        Choice choice = n.choices.get(c);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", choice.name());
        m.put("label", choice.label());
        m.put("columns", Arrays.asList(n.choiceColumns[c]));
        choices.add(m);
      }
      r.put("choices", choices);
    }
    return r;
  }

  /** The choice columns a choice_filter may name, in the order the compiler numbered them. */
  private static List<String> columnNames(ChoiceList list) {
    Set<String> cols = new LinkedHashSet<>();
    list.choices().forEach(c -> cols.addAll(c.columns().keySet()));
    return List.copyOf(cols);
  }
}
