package org.sanlv.org;

/**
 * An area or unit of the organisation tree with its figures.
 *
 * @param path codes from the root, e.g. {@code /CN/33/3306/330604/}; a subtree is a path prefix
 * @param figuresDemo true when population, households and villages are demo values, not real statistics
 * @param childCount number of direct children (areas and units)
 */
public record OrgNode(
    long id,
    String code,
    String name,
    OrgLevel level,
    UnitType unitType,
    String parentCode,
    String path,
    Long population,
    Long households,
    Integer villages,
    boolean figuresDemo,
    int childCount) {

  public boolean isUnit() {
    return level == OrgLevel.UNIT;
  }

  /** A node found for a picker, with the names on its way down from the caller's top node (浙江省 › 绍兴市 › 上虞区). */
  public record Found(OrgNode node, java.util.List<String> trail) {}
}
