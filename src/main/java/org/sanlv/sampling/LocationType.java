package org.sanlv.sampling;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Where intercept interviews happen; seed 1 names 市场、商场、企业、学校、机关事业单位 as the usual places. */
public enum LocationType {
  MARKET("市场"),
  MALL("商场"),
  ENTERPRISE("企业"),
  SCHOOL("学校"),
  GOVERNMENT("机关事业单位"),
  TRANSPORT("交通枢纽"),
  OTHER("其他");

  private final String chinese;

  LocationType(String chinese) {
    this.chinese = chinese;
  }

  public String chinese() {
    return chinese;
  }

  private static final Map<String, LocationType> BY_NAME = Map.ofEntries(
      Map.entry("market", MARKET), Map.entry("市场", MARKET), Map.entry("农贸市场", MARKET),
      Map.entry("mall", MALL), Map.entry("商场", MALL), Map.entry("超市", MALL),
      Map.entry("enterprise", ENTERPRISE), Map.entry("企业", ENTERPRISE),
      Map.entry("school", SCHOOL), Map.entry("学校", SCHOOL),
      Map.entry("government", GOVERNMENT), Map.entry("机关", GOVERNMENT), Map.entry("机关事业单位", GOVERNMENT),
      Map.entry("transport", TRANSPORT), Map.entry("交通枢纽", TRANSPORT), Map.entry("车站", TRANSPORT),
      Map.entry("other", OTHER), Map.entry("其他", OTHER));

  /** The type named by its English name (any case) or its usual Chinese name. */
  public static Optional<LocationType> parse(String text) {
    return Optional.ofNullable(BY_NAME.get(text.trim().toLowerCase(Locale.ROOT)));
  }
}
