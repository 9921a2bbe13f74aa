package org.sanlv.estimation;

import java.util.List;
import java.util.TreeMap;

/**
 * A grouping of respondents into domains (county, town, mode, age group, any derived variable), computed
 * once and reused for every indicator. Domains are in sorted label order, as R's {@code svyby}.
 */
public final class Domains {

  final String[] names;
  final int[] of;
  final int[][] members;

  private Domains(String[] names, int[] of, int[][] members) {
    this.names = names;
    this.of = of;
    this.members = members;
  }

  /**
   * @param labels each respondent's domain; null or empty for a respondent outside every domain (R drops
   *     missing values of the {@code by} variable)
   */
  public static Domains of(String[] labels) {
    TreeMap<String, Integer> index = new TreeMap<>();
    for (String l : labels) {
      if (l != null && !l.isEmpty()) {
        index.putIfAbsent(l, 0);
      }
    }
    String[] names = index.keySet().toArray(new String[0]);
    for (int d = 0; d < names.length; d++) {
      index.put(names[d], d);
    }
    int[] of = new int[labels.length];
    int[] count = new int[names.length];
    String last = null;
    int lastD = -1;
    for (int i = 0; i < labels.length; i++) {
      String l = labels[i];
      int d;
      if (l == null || l.isEmpty()) {
        d = -1;
      } else if (l.equals(last)) {
        d = lastD;
      } else {
        d = index.get(l);
      }
      last = l;
      lastD = d;
      of[i] = d;
      if (d >= 0) {
        count[d]++;
      }
    }
    int[][] members = new int[names.length][];
    for (int d = 0; d < names.length; d++) {
      members[d] = new int[count[d]];
      count[d] = 0;
    }
    for (int i = 0; i < of.length; i++) {
      if (of[i] >= 0) {
        members[of[i]][count[of[i]]++] = i;
      }
    }
    return new Domains(names, of, members);
  }

  /** The domain labels, sorted. */
  public List<String> names() {
    return List.of(names);
  }

  int size() {
    return of.length;
  }
}
