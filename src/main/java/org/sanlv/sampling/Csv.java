package org.sanlv.sampling;

/** Quoting of CSV cells (RFC 4180) for the sample files. */
final class Csv {

  private Csv() {}

  static String quote(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
