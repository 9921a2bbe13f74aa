package org.sanlv.sampling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;

/**
 * Generated RDD numbers in release order, each with its prefix, area and replicate, and what is needed to
 * generate them again (seed, fingerprints of the prefix frame, the populations and the do-not-call list).
 * Held as a prefix index and a 4-digit suffix per number ({@code int[]} + {@code short[]}).
 */
public final class RddSample {

  /**
   * One number.
   *
   * @param number the full number, digits only (mobile 11 digits; landline with area code, leading 0)
   * @param prefix its prefix
   * @param replicate 1-based replicate (batch) it is released in
   * @param order 1-based position in release order
   */
  public record RddNumber(String number, NumberPrefix prefix, int replicate, int order) {}

  private final long seed;
  private final String frameFingerprint;
  private final String populationsFingerprint;
  private final String doNotCallFingerprint;
  private final RddDesign design;
  private final Map<String, Integer> allocationByArea;
  private final List<NumberPrefix> prefixes;
  private final int[] prefixIndex;
  private final short[] suffix;
  private final long doNotCallSkipped;
  private final long duplicatesSkipped;

  RddSample(long seed, String frameFingerprint, String populationsFingerprint, String doNotCallFingerprint,
      RddDesign design, Map<String, Integer> allocationByArea, List<NumberPrefix> prefixes, int[] prefixIndex,
      short[] suffix, long doNotCallSkipped, long duplicatesSkipped) {
    this.seed = seed;
    this.frameFingerprint = frameFingerprint;
    this.populationsFingerprint = populationsFingerprint;
    this.doNotCallFingerprint = doNotCallFingerprint;
    this.design = design;
    this.allocationByArea = Map.copyOf(allocationByArea);
    this.prefixes = prefixes;
    this.prefixIndex = prefixIndex;
    this.suffix = suffix;
    this.doNotCallSkipped = doNotCallSkipped;
    this.duplicatesSkipped = duplicatesSkipped;
  }

  public long seed() {
    return seed;
  }

  public String frameFingerprint() {
    return frameFingerprint;
  }

  public String populationsFingerprint() {
    return populationsFingerprint;
  }

  public String doNotCallFingerprint() {
    return doNotCallFingerprint;
  }

  public RddDesign design() {
    return design;
  }

  /** Numbers allocated to each area (largest remainder over the areas' populations). */
  public Map<String, Integer> allocationByArea() {
    return allocationByArea;
  }

  /** Random suffixes that hit a do-not-call number and were drawn again. */
  public long doNotCallSkipped() {
    return doNotCallSkipped;
  }

  /** Random suffixes that repeated a number already drawn and were drawn again. */
  public long duplicatesSkipped() {
    return duplicatesSkipped;
  }

  public int size() {
    return suffix.length;
  }

  public int replicateCount() {
    return (suffix.length + design.replicateSize() - 1) / design.replicateSize();
  }

  public RddNumber number(int index) {
    NumberPrefix p = prefixes.get(prefixIndex[index]);
    return new RddNumber(digits(p, suffix[index]), p, index / design.replicateSize() + 1, index + 1);
  }

  /** The numbers in release order (a view; records are made when asked for). */
  public List<RddNumber> numbers() {
    return new AbstractList<>() {
      @Override
      public RddNumber get(int index) {
        return number(index);
      }

      @Override
      public int size() {
        return suffix.length;
      }
    };
  }

  private static String digits(NumberPrefix p, int s) {
    String d = p.digits();
    StringBuilder b = new StringBuilder(d.length() + 4).append(d);
    b.append((char) ('0' + s / 1000)).append((char) ('0' + s / 100 % 10)).append((char) ('0' + s / 10 % 10))
        .append((char) ('0' + s % 10));
    return b.toString();
  }

  public static final String CSV_HEADER = "order,replicate,number,prefix,kind,carrier,area";

  /** Writes the numbers as CSV ({@link #CSV_HEADER}) in release order, lines ended by {@code \n}. */
  public void writeCsv(Appendable out) {
    try {
      out.append(CSV_HEADER).append('\n');
      StringBuilder row = new StringBuilder(80);
      for (int i = 0; i < suffix.length; i++) {
        NumberPrefix p = prefixes.get(prefixIndex[i]);
        row.setLength(0);
        row.append(i + 1).append(',').append(i / design.replicateSize() + 1).append(',')
            .append(digits(p, suffix[i])).append(',').append(p.prefix()).append(',')
            .append(p.kind().name().toLowerCase(java.util.Locale.ROOT)).append(',').append(Csv.quote(p.carrier()))
            .append(',').append(p.area()).append('\n');
        out.append(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
