package org.sanlv.fieldwork.cati;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.sanlv.fieldwork.cati.AaporCode.Category;

/**
 * AAPOR outcome rates of one disposition table (AAPOR, <i>Standard Definitions: Final Dispositions of Case Codes and
 * Outcome Rates for Surveys</i>, 9th edition, 2016, section "Calculating rates from response distributions",
 * pp. 60–64). With I complete, P partial, R refusal and break-off, NC non-contact, O other, UH unknown if household,
 * UO unknown other, NE not eligible ({@link Category}):
 *
 * <pre>
 * RR1 = I / ((I+P) + (R+NC+O) + (UH+UO))          REF1 = R / ((I+P) + (R+NC+O) + (UH+UO))
 * RR2 = (I+P) / ((I+P) + (R+NC+O) + (UH+UO))      REF2 = R / ((I+P) + (R+NC+O) + e(UH+UO))
 * RR3 = I / ((I+P) + (R+NC+O) + e(UH+UO))         REF3 = R / ((I+P) + (R+NC+O))
 * RR4 = (I+P) / ((I+P) + (R+NC+O) + e(UH+UO))
 * RR5 = I / ((I+P) + (R+NC+O))                    CON1 = ((I+P) + R + O) / ((I+P) + (R+NC+O) + (UH+UO))
 * RR6 = (I+P) / ((I+P) + (R+NC+O))                CON2 = ((I+P) + R + O) / ((I+P) + (R+NC+O) + e(UH+UO))
 * COOP1 = I / ((I+P) + R + O)                     CON3 = ((I+P) + R + O) / ((I+P) + (R+NC+O))
 * COOP2 = (I+P) / ((I+P) + R + O)
 * COOP3 = I / ((I+P) + R)
 * COOP4 = (I+P) / ((I+P) + R)
 * </pre>
 *
 * e, the estimated eligible share of the cases of unknown eligibility, is given, or by the proportional method
 * (the "CASRO" allocation, p. 61): the eligible share of the cases whose eligibility is known,
 * {@code e = (I+P+R+NC+O) / (I+P+R+NC+O+NE)}.
 *
 * <p>A rate whose denominator is zero is {@code NaN} (no cases to rate), never an exception; e proportional is NaN
 * when no case's eligibility is known, and then so are RR3, RR4, REF2 and CON2 unless there are no unknown cases
 * (e(UH+UO) is 0 when UH+UO is 0, whatever e is).
 */
public final class AaporRates {

  /** The rows of the {@code aapor} command's output, in order. */
  public static final List<String> NAMES = List.of("e", "RR1", "RR2", "RR3", "RR4", "RR5", "RR6", "COOP1", "COOP2",
      "COOP3", "COOP4", "REF1", "REF2", "REF3", "CON1", "CON2", "CON3");

  private final Map<Category, Long> counts;
  private final double e;
  private final boolean eProportional;

  private AaporRates(Map<Category, Long> counts, double e, boolean eProportional) {
    this.counts = counts;
    this.e = e;
    this.eProportional = eProportional;
  }

  /**
   * The rates of a table of counts per category (a missing category counts 0); {@code eFixed} empty: e by the
   * proportional method.
   *
   * @throws IllegalArgumentException a negative count, or an e outside [0, 1]
   */
  public static AaporRates of(Map<Category, Long> counts, OptionalDouble eFixed) {
    Map<Category, Long> c = new EnumMap<>(Category.class);
    for (Category k : Category.values()) {
      Long n = counts.get(k);
      if (n != null && n < 0) {
        throw new IllegalArgumentException("count of " + k + " is negative: " + n);
      }
      c.put(k, n == null ? 0L : n);
    }
    if (eFixed.isPresent()) {
      double e = eFixed.getAsDouble();
      if (!(e >= 0 && e <= 1)) {
        throw new IllegalArgumentException("e must lie between 0 and 1, not " + e);
      }
      return new AaporRates(c, e, false);
    }
    long known = c.get(Category.I) + c.get(Category.P) + c.get(Category.R) + c.get(Category.NC) + c.get(Category.O);
    return new AaporRates(c, ratio(known, known + c.get(Category.NE)), true);
  }

  /**
   * The rates of a table with an e decided elsewhere, which may be NaN (e proportional of a larger table that had no
   * case of known eligibility): the groups of a table share the whole table's e.
   */
  static AaporRates withE(Map<Category, Long> counts, double e, boolean eProportional) {
    AaporRates checked = of(counts, OptionalDouble.of(0));
    return new AaporRates(checked.counts, e, eProportional);
  }

  public long count(Category k) {
    return counts.get(k);
  }

  /** All cases of the table. */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  public double e() {
    return e;
  }

  /** Whether e was estimated by the proportional method (else it was given). */
  public boolean eProportional() {
    return eProportional;
  }

  /** RR1 … RR6. */
  public double rr(int n) {
    double complete = n % 2 == 1 ? i() : i() + p();
    return switch (n) {
      case 1, 2 -> ratio(complete, interviews() + eligibleNon() + unknown());
      case 3, 4 -> ratio(complete, interviews() + eligibleNon() + eUnknown());
      case 5, 6 -> ratio(complete, interviews() + eligibleNon());
      default -> throw new IllegalArgumentException("RR" + n + " does not exist (RR1 … RR6)");
    };
  }

  /** COOP1 … COOP4. */
  public double coop(int n) {
    double complete = n % 2 == 1 ? i() : i() + p();
    return switch (n) {
      case 1, 2 -> ratio(complete, interviews() + r() + o());
      case 3, 4 -> ratio(complete, interviews() + r());
      default -> throw new IllegalArgumentException("COOP" + n + " does not exist (COOP1 … COOP4)");
    };
  }

  /** REF1 … REF3. */
  public double ref(int n) {
    return switch (n) {
      case 1 -> ratio(r(), interviews() + eligibleNon() + unknown());
      case 2 -> ratio(r(), interviews() + eligibleNon() + eUnknown());
      case 3 -> ratio(r(), interviews() + eligibleNon());
      default -> throw new IllegalArgumentException("REF" + n + " does not exist (REF1 … REF3)");
    };
  }

  /** CON1 … CON3. */
  public double con(int n) {
    double contacted = interviews() + r() + o();
    return switch (n) {
      case 1 -> ratio(contacted, interviews() + eligibleNon() + unknown());
      case 2 -> ratio(contacted, interviews() + eligibleNon() + eUnknown());
      case 3 -> ratio(contacted, interviews() + eligibleNon());
      default -> throw new IllegalArgumentException("CON" + n + " does not exist (CON1 … CON3)");
    };
  }

  /** The value of one of {@link #NAMES}. */
  public double value(String name) {
    if (name.equals("e")) {
      return e;
    }
    int n = name.isEmpty() ? 0 : name.charAt(name.length() - 1) - '0';
    String family = name.substring(0, Math.max(0, name.length() - 1));
    return switch (family) {
      case "RR" -> rr(n);
      case "COOP" -> coop(n);
      case "REF" -> ref(n);
      case "CON" -> con(n);
      default -> throw new IllegalArgumentException("no rate named " + name);
    };
  }

  /** Every rate of {@link #NAMES}, in that order. */
  public Map<String, Double> values() {
    Map<String, Double> all = new LinkedHashMap<>();
    for (String name : NAMES) {
      all.put(name, value(name));
    }
    return all;
  }

  private double i() {
    return counts.get(Category.I);
  }

  private double p() {
    return counts.get(Category.P);
  }

  private double r() {
    return counts.get(Category.R);
  }

  private double o() {
    return counts.get(Category.O);
  }

  private double interviews() {
    return i() + p();
  }

  private double eligibleNon() {
    return r() + counts.get(Category.NC) + o();
  }

  private double unknown() {
    return counts.get(Category.UH) + counts.get(Category.UO);
  }

  // e(UH+UO); 0 without unknown cases even when e is NaN (nothing to allocate)
  private double eUnknown() {
    double u = unknown();
    return u == 0 ? 0 : e * u;
  }

  private static double ratio(double numerator, double denominator) {
    return denominator == 0 ? Double.NaN : numerator / denominator;
  }
}
