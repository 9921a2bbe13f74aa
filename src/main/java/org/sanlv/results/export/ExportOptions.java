package org.sanlv.results.export;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * How to write: immutable, start from {@link #withDefaults()} and change with the {@code with…} methods.
 *
 * @param createdAt the creation time written into .dta and .sav headers; fix it to get the same bytes twice
 * @param zone the zone in which {@code createdAt} is shown (default Asia/Shanghai)
 * @param byteOrderMark whether CSV starts with a UTF-8 byte-order mark (Excel needs it to read Chinese)
 * @param compressSav whether .sav data are bytecode-compressed ("$FL2" with compression 1)
 * @param xlsxRowWindow rows SXSSF keeps in memory before flushing to its temporary file
 */
public record ExportOptions(
    Instant createdAt, ZoneId zone, boolean byteOrderMark, boolean compressSav, int xlsxRowWindow) {

  public ExportOptions {
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(zone, "zone");
    if (xlsxRowWindow < 1) {
      throw new IllegalArgumentException("xlsxRowWindow " + xlsxRowWindow + " is not positive");
    }
  }

  /** Now, Asia/Shanghai, no byte-order mark, compressed .sav, a window of 200 rows. */
  public static ExportOptions withDefaults() {
    return new ExportOptions(Instant.now(), ZoneId.of("Asia/Shanghai"), false, true, 200);
  }

  public ExportOptions withCreatedAt(Instant value) {
    return new ExportOptions(value, zone, byteOrderMark, compressSav, xlsxRowWindow);
  }

  public ExportOptions withZone(ZoneId value) {
    return new ExportOptions(createdAt, value, byteOrderMark, compressSav, xlsxRowWindow);
  }

  public ExportOptions withByteOrderMark(boolean value) {
    return new ExportOptions(createdAt, zone, value, compressSav, xlsxRowWindow);
  }

  public ExportOptions withCompressSav(boolean value) {
    return new ExportOptions(createdAt, zone, byteOrderMark, value, xlsxRowWindow);
  }

  public ExportOptions withXlsxRowWindow(int value) {
    return new ExportOptions(createdAt, zone, byteOrderMark, compressSav, value);
  }
}
