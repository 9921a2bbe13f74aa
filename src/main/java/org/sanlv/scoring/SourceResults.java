package org.sanlv.scoring;

import java.util.List;
import java.util.Map;

/** One source's results: per indicator the counties' rows and the whole. */
public record SourceResults(Map<String, List<DomainInput>> byIndicator, Map<String, WholeInput> whole) {}
