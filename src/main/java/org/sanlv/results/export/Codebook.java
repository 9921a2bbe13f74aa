package org.sanlv.results.export;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The codebook's lines, shared by the CSV codebook and the XLSX "codebook" sheet. */
final class Codebook {

  static final String[] HEADER = {"variable", "label", "type", "values"};

  private Codebook() {}

  static List<String[]> lines(Dataset dataset) {
    List<String[]> lines = new ArrayList<>();
    for (Variable v : dataset.variables()) {
      String type =
          v.isNumeric()
              ? (v.decimals() < 0 ? "numeric" : "numeric(" + v.decimals() + ")")
              : "string(" + v.width() + ")";
      String values =
          v.valueLabels().entrySet().stream()
              .map(e -> Cells.format(e.getKey()) + "=" + e.getValue())
              .collect(Collectors.joining("; "));
      lines.add(new String[] {v.name(), v.label(), type, values});
    }
    return lines;
  }
}
