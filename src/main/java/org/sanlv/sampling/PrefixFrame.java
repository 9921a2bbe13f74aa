package org.sanlv.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A validated number-prefix frame, sorted by prefix, with its fingerprint. */
public record PrefixFrame(List<NumberPrefix> prefixes, String fingerprint) {

  public PrefixFrame {
    prefixes = List.copyOf(prefixes);
  }

  public static PrefixFrame of(List<NumberPrefix> prefixes) {
    List<NumberPrefix> sorted = new ArrayList<>(prefixes);
    sorted.sort(Comparator.comparing(NumberPrefix::digits));
    Fingerprint fp = new Fingerprint("prefixes/v1");
    for (int i = 0; i < sorted.size(); i++) {
      NumberPrefix p = sorted.get(i);
      if (i > 0 && sorted.get(i - 1).digits().equals(p.digits())) {
        throw new IllegalArgumentException("prefix repeats: " + p.prefix());
      }
      fp.add(p.prefix(), p.kind(), p.carrier(), p.area());
    }
    return new PrefixFrame(sorted, fp.hex());
  }
}
