package org.sanlv.sampling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A validated frame of intercept sites, sorted by id, with its fingerprint. */
public record SiteFrame(List<InterceptSite> sites, String fingerprint) {

  public SiteFrame {
    sites = List.copyOf(sites);
  }

  public static SiteFrame of(List<InterceptSite> sites) {
    List<InterceptSite> sorted = new ArrayList<>(sites);
    sorted.sort(Comparator.comparing(InterceptSite::id));
    Fingerprint fp = new Fingerprint("sites/v1");
    for (InterceptSite s : sorted) {
      fp.add(s.id(), s.county(), s.name(), s.type(), s.latitude(), s.longitude());
    }
    return new SiteFrame(sorted, fp.hex());
  }
}
