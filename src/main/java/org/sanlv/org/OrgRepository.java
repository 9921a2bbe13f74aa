package org.sanlv.org;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/** All SQL of the organisation module: nodes, phone blocks and user accounts. */
@Repository
class OrgRepository {

  private static final String NODE_COLUMNS = """
      n.id, n.code, n.name, n.level, n.unit_type, p.code as parent_code, n.path, n.population, n.households,
      n.villages, n.figures_demo, (select count(*) from org_node c where c.parent_id = n.id) as child_count
      """;

  private final JdbcClient jdbc;
  private final DataSource dataSource;

  OrgRepository(JdbcClient jdbc, DataSource dataSource) {
    this.jdbc = jdbc;
    this.dataSource = dataSource;
  }

  boolean isEmpty() {
    return jdbc.sql("select not exists (select 1 from org_node)").query(Boolean.class).single();
  }

  Optional<OrgNode> nodeByCode(String code) {
    return jdbc.sql("select " + NODE_COLUMNS + " from org_node n left join org_node p on p.id = n.parent_id where n.code = ?")
        .param(code).query(OrgRepository::node).optional();
  }

  Optional<String> pathByCode(String code) {
    return jdbc.sql("select path from org_node where code = ?").param(code).query(String.class).optional();
  }

  /** One page of a node's children: areas before units, each by code (unique, so pages never overlap). */
  List<OrgNode> children(long parentId, long offset, int limit) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where n.parent_id = ?
        order by n.level = 'unit', n.code offset ? limit ?""")
        .params(parentId, offset, limit).query(OrgRepository::node).list();
  }

  /** How many of a node's children are areas (the rest are units). */
  long childAreaCount(long parentId) {
    return jdbc.sql("select count(*) from org_node where parent_id = ? and level <> 'unit'")
        .param(parentId).query(Long.class).single();
  }

  /** The nodes that have these codes, by code, in one query (an import looks up all its codes at once). */
  Map<String, OrgNode> nodesByCode(Collection<String> codes) {
    Map<String, OrgNode> nodes = new HashMap<>();
    jdbc.sql("select " + NODE_COLUMNS + " from org_node n left join org_node p on p.id = n.parent_id where n.code = any(?)")
        .param(codes.toArray(String[]::new)).query(OrgRepository::node).list().forEach(n -> nodes.put(n.code(), n));
    return nodes;
  }

  /** The nodes on the way from the root to the node, root first. */
  List<OrgNode> ancestors(String path) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where ? like n.path || '%' order by length(n.path)""")
        .param(path).query(OrgRepository::node).list();
  }

  List<OrgNode> searchInSubtree(String path, String text, int limit) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where n.path like ? || '%' and (n.name like ? or n.code like ?)
        order by length(n.path), n.code limit ?""")
        .params(path, "%" + text + "%", text + "%", limit).query(OrgRepository::node).list();
  }

  /**
   * Nodes of these levels (all when none) under {@code scopePath} whose name contains the text or whose code starts
   * with it, each with the names on its way down from the scope's top node (the root level left out): what an area
   * picker lists. LIKE's wildcards in the text are taken literally.
   */
  List<OrgNode.Found> areasMatching(String scopePath, String text, List<OrgLevel> levels, int limit) {
    String literal = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    String[] levelValues = levels.stream().map(OrgLevel::dbValue).toArray(String[]::new);
    return jdbc.sql("select " + NODE_COLUMNS + ", " + TRAIL + """
         from org_node n left join org_node p on p.id = n.parent_id
        where n.path like ? || '%' and (n.name like ? or n.code like ?)
          and (cardinality(?::text[]) = 0 or n.level = any(?::text[]))
        order by length(n.path), n.code limit ?""")
        .params(scopePath, scopePath, "%" + literal + "%", literal + "%", levelValues, levelValues, limit)
        .query((rs, i) -> new OrgNode.Found(node(rs, i), List.of((String[]) rs.getArray("trail").getArray())))
        .list();
  }

  /** One node with its trail from the scope's top node, see {@link #areasMatching}. */
  Optional<OrgNode.Found> nodeWithTrail(String scopePath, String code) {
    return jdbc.sql("select " + NODE_COLUMNS + ", " + TRAIL + """
         from org_node n left join org_node p on p.id = n.parent_id where n.code = ?""")
        .params(scopePath, code)
        .query((rs, i) -> new OrgNode.Found(node(rs, i), List.of((String[]) rs.getArray("trail").getArray())))
        .optional();
  }

  /** The names from the scope's top node (its path is the first parameter) down to n, by the codes in n's path. */
  private static final String TRAIL = """
      array(select a.name from org_node a
             where a.code = any(string_to_array(trim(both '/' from n.path), '/')) and a.level <> 'root'
               and a.path like ? || '%' order by length(a.path)) as trail
      """;

  List<OrgNode> areasUnder(String path, OrgLevel level) {
    return jdbc.sql("select " + NODE_COLUMNS + """
         from org_node n left join org_node p on p.id = n.parent_id
        where n.path like ? || '%' and n.level = ? order by n.code""")
        .params(path, level.dbValue()).query(OrgRepository::node).list();
  }

  List<PhoneBlock> phoneBlocks(long nodeId) {
    return jdbc.sql("select prefix, carrier from org_phone_block where node_id = ? order by prefix")
        .param(nodeId).query((rs, i) -> new PhoneBlock(rs.getString(1), rs.getString(2))).list();
  }

  long insertNode(String code, String name, OrgLevel level, UnitType unitType, Long parentId, String path,
      Long population, Long households, Integer villages, boolean demo) {
    return jdbc.sql("""
        insert into org_node (code, name, level, unit_type, parent_id, path, population, households, villages, figures_demo)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(code, name, level.dbValue(), unitType == null ? null : unitType.dbValue(), parentId, path,
            population, households, villages, demo)
        .query(Long.class).single();
  }

  void updateNode(long id, String name, Long population, Long households, Integer villages) {
    jdbc.sql("""
        update org_node set name = ?, population = ?, households = ?, villages = ?, figures_demo = false,
               updated_at = now() where id = ?""")
        .params(name, population, households, villages, id).update();
  }

  // --- bulk import: COPY inside the caller's transaction --------------------------------------------------

  /** A node to create, with its id taken from the sequence beforehand so that children can name it. */
  record NewNode(long id, String code, String name, OrgLevel level, UnitType unitType, long parentId, String path,
      Long population, Long households, Integer villages) {}

  /** New figures (and name) of an existing node. */
  record FigureUpdate(long id, String name, Long population, Long households, Integer villages) {}

  /** Phone blocks of one node. */
  record NodeBlocks(long nodeId, List<PhoneBlock> blocks) {}

  /** {@code count} fresh node ids, in order. */
  long[] nextNodeIds(int count) {
    if (count == 0) {
      return new long[0];
    }
    // one array rather than a row per id; the sequence named once (pg_get_serial_sequence per row cost a second)
    return jdbc.sql("select array_agg(nextval('org_node_id_seq')) from generate_series(1, ?)")
        .param(count).query((rs, i) -> {
          Long[] ids = (Long[]) rs.getArray(1).getArray();
          return java.util.Arrays.stream(ids).mapToLong(Long::longValue).toArray();
        }).single();
  }

  /** Creates nodes with COPY; parents must come before their children or exist already. */
  void copyNodes(List<NewNode> nodes) {
    StringBuilder csv = new StringBuilder(nodes.size() * 120);
    for (NewNode n : nodes) {
      csv.append(n.id()).append(',');
      quoted(csv, n.code()).append(',');
      quoted(csv, n.name()).append(',');
      csv.append(n.level().dbValue()).append(',');
      csv.append(n.unitType() == null ? "" : n.unitType().dbValue()).append(',');
      csv.append(n.parentId()).append(',');
      quoted(csv, n.path()).append(',');
      figures(csv, n.population(), n.households(), n.villages()).append(",f\n");
    }
    copy("copy org_node (id, code, name, level, unit_type, parent_id, path, population, households, villages, "
        + "figures_demo) from stdin with (format csv)", csv);
  }

  /** Sets the name and figures of many nodes: COPY into a scratch table, then one update. */
  void updateFigures(List<FigureUpdate> updates) {
    if (updates.isEmpty()) {
      return;
    }
    jdbc.sql("""
        create temporary table org_import_figures (id bigint, name text, population bigint, households bigint,
          villages integer) on commit drop""").update();
    StringBuilder csv = new StringBuilder(updates.size() * 60);
    for (FigureUpdate u : updates) {
      csv.append(u.id()).append(',');
      quoted(csv, u.name()).append(',');
      figures(csv, u.population(), u.households(), u.villages()).append('\n');
    }
    copy("copy org_import_figures from stdin with (format csv)", csv);
    jdbc.sql("""
        update org_node n set name = f.name, population = f.population, households = f.households,
               villages = f.villages, figures_demo = false, updated_at = now()
          from org_import_figures f where n.id = f.id""").update();
    jdbc.sql("drop table org_import_figures").update();
  }

  /** Replaces the phone blocks of these nodes (a node not listed keeps its own). */
  void replacePhoneBlocks(List<NodeBlocks> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    jdbc.sql("delete from org_phone_block where node_id = any(?)")
        .param(nodes.stream().mapToLong(NodeBlocks::nodeId).boxed().toArray(Long[]::new)).update();
    StringBuilder csv = new StringBuilder();
    for (NodeBlocks n : nodes) {
      for (PhoneBlock b : n.blocks()) {
        csv.append(n.nodeId()).append(',');
        quoted(csv, b.prefix()).append(',');
        if (b.carrier() != null) {
          quoted(csv, b.carrier());
        }
        csv.append('\n');
      }
    }
    copy("copy org_phone_block (node_id, prefix, carrier) from stdin with (format csv)", csv);
  }

  /** Population margins (sex × age band) of one node. */
  record NodeMargins(long nodeId, List<PopulationCell> cells) {}

  /** Replaces the population margins of these nodes (a node not listed keeps its own). */
  void replaceMargins(List<NodeMargins> nodes) {
    if (nodes.isEmpty()) {
      return;
    }
    jdbc.sql("delete from org_area_margin where node_id = any(?)")
        .param(nodes.stream().mapToLong(NodeMargins::nodeId).boxed().toArray(Long[]::new)).update();
    StringBuilder csv = new StringBuilder();
    for (NodeMargins n : nodes) {
      for (PopulationCell c : n.cells()) {
        csv.append(n.nodeId()).append(',').append(c.sex()).append(',').append(c.ageFrom()).append(',')
            .append(c.ageTo() == null ? "" : c.ageTo()).append(',').append(c.population()).append('\n');
      }
    }
    copy("copy org_area_margin (node_id, sex, age_from, age_to, population) from stdin with (format csv)", csv);
  }

  /** The population margins of the areas with these codes (areas without margins are absent). */
  java.util.Map<String, List<PopulationCell>> margins(java.util.Collection<String> codes) {
    java.util.Map<String, List<PopulationCell>> out = new java.util.TreeMap<>();
    jdbc.sql("""
        select n.code, m.sex, m.age_from, m.age_to, m.population from org_area_margin m
          join org_node n on n.id = m.node_id where n.code = any(?) order by n.code, m.sex, m.age_from""")
        .param(codes.toArray(String[]::new))
        .query(rs -> {
          out.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>()).add(new PopulationCell(
              rs.getString(2), rs.getInt(3), (Integer) rs.getObject(4), rs.getLong(5)));
        });
    return out;
  }

  /**
   * Demo margins for the demo towns: their population aged 16 and over by sex and six age bands (shares of
   * Zhejiang's 2020 census shape, rounded), then summed up to their counties.
   */
  void insertDemoMargins() {
    jdbc.sql("""
        insert into org_area_margin (node_id, sex, age_from, age_to, population)
        select n.id, s.sex, b.age_from, b.age_to,
               round(n.population * b.share * s.share * (0.97 + (abs(hashtext(n.code || s.sex || b.age_from)) % 61) / 1000.0))
          from org_node n
          cross join (values ('m', 0.51), ('f', 0.49)) s(sex, share)
          cross join (values (16, 29, 0.17), (30, 39, 0.17), (40, 49, 0.16), (50, 59, 0.16), (60, 69, 0.11),
                             (70, null, 0.08)) b(age_from, age_to, share)
         where n.level = 'town' and n.figures_demo and n.population is not null""").update();
    jdbc.sql("""
        insert into org_area_margin (node_id, sex, age_from, age_to, population)
        select p.id, m.sex, m.age_from, m.age_to, sum(m.population)
          from org_area_margin m join org_node t on t.id = m.node_id join org_node p on p.id = t.parent_id
         where t.figures_demo and p.level = 'county'
         group by p.id, m.sex, m.age_from, m.age_to""").update();
  }

  private void copy(String sql, CharSequence csv) {
    if (csv.isEmpty()) {
      return;
    }
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(csv.toString()));
    } catch (SQLException e) {
      throw new org.springframework.jdbc.UncategorizedSQLException("COPY", sql, e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  /** A CSV field for COPY: always quoted, so that an empty text is "" and only a missing value is NULL. */
  private static StringBuilder quoted(StringBuilder csv, String text) {
    return csv.append('"').append(text.replace("\"", "\"\"")).append('"');
  }

  private static StringBuilder figures(StringBuilder csv, Long population, Long households, Integer villages) {
    return csv.append(population == null ? "" : population).append(',')
        .append(households == null ? "" : households).append(',')
        .append(villages == null ? "" : villages);
  }

  /** Sets every area's figures to the sum over its children, bottom-up, where all children have figures. */
  void rollUpDemoFigures() {
    for (String level : List.of("county", "city", "province")) {
      jdbc.sql("""
          update org_node n set population = s.population, households = s.households, villages = s.villages,
                 figures_demo = true
            from (select parent_id, sum(population) population, sum(households) households, sum(villages) villages
                    from org_node where level <> 'unit' group by parent_id) s
           where s.parent_id = n.id and n.level = ? and n.population is null""")
          .param(level).update();
    }
  }

  // --- users ---------------------------------------------------------------------------------------------

  private static final String USER_COLUMNS = """
      u.username, u.display_name, u.role, n.code, n.name, n.path, u.enabled, u.created_at
      from app_user u join org_node n on n.id = u.org_node_id
      """;

  boolean hasUsers() {
    return jdbc.sql("select exists (select 1 from app_user)").query(Boolean.class).single();
  }

  // User names are case-insensitive: every lookup compares lower(username), which a unique index covers.

  Optional<UserAccount> user(String username) {
    return jdbc.sql("select " + USER_COLUMNS + " where lower(u.username) = lower(?)").param(username)
        .query(OrgRepository::user).optional();
  }

  List<UserAccount> usersInSubtree(String path) {
    return jdbc.sql("select " + USER_COLUMNS + " where n.path like ? || '%' order by n.path, u.username")
        .param(path).query(OrgRepository::user).list();
  }

  Optional<String> passwordHash(String username) {
    return jdbc.sql("select password_hash from app_user where lower(username) = lower(?) and enabled")
        .param(username).query(String.class).optional();
  }

  /** Whether the account must change its password before doing anything else (false for an unknown name). */
  boolean mustChangePassword(String username) {
    return jdbc.sql("select must_change_password from app_user where lower(username) = lower(?)")
        .param(username).query(Boolean.class).optional().orElse(false);
  }

  void insertUser(String username, String displayName, String hash, Role role, long nodeId, boolean mustChangePassword) {
    jdbc.sql("""
        insert into app_user (username, display_name, password_hash, role, org_node_id, must_change_password)
        values (?, ?, ?, ?, ?, ?)""")
        .params(username, displayName, hash, role.dbValue(), nodeId, mustChangePassword).update();
  }

  void updatePassword(String username, String hash, boolean mustChangePassword) {
    jdbc.sql("""
        update app_user set password_hash = ?, must_change_password = ?, password_changed_at = now()
         where lower(username) = lower(?)""")
        .params(hash, mustChangePassword, username).update();
  }

  void updateEnabled(String username, boolean enabled) {
    jdbc.sql("update app_user set enabled = ? where lower(username) = lower(?)").params(enabled, username).update();
  }

  /**
   * Ends the account's sign-in sessions (Spring Session JDBC keeps them in spring_session, indexed by principal
   * name), except the one given (the session that changed its own password), in the caller's transaction.
   */
  int endSessions(String username, String exceptSessionId) {
    return jdbc.sql("delete from spring_session where principal_name = ? and session_id <> ?")
        .params(username, exceptSessionId == null ? "" : exceptSessionId).update();
  }

  private static OrgNode node(ResultSet rs, int row) throws SQLException {
    return new OrgNode(
        rs.getLong("id"), rs.getString("code"), rs.getString("name"), OrgLevel.fromDb(rs.getString("level")),
        UnitType.fromDb(rs.getString("unit_type")), rs.getString("parent_code"), rs.getString("path"),
        rs.getObject("population", Long.class), rs.getObject("households", Long.class),
        rs.getObject("villages", Integer.class), rs.getBoolean("figures_demo"), rs.getInt("child_count"));
  }

  private static UserAccount user(ResultSet rs, int row) throws SQLException {
    return new UserAccount(rs.getString(1), rs.getString(2), Role.fromDb(rs.getString(3)), rs.getString(4),
        rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getTimestamp(8).toInstant());
  }
}
