package org.sanlv.estimation;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import org.sanlv.platform.Problem;

/**
 * English text of the estimation module's message keys, for the command line (the web layer uses the
 * bundles, which hold the same keys in zh and en).
 */
final class EstimationMessages {

  static final Map<String, String> EN = Map.ofEntries(
      Map.entry("estimation.error.noData", "{0} has no respondents"),
      Map.entry("estimation.error.unreadable", "cannot read {0}: {1}"),
      Map.entry("estimation.error.unclosedQuote", "a quoted cell is not closed"),
      Map.entry("estimation.error.missingColumn", "column {0} is missing from {1}"),
      Map.entry("estimation.error.notNumber", "\"{0}\" in column {1} is not a number"),
      Map.entry("estimation.error.negative", "\"{0}\" in column {1} is negative"),
      Map.entry("estimation.error.blankCell", "column {0} is blank"),
      Map.entry("estimation.error.emptyStratum", "stratum {0} has no respondent with a positive weight"),
      Map.entry("estimation.error.lonelyPsu",
          "stratum {0} has only one PSU, so its variance cannot be estimated (choose --lonely-psu)"),
      Map.entry("estimation.error.fpcNotConstant", "the finite population correction differs within stratum {0}"),
      Map.entry("estimation.error.fpcTooSmall", "stratum {0}: the population has {1} PSUs but the sample has {2}"),
      Map.entry("estimation.error.cellWithoutPopulation", "post-stratum cell {0} has respondents but no population"),
      Map.entry("estimation.error.cellWithoutRespondents",
          "post-stratum cell {0} has a population of {1} but no respondents"),
      Map.entry("estimation.error.badPopulation", "population \"{1}\" of cell {0} is not a positive number"),
      Map.entry("estimation.error.duplicateCell", "cell {0} appears twice"),
      Map.entry("estimation.error.marginTotalsDiffer",
          "margins {0} and {1} have different population totals ({2} and {3}), so they cannot be raked"),
      Map.entry("estimation.error.rakeNotConverged",
          "raking did not converge after {0} rounds (largest change {1}); raise --rake-maxit or check the margins"),
      Map.entry("estimation.error.badIndicatorFile", "{0} is not an indicator file: {1}"),
      Map.entry("estimation.error.badIndicator", "indicator {0} {1}"),
      Map.entry("estimation.error.badExpression", "indicator {0}: {1} {2}"),
      Map.entry("estimation.error.indicatorsNotAList", "{0} is not an indicator file: no list of indicators"),
      Map.entry("estimation.error.indicatorsYaml", "{0} is not valid YAML: see line {1}, column {2}"),
      Map.entry("estimation.error.indicatorsUnreadable", "{0} is not valid YAML"),
      Map.entry("estimation.error.indicatorNotAMap", "indicator #{0} is not a map of names and values"),
      Map.entry("estimation.error.indicatorNoName", "indicator #{0} has no name"),
      Map.entry("estimation.error.indicatorTwice", "indicator {0} is defined twice"),
      Map.entry("estimation.error.indicatorProportionOrMean", "indicator {0} needs exactly one of proportion or mean"));

  private EstimationMessages() {}

  /** The problem in English, with its line and column. */
  static String english(Problem p) {
    String pattern = EN.getOrDefault(p.messageKey(), p.messageKey() + " {0} {1} {2}");
    String text = new MessageFormat(pattern.replace("'", "''"), Locale.ROOT).format(p.args().toArray());
    StringBuilder where = new StringBuilder();
    if (p.line() > 0) {
      where.append("line ").append(p.line());
    }
    if (p.column() != null) {
      where.append(where.isEmpty() ? "" : ", ").append("column ").append(p.column());
    }
    return (where.isEmpty() ? "" : where + ": ") + text + " [" + p.messageKey() + "]";
  }
}
