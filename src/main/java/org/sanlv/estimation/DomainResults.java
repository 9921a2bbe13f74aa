package org.sanlv.estimation;

import java.util.List;

/**
 * Estimates of one variable for the whole population and each domain, and each domain's difference from the
 * whole, in the order of the sorted domain labels (as R's {@code svyby}).
 */
public record DomainResults(Estimate overall, List<Estimate> domains, List<Difference> differences) {

  public DomainResults {
    domains = List.copyOf(domains);
    differences = List.copyOf(differences);
  }
}
