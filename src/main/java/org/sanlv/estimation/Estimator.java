package org.sanlv.estimation;

import java.util.ArrayList;
import java.util.List;

/**
 * Design-based estimators of means (proportions) and totals for the whole population and its domains, with
 * standard errors by Taylor linearisation, Wald and logit confidence intervals, design effects and each
 * domain's difference from the whole. The front door of the estimation core; immutable and thread-safe.
 *
 * <p>Formulas (Lumley 2010, §2.2–2.4, §7.3; R survey 4.1.1):
 * <ul>
 * <li>mean: {@code ȳ = Σ w y / Σ w}, linearised variable {@code z = w (y - ȳ) / Σ w};
 * total: {@code Σ w y}, {@code z = w y};</li>
 * <li>domain d: the same with w replaced by {@code w 1[d]} — the full design is kept and respondents
 * outside the domain contribute zeros (R: {@code svyby(~y, ~d, design, svymean)});</li>
 * <li>post-stratified/raked designs: z replaced by its residuals within the calibration cells;</li>
 * <li>variance {@code Σ_h f_h n_h/(n_h-1) Σ_i (z_hi - z̄_h)²} over PSU totals {@code z_hi};</li>
 * <li>design effect {@code V / (S² (N̂ - n)/(N̂ n))}, {@code S² = n/(n-1) Σ w (y - ȳ)² / Σ w}, N̂ = Σ w and n
 * the respondents with non-zero weight — the without-replacement SRS variance R's {@code deff = TRUE}
 * uses; for totals the denominator is multiplied by N̂²;</li>
 * <li>logit interval: {@code expit(logit(p) ± t · se / (p (1 - p)))} with the t quantile on the design
 * degrees of freedom, converted to a normal level as R's {@code confint.svyglm} does; (p, p) at p = 0 or 1
 * ({@code svyciprop(method = "logit")}).</li>
 * </ul>
 *
 * <p>Respondents with a NaN value, or outside {@code where}, are left out as R's {@code na.rm = TRUE} and
 * {@code subset()} do: they are a domain, not dropped from the design.
 *
 * <p>As in R, a design that is not calibrated is cut to the domain (strata without domain respondents take
 * no part, which matters for {@link LonelyPsu#FAIL} and {@link LonelyPsu#AVERAGE}); a calibrated design
 * keeps every stratum. Differences are always computed on the whole design.
 */
public final class Estimator {

  private final SurveyDesign design;
  private final double level;

  private Estimator(SurveyDesign design, double level) {
    this.design = design;
    this.level = level;
  }

  /** Estimates with 95% confidence intervals. */
  public static Estimator of(SurveyDesign design) {
    return new Estimator(design, 0.95);
  }

  /** The same estimator with another confidence level, e.g. 0.90. */
  public Estimator withConfidenceLevel(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("confidence level " + level + " is not between 0 and 1");
    }
    return new Estimator(design, level);
  }

  public SurveyDesign design() {
    return design;
  }

  /** The mean (proportion, for 0/1 values) of y over the respondents in {@code where} (null: all). */
  public Estimate mean(double[] y, boolean[] where) {
    check(y, where);
    Linearisation work = new Linearisation(design);
    Part p = part(y, where, null, -1);
    return meanOf("all", p, work, false, null);
  }

  /** The total Σ w y over the respondents in {@code where} (null: all). */
  public Estimate total(double[] y, boolean[] where) {
    check(y, where);
    Linearisation work = new Linearisation(design);
    return totalOf("all", part(y, where, null, -1), work);
  }

  /** Totals per domain (R: {@code svyby(~y, ~d, design, svytotal, deff = TRUE)}). */
  public List<Estimate> totalByDomain(double[] y, boolean[] where, Domains domains) {
    check(y, where);
    checkDomains(domains);
    Linearisation work = new Linearisation(design);
    List<Estimate> out = new ArrayList<>();
    for (int k = 0; k < domains.names.length; k++) {
      out.add(totalOf(domains.names[k], part(y, where, domains, k), work));
    }
    return out;
  }

  /**
   * The mean for the whole and each domain, and each domain's difference from the whole (R:
   * {@code svymean}, {@code svyby(~y, ~d, design, svymean, deff = TRUE)},
   * {@code svyciprop(method = "logit")} and {@code svycontrast} of the totals).
   */
  public DomainResults meanByDomain(double[] y, boolean[] where, Domains domains) {
    check(y, where);
    checkDomains(domains);
    Linearisation work = new Linearisation(design);
    int strata = design.stratumNames.length;
    // the whole: its PSU totals and strata terms are kept for the differences
    Part whole = part(y, where, null, -1);
    double[] wholeTotals = new double[design.psuStratum.length];
    Estimate overall = meanOf("all", whole, work, false, wholeTotals);
    double[] wholeTerm = new double[strata];
    boolean failing = false;
    int notOk = 0;
    for (int h = 0; h < strata; h++) {
      if (design.lonelyPsu == LonelyPsu.FAIL && Linearisation.lonely(design, h)) {
        failing = true;
        wholeTerm[h] = Double.NaN;
        continue;
      }
      wholeTerm[h] = Linearisation.stratumTerm(design, h, wholeTotals, null);
      if (Double.isNaN(wholeTerm[h])) {
        notOk++;
      }
    }
    List<Estimate> estimates = new ArrayList<>();
    List<Difference> differences = new ArrayList<>();
    double z = Distributions.normalQuantile(1 - (1 - level) / 2);
    boolean[] touched = new boolean[strata];
    for (int k = 0; k < domains.names.length; k++) {
      Part p = part(y, where, domains, k);
      estimates.add(meanOf(domains.names[k], p, work, true, null));
      // the difference: z_d - z over the whole design
      if (p.count == 0) {
        differences.add(new Difference(domains.names[k], Double.NaN, Double.NaN, Interval.NONE));
        continue;
      }
      if (failing) {
        for (int h = 0; h < strata; h++) {
          Linearisation.checkLonely(design, h);
        }
      }
      linearisedMean(p, work);
      work.residualise();
      work.totals();
      double sum = 0;
      for (int t = 0; t < work.touchedStrataCount; t++) {
        int h = work.touchedStrata[t];
        touched[h] = true;
        double term = Linearisation.stratumTerm(design, h, work.psuTotal, wholeTotals);
        if (!Double.isNaN(term)) {
          sum += term;
        }
      }
      for (int h = 0; h < strata; h++) {
        if (!touched[h] && !Double.isNaN(wholeTerm[h])) {
          sum += wholeTerm[h];
        }
        touched[h] = false;
      }
      work.clear();
      double variance = sum * strata / (strata - notOk);
      double diff = p.mean - whole.mean;
      double se = Math.sqrt(variance);
      differences.add(new Difference(domains.names[k], diff, se, new Interval(diff - z * se, diff + z * se)));
    }
    return new DomainResults(overall, estimates, differences);
  }

  // ---- internals ----

  private void check(double[] y, boolean[] where) {
    if (y.length != design.n) {
      throw new IllegalArgumentException("y has " + y.length + " values, the design " + design.n);
    }
    if (where != null && where.length != design.n) {
      throw new IllegalArgumentException("where has " + where.length + " values, the design " + design.n);
    }
  }

  private void checkDomains(Domains domains) {
    if (domains.size() != design.n) {
      throw new IllegalArgumentException("domains has " + domains.size() + " values, the design " + design.n);
    }
  }

  /** The respondents of one (sub)population with their values and weighted sums. */
  private static final class Part {
    int[] members;
    double[] values;
    double[] weights;
    int count;
    int nonZero;
    double weightSum;
    double mean;
    double total;
  }

  private Part part(double[] y, boolean[] where, Domains domains, int k) {
    int[] candidates = domains == null ? null : domains.members[k];
    int m = candidates == null ? design.n : candidates.length;
    Part p = new Part();
    p.members = new int[m];
    p.values = new double[m];
    p.weights = new double[m];
    double[] w = design.weight;
    double ws = 0;
    double wy = 0;
    int c = 0;
    int nonZero = 0;
    for (int t = 0; t < m; t++) {
      int j = candidates == null ? t : candidates[t];
      double v = y[j];
      if (Double.isNaN(v) || where != null && !where[j]) {
        continue;
      }
      p.members[c] = j;
      p.values[c] = v;
      p.weights[c] = w[j];
      c++;
      ws += w[j];
      wy += w[j] * v;
      if (w[j] != 0) {
        nonZero++;
      }
    }
    p.count = c;
    p.nonZero = nonZero;
    p.weightSum = ws;
    p.total = wy;
    p.mean = wy / ws;
    return p;
  }

  private void linearisedMean(Part p, Linearisation work) {
    double[] zv = new double[p.count];
    for (int t = 0; t < p.count; t++) {
      zv[t] = p.weights[t] * (p.values[t] - p.mean) / p.weightSum;
    }
    work.start(p.members, p.count, zv);
  }

  private Estimate meanOf(String label, Part p, Linearisation work, boolean domain, double[] keepTotals) {
    if (p.count == 0) {
      return new Estimate(label, Double.NaN, Double.NaN, Interval.NONE, Interval.NONE, Double.NaN, 0, Double.NaN, 0);
    }
    linearisedMean(p, work);
    work.residualise();
    work.totals();
    double variance = variance(p, work);
    if (keepTotals != null) {
      System.arraycopy(work.psuTotal, 0, keepTotals, 0, keepTotals.length);
    }
    work.clear();
    double se = Math.sqrt(variance);
    double s2 = spread(p);
    double deff = p.weightSum < p.nonZero ? Double.NaN
        : variance / (s2 * (p.weightSum - p.nonZero) / (p.weightSum * p.nonZero));
    double z = Distributions.normalQuantile(1 - (1 - level) / 2);
    int df = degreesOfFreedom(p);
    return new Estimate(label, p.mean, se, new Interval(p.mean - z * se, p.mean + z * se),
        logit(p.mean, se, df), deff, p.count, p.count / deff, df);
  }

  private Estimate totalOf(String label, Part p, Linearisation work) {
    if (p.count == 0) {
      return new Estimate(label, 0, 0, new Interval(0, 0), Interval.NONE, Double.NaN, 0, Double.NaN, 0);
    }
    double[] zv = new double[p.count];
    for (int t = 0; t < p.count; t++) {
      zv[t] = p.weights[t] * p.values[t];
    }
    work.start(p.members, p.count, zv);
    work.residualise();
    work.totals();
    double variance = variance(p, work);
    work.clear();
    double se = Math.sqrt(variance);
    double s2 = spread(p);
    double big = p.weightSum;
    double deff = variance / (s2 * big * big * (big - p.nonZero) / (big * p.nonZero));
    double z = Distributions.normalQuantile(1 - (1 - level) / 2);
    return new Estimate(label, p.total, se, new Interval(p.total - z * se, p.total + z * se), Interval.NONE,
        deff, p.count, p.count / deff, degreesOfFreedom(p));
  }

  /** An estimator with no design, for building estimates from sums ({@link GroupedEstimator}). */
  static Estimator atLevel(double level) {
    return new Estimator(null, level);
  }

  /**
   * A mean's estimate from its parts, as {@link #meanOf} builds it: the grouped path ({@link GroupedEstimator})
   * calls this, and its property test (grouped = expanded arrays, every field) keeps the two the same.
   */
  Estimate meanEstimate(String label, double mean, double variance, double deff, int n, int df) {
    double se = Math.sqrt(variance);
    double z = Distributions.normalQuantile(1 - (1 - level) / 2);
    return new Estimate(label, mean, se, new Interval(mean - z * se, mean + z * se), logit(mean, se, df), deff, n,
        n / deff, df);
  }

  /** R's svyvar: {@code n/(n-1) Σ w (y - ȳ)² / Σ w}, n the respondents with non-zero weight. */
  private static double spread(Part p) {
    double ss = 0;
    for (int t = 0; t < p.count; t++) {
      double e = p.values[t] - p.mean;
      ss += p.weights[t] * e * e;
    }
    return ss / p.weightSum * p.nonZero / (p.nonZero - 1.0);
  }

  /**
   * The strata sum of R's onestage: over the strata present in the (sub)population when the design is not
   * calibrated (R cuts such designs to the subset), over all strata when it is.
   */
  private double variance(Part p, Linearisation work) {
    SurveyDesign d = design;
    int strata = d.stratumNames.length;
    int nstrat;
    int notOk = 0;
    double sum = 0;
    if (d.calibrated()) {
      nstrat = strata;
      for (int h = 0; h < strata; h++) {
        Linearisation.checkLonely(d, h);
        if (d.lonelyPsu == LonelyPsu.AVERAGE && Linearisation.lonely(d, h)) {
          notOk++;
        }
      }
      for (int t = 0; t < work.touchedStrataCount; t++) {
        double term = Linearisation.stratumTerm(d, work.touchedStrata[t], work.psuTotal, null);
        if (!Double.isNaN(term)) {
          sum += term;
        }
      }
    } else {
      // not calibrated: the support is the subset itself, so the touched strata are those present
      nstrat = work.touchedStrataCount;
      for (int t = 0; t < work.touchedStrataCount; t++) {
        double term = Linearisation.stratumTerm(d, work.touchedStrata[t], work.psuTotal, null);
        if (Double.isNaN(term)) {
          notOk++;
        } else {
          sum += term;
        }
      }
    }
    if (nstrat == 0) {
      return 0;
    }
    return sum * nstrat / (nstrat - notOk);
  }

  /** R's degf: distinct PSUs minus distinct strata among respondents with non-zero weight. */
  private int degreesOfFreedom(Part p) {
    java.util.BitSet psus = new java.util.BitSet();
    java.util.BitSet strata = new java.util.BitSet();
    for (int t = 0; t < p.count; t++) {
      if (p.weights[t] != 0) {
        int j = p.members[t];
        psus.set(design.psu[j]);
        strata.set(design.stratum[j]);
      }
    }
    return psus.cardinality() - strata.cardinality();
  }

  private Interval logit(double p, double se, int df) {
    return IntervalMethod.logit(p, se, df, level);
  }
}
