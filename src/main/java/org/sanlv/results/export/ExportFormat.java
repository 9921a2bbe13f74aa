package org.sanlv.results.export;

/** The formats analysts receive, with the usual file extension of each. */
public enum ExportFormat {
  /** RFC 4180 CSV, UTF-8 (optionally with a byte-order mark for Excel). */
  CSV("csv"),
  /** Office Open XML workbook: sheet "data" (continued in "data_2"… past Excel's row limit) and "codebook". */
  XLSX("xlsx"),
  /** Stata 14+ dataset, format 118, UTF-8. */
  STATA("dta"),
  /** SPSS system file, UTF-8, bytecode-compressed by default. */
  SPSS("sav"),
  /** The codebook alone, as CSV: variable, label, type, values. */
  CODEBOOK("codebook.csv");

  private final String extension;

  ExportFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }
}
