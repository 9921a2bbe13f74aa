package org.sanlv.org;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sanlv.platform.CsvTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On first start, loads the demo provinces from the real division codes bundled in {@code divisions/} (NBS
 * codes, 2022). The real data has no population, households or villages; towns get plausible demo figures
 * (derived from the code, so every install has the same ones), rolled up to counties, cities and provinces,
 * and all of them are marked as demo; towns and counties also get demo population margins by sex × age band
 * (so the results page shows post-stratified weights).
 */
@Component
@Order(1)
class DemoProvinceLoader implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(DemoProvinceLoader.class);
  private final OrgRepository repository;
  private final OrgSettings settings;
  private final TransactionTemplate transaction;

  DemoProvinceLoader(OrgRepository repository, OrgSettings settings, TransactionTemplate transaction) {
    this.repository = repository;
    this.settings = settings;
    this.transaction = transaction;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (!settings.demoEnabled()) {
      return;
    }
    transaction.executeWithoutResult(status -> {
      OrgNode root = repository.nodeByCode("CN").orElseThrow();
      if (root.childCount() > 0) {
        return;
      }
      long started = System.nanoTime();
      int loaded = load(root);
      repository.rollUpDemoFigures();
      repository.insertDemoMargins();
      log.info("Loaded {} demo areas of provinces {} in {} ms", loaded, settings.demoProvinces(),
          (System.nanoTime() - started) / 1_000_000);
    });
  }

  private int load(OrgNode root) {
    Map<String, long[]> ids = new HashMap<>(); // code -> {id}
    Map<String, String> paths = new HashMap<>();
    ids.put("CN", new long[] {root.id()});
    paths.put("CN", root.path());
    int count = 0;
    List<String> wanted = settings.demoProvinces();
    for (CsvTable.Row row : read("provinces.csv")) {
      if (wanted.contains(row.get("code"))) {
        count += add(ids, paths, row.get("code"), row.get("name"), OrgLevel.PROVINCE, "CN");
      }
    }
    for (CsvTable.Row row : read("cities.csv")) {
      if (wanted.contains(row.get("provincecode"))) {
        count += add(ids, paths, row.get("code"), row.get("name"), OrgLevel.CITY, row.get("provincecode"));
      }
    }
    for (CsvTable.Row row : read("counties.csv")) {
      if (wanted.contains(row.get("provincecode"))) {
        count += add(ids, paths, row.get("code"), row.get("name"), OrgLevel.COUNTY, row.get("citycode"));
      }
    }
    for (CsvTable.Row row : read("towns.csv")) {
      if (wanted.contains(row.get("provincecode"))) {
        count += add(ids, paths, row.get("code"), row.get("name"), OrgLevel.TOWN, row.get("areacode"));
      }
    }
    return count;
  }

  private int add(Map<String, long[]> ids, Map<String, String> paths, String code, String name, OrgLevel level,
      String parentCode) {
    long[] parent = ids.get(parentCode);
    if (parent == null) {
      log.warn("Division {} {} skipped: its parent {} is not loaded", code, name, parentCode);
      return 0;
    }
    String path = paths.get(parentCode) + code + "/";
    Long population = null;
    Long households = null;
    Integer villages = null;
    if (level == OrgLevel.TOWN) {
      // Demo figures: 15,000–80,000 residents per town/street, 2.7 per household, ~1 village per 2,200 people.
      long spread = Math.floorMod((long) code.hashCode() * 2654435761L, 65_001L);
      population = 15_000 + spread;
      households = Math.round(population / 2.7);
      villages = (int) Math.max(3, population / 2_200);
    }
    long id = repository.insertNode(code, name, level, null, parent[0], path, population, households, villages,
        level == OrgLevel.TOWN);
    ids.put(code, new long[] {id});
    paths.put(code, path);
    return 1;
  }

  private static List<CsvTable.Row> read(String file) {
    try (InputStream in = new ClassPathResource("divisions/" + file).getInputStream()) {
      return CsvTable.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), 1_000_000).rows();
    } catch (IOException e) {
      throw new IllegalStateException("bundled division file divisions/" + file + " is unreadable", e);
    }
  }
}
