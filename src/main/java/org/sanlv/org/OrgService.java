package org.sanlv.org;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.CsvTable;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.TextFile;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The organisation module's front door: browse, import and edit areas and units within a caller's scope. */
@Service
public class OrgService {

  private final OrgRepository repository;
  private final AuditLog audit;

  OrgService(OrgRepository repository, AuditLog audit) {
    this.repository = repository;
    this.audit = audit;
  }

  /** Result of an import: how many nodes were created and updated, and whether the file was GBK. */
  public record ImportResult(int created, int updated, boolean readAsGbk) {}

  /** New or changed figures of an area. Null leaves a figure empty. */
  public record Figures(String name, Long population, Long households, Integer villages) {}

  /** A unit to attach under an area. */
  public record NewUnit(String code, String name, UnitType type, String parentCode) {}

  /** The most children one page shows or one API call returns. */
  public static final int MAX_PAGE_SIZE = 1000;

  /**
   * One page of a node's children (areas before units, by code). A county has a few dozen, but nothing stops an
   * import from hanging ten thousand villages under one town, so the children are always read a page at a time.
   *
   * @param page 1-based
   * @param total all children of the node
   * @param areaTotal those of them that are areas (not units)
   */
  public record Children(List<OrgNode> items, int page, int size, long total, long areaTotal) {

    public int pages() {
      return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
      return (long) page * size < total;
    }

    public boolean hasPrevious() {
      return page > 1;
    }

    /** How many children come after this page. */
    public long remaining() {
      return Math.max(0, total - (long) page * size);
    }

    public List<OrgNode> areas() {
      return items.stream().filter(n -> !n.isUnit()).toList();
    }

    public List<OrgNode> units() {
      return items.stream().filter(OrgNode::isUnit).toList();
    }
  }

  /** The tree path of a node, for modules that attach their things to nodes (no scope needed to resolve). */
  public java.util.Optional<String> pathOf(String code) {
    return repository.pathByCode(code);
  }

  /**
   * The areas of one level under a node, e.g. the counties of a province, for questionnaires' screening
   * questions. Division names are public, so no scope is needed.
   */
  public List<OrgNode> areasUnder(String code, OrgLevel level) {
    return repository.pathByCode(code).map(path -> repository.areasUnder(path, level)).orElse(List.of());
  }

  /**
   * The population by sex × age band of these areas, where imported (public statistics; no scope needed): the
   * post-stratification margins of the results. Areas without margins are absent from the map.
   */
  public Map<String, List<PopulationCell>> populationMargins(java.util.Collection<String> codes) {
    return repository.margins(codes);
  }

  /** The population of an area, if known (public statistics; no scope needed). */
  public java.util.Optional<Long> areaPopulation(String code) {
    return repository.nodeByCode(code).map(OrgNode::population);
  }

  /** The node the caller is bound to: the top of what they can see. */
  public OrgNode top(Scope scope) {
    return node(scope, scope.nodeCode());
  }

  public OrgNode node(Scope scope, String code) {
    return scope.require(repository.nodeByCode(code).orElseThrow(() -> new NotFound(code)));
  }

  /**
   * One page of the children of a node.
   *
   * @throws InputRejected when {@code page} is below 1 or {@code size} is not within 1..{@value #MAX_PAGE_SIZE}
   */
  public Children children(Scope scope, String code, int page, int size) {
    List<Problem> problems = new ArrayList<>();
    if (page < 1) {
      problems.add(Problem.at(0, "page", "org.error.badPage", String.valueOf(page)));
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      problems.add(Problem.at(0, "size", "org.error.badPageSize", String.valueOf(size), MAX_PAGE_SIZE));
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems);
    }
    OrgNode node = node(scope, code);
    return new Children(repository.children(node.id(), (long) (page - 1) * size, size), page, size, node.childCount(),
        repository.childAreaCount(node.id()));
  }

  /** The path from the caller's top node down to this node (never above the caller's scope). */
  public List<OrgNode> breadcrumbs(Scope scope, String code) {
    return repository.ancestors(node(scope, code).path()).stream().filter(scope::covers).toList();
  }

  public List<PhoneBlock> phoneBlocks(Scope scope, String code) {
    return repository.phoneBlocks(node(scope, code).id());
  }

  public List<OrgNode> search(Scope scope, String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return repository.searchInSubtree(scope.path(), text.trim(), 50);
  }

  /** The most areas one picker search lists. */
  public static final int PICKER_LIMIT = 50;

  /**
   * Areas and units in the caller's subtree for an area picker: name contains the text or code starts with it,
   * only of the given levels (any when empty), nearest the caller's node first, each with its trail of names.
   */
  public List<OrgNode.Found> searchWithTrail(Scope scope, String text, List<OrgLevel> levels) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return repository.areasMatching(scope.path(), text.trim(), levels, PICKER_LIMIT);
  }

  /** A node in the caller's subtree with its trail of names; empty when no node has the code or it is outside. */
  public Optional<OrgNode.Found> withTrail(Scope scope, String code) {
    if (code == null || code.isBlank()) {
      return Optional.empty();
    }
    return repository.nodeWithTrail(scope.path(), code.trim()).filter(f -> scope.covers(f.node()));
  }

  /**
   * Imports areas and units from a CSV file: all rows are validated first and either all are written or none.
   *
   * @throws InputRejected with every problem found (line, column, what is wrong)
   */
  @Transactional
  public ImportResult importCsv(Scope scope, byte[] file, String fileName) {
    requirePermission(scope, Permission.ORG_WRITE);
    TextFile text = TextFile.decode(file);
    CsvTable table = CsvTable.parse(text.text(), AreaImport.MAX_ROWS);
    // every code the file names (rows and parents), looked up in one query rather than one per row
    Set<String> named = new LinkedHashSet<>();
    for (CsvTable.Row row : table.rows()) {
      named.add(row.get("code"));
      named.add(row.get("parent_code"));
    }
    Map<String, OrgNode> known = repository.nodesByCode(named);
    List<AreaImport.Row> rows = AreaImport.validate(table, scope, code -> Optional.ofNullable(known.get(code)));
    // rows come parents first: a new node's parent is either known or created earlier in this loop
    long[] ids = repository.nextNodeIds((int) rows.stream().filter(r -> r.existing() == null).count());
    Map<String, OrgRepository.NewNode> created = new HashMap<>();
    List<OrgRepository.NewNode> newNodes = new ArrayList<>();
    List<OrgRepository.FigureUpdate> updates = new ArrayList<>();
    List<OrgRepository.NodeBlocks> blocks = new ArrayList<>();
    List<OrgRepository.NodeMargins> margins = new ArrayList<>();
    for (AreaImport.Row row : rows) {
      if (row.existing() != null) {
        if (row.margins() != null) {
          margins.add(new OrgRepository.NodeMargins(row.existing().id(), row.margins()));
        }
        updates.add(new OrgRepository.FigureUpdate(row.existing().id(), row.name(), row.population(),
            row.households(), row.villages()));
        if (!row.phoneBlocks().isEmpty()) {
          blocks.add(new OrgRepository.NodeBlocks(row.existing().id(), row.phoneBlocks()));
        }
        continue;
      }
      OrgNode knownParent = known.get(row.parentCode());
      OrgRepository.NewNode newParent = created.get(row.parentCode());
      long parentId = knownParent != null ? knownParent.id() : newParent.id();
      String path = (knownParent != null ? knownParent.path() : newParent.path()) + row.code() + "/";
      OrgRepository.NewNode node = new OrgRepository.NewNode(ids[newNodes.size()], row.code(), row.name(), row.level(),
          row.unitType(), parentId, path, row.population(), row.households(), row.villages());
      newNodes.add(node);
      created.put(row.code(), node);
      if (row.margins() != null) {
        margins.add(new OrgRepository.NodeMargins(node.id(), row.margins()));
      }
      if (!row.phoneBlocks().isEmpty()) {
        blocks.add(new OrgRepository.NodeBlocks(node.id(), row.phoneBlocks()));
      }
    }
    repository.copyNodes(newNodes);
    repository.updateFigures(updates);
    repository.replacePhoneBlocks(blocks);
    repository.replaceMargins(margins);
    audit.record(scope.username(), "org.import", fileName, Map.of(
        "created", newNodes.size(), "updated", updates.size(), "rows", rows.size(), "charset", text.charset().name()));
    return new ImportResult(newNodes.size(), updates.size(), text.wasGbk());
  }

  @Transactional
  public OrgNode updateFigures(Scope scope, String code, Figures figures) {
    requirePermission(scope, Permission.ORG_WRITE);
    OrgNode node = node(scope, code);
    String name = figures.name() == null || figures.name().isBlank() ? node.name() : figures.name().trim();
    if (name.length() > 200 || negative(figures.population()) || negative(figures.households())
        || (figures.villages() != null && figures.villages() < 0)) {
      throw new InputRejected(Problem.of("org.error.badFigures"));
    }
    repository.updateNode(node.id(), name, figures.population(), figures.households(), figures.villages());
    audit.record(scope.username(), "org.figures", code, Map.of("population", String.valueOf(figures.population()),
        "households", String.valueOf(figures.households()), "villages", String.valueOf(figures.villages())));
    return repository.nodeByCode(code).orElseThrow();
  }

  @Transactional
  public OrgNode createUnit(Scope scope, NewUnit unit) {
    requirePermission(scope, Permission.ORG_WRITE);
    OrgNode parent = node(scope, unit.parentCode());
    if (unit.code() == null || !unit.code().matches("[A-Za-z0-9-]{1,40}")) {
      throw new InputRejected(Problem.at(0, "code", "import.error.badCode", String.valueOf(unit.code())));
    }
    if (unit.name() == null || unit.name().isBlank() || unit.type() == null) {
      throw new InputRejected(Problem.at(0, unit.type() == null ? "unitType" : "name", "import.error.required"));
    }
    if (unit.name().trim().length() > 200) { // the table's check would refuse it as a server error
      throw new InputRejected(Problem.at(0, "name", "import.error.tooLong", 200));
    }
    if (!OrgLevel.UNIT.mayHangUnder(parent.level())) {
      throw new InputRejected(Problem.at(0, "parentCode", "import.error.levelUnderParent", "unit", parent.level().dbValue()));
    }
    if (repository.nodeByCode(unit.code()).isPresent()) {
      throw new InputRejected(Problem.at(0, "code", "org.error.codeTaken", unit.code()));
    }
    repository.insertNode(unit.code(), unit.name().trim(), OrgLevel.UNIT, unit.type(), parent.id(),
        parent.path() + unit.code() + "/", null, null, null, false);
    audit.record(scope.username(), "org.unit.create", unit.code(), Map.of("parent", parent.code(), "name", unit.name()));
    return repository.nodeByCode(unit.code()).orElseThrow();
  }

  private static boolean negative(Long value) {
    return value != null && value < 0;
  }

  static void requirePermission(Scope scope, Permission permission) {
    if (!scope.may(permission)) {
      throw new OutOfScope(permission.name());
    }
  }
}
