package org.sanlv.ledger;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All SQL of the ledger: problems, their trail and photos, categories, assignees and the statistics. */
@Repository
class LedgerRepository {

  /** The statuses in which a problem is being worked: past its deadline it is overdue. */
  static final List<String> WORKING = List.of("assigned", "in-progress", "reopened");

  private final JdbcClient jdbc;

  LedgerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A node of the tree as the ledger needs it. */
  record Node(String code, String name, String level, String path) {}

  /** A problem's row with the names and paths the service needs to check scope and show it. */
  record Row(long id, String areaCode, String areaName, String areaPath, String address, String source,
      String category, String categoryZh, String categoryEn, String description, String residentName,
      String residentPhone, String recordedBy, String recordedByName, Instant recordedAt, String status,
      String assignee, String assigneeName, String ownerCode, String ownerName, String ownerPath, LocalDate deadline,
      String resolution, String resolvedBy, Instant resolvedAt, String satisfaction, String closedBy, Instant closedAt,
      int version) {}

  /** A category with both names. */
  record CategoryRow(String code, String nameZh, String nameEn, int sort, boolean active) {}

  private static final String ROW_SELECT = """
      select p.id, p.area_code, a.name as area_name, a.path as area_path, p.address, p.source, p.category,
             c.name_zh, c.name_en, p.description, p.resident_name, p.resident_phone, p.recorded_by,
             ru.display_name as recorded_by_name, p.recorded_at, p.status, p.assignee, au.display_name as assignee_name,
             p.owner_code, o.name as owner_name, o.path as owner_path, p.deadline, p.resolution, p.resolved_by,
             p.resolved_at, p.satisfaction, p.closed_by, p.closed_at, p.version
        from ledger_problem p
        join org_node a on a.code = p.area_code
        join ledger_category c on c.code = p.category
        left join org_node o on o.code = p.owner_code
        left join app_user ru on ru.username = p.recorded_by
        left join app_user au on au.username = p.assignee
      """;

  private static Row row(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getLong("id"), rs.getString("area_code"), rs.getString("area_name"), rs.getString("area_path"),
        rs.getString("address"), rs.getString("source"), rs.getString("category"), rs.getString("name_zh"),
        rs.getString("name_en"), rs.getString("description"), rs.getString("resident_name"),
        rs.getString("resident_phone"), rs.getString("recorded_by"), rs.getString("recorded_by_name"),
        instant(rs.getTimestamp("recorded_at")), rs.getString("status"), rs.getString("assignee"),
        rs.getString("assignee_name"), rs.getString("owner_code"), rs.getString("owner_name"),
        rs.getString("owner_path"), date(rs.getDate("deadline")), rs.getString("resolution"),
        rs.getString("resolved_by"), instant(rs.getTimestamp("resolved_at")), rs.getString("satisfaction"),
        rs.getString("closed_by"), instant(rs.getTimestamp("closed_at")), rs.getInt("version"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static LocalDate date(Date d) {
    return d == null ? null : d.toLocalDate();
  }

  Optional<Node> node(String code) {
    return jdbc.sql("select code, name, level, path from org_node where code = ?").param(code)
        .query((rs, n) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).optional();
  }

  /** The nearest county at or above the node at this path (a problem's county: who may be assigned). */
  Optional<Node> countyOf(String path) {
    return jdbc.sql("""
        select code, name, level, path from org_node
         where level = 'county' and ? like path || '%' order by length(path) desc limit 1""")
        .param(path)
        .query((rs, n) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).optional();
  }

  // ---- categories

  List<CategoryRow> categories() {
    return jdbc.sql("select code, name_zh, name_en, sort, active from ledger_category order by sort, code")
        .query((rs, n) -> new CategoryRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getBoolean(5)))
        .list();
  }

  Optional<CategoryRow> category(String code) {
    return categories().stream().filter(c -> c.code().equals(code)).findFirst();
  }

  void saveCategory(CategoryRow c) {
    jdbc.sql("""
        insert into ledger_category (code, name_zh, name_en, sort, active) values (?, ?, ?, ?, ?)
        on conflict (code) do update set name_zh = excluded.name_zh, name_en = excluded.name_en,
          sort = excluded.sort, active = excluded.active""")
        .params(c.code(), c.nameZh(), c.nameEn(), c.sort(), c.active()).update();
  }

  // ---- problems

  long insert(NewProblem p, String recordedBy, Instant now) {
    long id = jdbc.sql("""
        insert into ledger_problem (area_code, address, source, category, description, resident_name, resident_phone,
                                    recorded_by, recorded_at, status, updated_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'new', ?) returning id""")
        .params(p.areaCode(), p.address(), p.source(), p.category(), p.description(), p.residentName(),
            p.residentPhone(), recordedBy, Timestamp.from(now), Timestamp.from(now))
        .query(Long.class).single();
    return id;
  }

  Optional<Row> find(long id) {
    return jdbc.sql(ROW_SELECT + " where p.id = ?").param(id).query(LedgerRepository::row).optional();
  }

  /** The paths from which a problem is reached: its area's, and its owner's once assigned. */
  Optional<List<String>> paths(long id) {
    return jdbc.sql("""
        select a.path, o.path from ledger_problem p join org_node a on a.code = p.area_code
          left join org_node o on o.code = p.owner_code where p.id = ?""")
        .param(id)
        .query((rs, n) -> rs.getString(2) == null ? List.of(rs.getString(1)) : List.of(rs.getString(1), rs.getString(2)))
        .optional();
  }

  void event(long problemId, Instant at, String actor, String from, String to, String assignee, LocalDate deadline,
      String note) {
    jdbc.sql("""
        insert into ledger_event (problem_id, at, actor, from_status, to_status, assignee, deadline, note)
        values (?, ?, ?, ?, ?, ?, ?, ?)""")
        .params(problemId, Timestamp.from(at), actor, from, to, assignee, deadline == null ? null : Date.valueOf(deadline),
            note)
        .update();
  }

  void photo(long problemId, long fileId, String stage, String by, Instant at) {
    jdbc.sql("""
        insert into ledger_photo (problem_id, file_id, stage, added_by, added_at) values (?, ?, ?, ?, ?)
        on conflict do nothing""")
        .params(problemId, fileId, stage, by, Timestamp.from(at)).update();
  }

  List<Event> trail(long problemId) {
    return jdbc.sql("""
        select e.at, e.actor, u.display_name, e.from_status, e.to_status, e.assignee, au.display_name, e.deadline, e.note
          from ledger_event e left join app_user u on u.username = e.actor
          left join app_user au on au.username = e.assignee
         where e.problem_id = ? order by e.at, e.id""")
        .param(problemId)
        .query((rs, n) -> new Event(instant(rs.getTimestamp(1)), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), rs.getString(6), rs.getString(7), date(rs.getDate(8)), rs.getString(9)))
        .list();
  }

  List<Photo> photos(long problemId) {
    return jdbc.sql("""
        select lp.file_id, lp.stage, f.content_type from ledger_photo lp join stored_file f on f.id = lp.file_id
         where lp.problem_id = ? order by lp.added_at, lp.file_id""")
        .param(problemId)
        .query((rs, n) -> new Photo(rs.getLong(1), rs.getString(2), rs.getString(3).startsWith("image/")))
        .list();
  }

  boolean hasPhoto(long problemId, long fileId) {
    return jdbc.sql("select count(*) from ledger_photo where problem_id = ? and file_id = ?")
        .params(problemId, fileId).query(Long.class).single() > 0;
  }

  /** The paths of every problem a file is attached to (scope of {@code {photoId}}), empty when none. */
  Optional<List<String>> photoPaths(long fileId) {
    List<String> paths = jdbc.sql("""
        select distinct x.path from ledger_photo lp join ledger_problem p on p.id = lp.problem_id
          cross join lateral (select a.path from org_node a where a.code = p.area_code
                              union all select o.path from org_node o where o.code = p.owner_code) x
         where lp.file_id = ?""")
        .param(fileId).query(String.class).list();
    return paths.isEmpty() ? Optional.empty() : Optional.of(paths);
  }

  /**
   * One change of status, only if the problem is still in the expected status and version (optimistic lock).
   *
   * @param set the assignments after {@code set}, e.g. {@code "assignee = ?, owner_code = ?"}
   * @return whether the row changed (false: somebody else changed it first)
   */
  boolean transition(long id, String fromStatus, int version, String toStatus, Instant now, String set,
      Object... params) {
    List<Object> all = new ArrayList<>();
    all.add(toStatus);
    all.add(Timestamp.from(now));
    all.addAll(java.util.Arrays.asList(params));
    all.add(id);
    all.add(fromStatus);
    all.add(version);
    return jdbc.sql("update ledger_problem set status = ?, updated_at = ?, version = version + 1"
        + (set.isEmpty() ? "" : ", " + set) + " where id = ? and status = ? and version = ?")
        .params(all).update() == 1;
  }

  // ---- lists

  /** The filter's where clause over {@code p}, {@code a} (area) and {@code o} (owner), with its parameters. */
  record Where(String sql, List<Object> params) {}

  static Where where(String scopePath, String areaPath, String ownerPath, String assignee, String status,
      String category, String source, Boolean overdue, LocalDate today, Instant from, Instant to) {
    StringBuilder sql = new StringBuilder(" where (a.path like ? || '%' or o.path like ? || '%')");
    List<Object> params = new ArrayList<>(List.of(scopePath, scopePath));
    if (areaPath != null) {
      sql.append(" and (a.path like ? || '%' or o.path like ? || '%')");
      params.add(areaPath);
      params.add(areaPath);
    }
    if (ownerPath != null) {
      sql.append(" and o.path like ? || '%'");
      params.add(ownerPath);
    }
    if (assignee != null) {
      sql.append(" and p.assignee = ?");
      params.add(assignee);
    }
    if ("open".equals(status)) {
      sql.append(" and p.status in ('new', 'assigned', 'in-progress', 'reopened')");
    } else if (status != null) {
      sql.append(" and p.status = ?");
      params.add(status);
    }
    if (category != null) {
      sql.append(" and p.category = ?");
      params.add(category);
    }
    if (source != null) {
      sql.append(" and p.source = ?");
      params.add(source);
    }
    if (overdue != null) {
      String isOverdue = "(p.deadline < ? and p.status in ('assigned', 'in-progress', 'reopened'))";
      sql.append(overdue ? " and " + isOverdue : " and not coalesce(" + isOverdue + ", false)");
      params.add(Date.valueOf(today));
    }
    if (from != null) {
      sql.append(" and p.recorded_at >= ?");
      params.add(Timestamp.from(from));
    }
    if (to != null) {
      sql.append(" and p.recorded_at < ?");
      params.add(Timestamp.from(to));
    }
    return new Where(sql.toString(), params);
  }

  /** A page of problems, newest first. */
  /** How many problems the filter holds (the list's total). */
  long count(Where where) {
    return jdbc.sql("select count(*) from (" + ROW_SELECT + where.sql() + ") q").params(where.params())
        .query(Long.class).single();
  }

  List<Row> list(Where where, int limit, long offset) {
    List<Object> params = new ArrayList<>(where.params());
    params.add(limit);
    params.add(offset);
    return jdbc.sql(ROW_SELECT + where.sql() + " order by p.recorded_at desc, p.id desc limit ? offset ?")
        .params(params).query(LedgerRepository::row).list();
  }

  // ---- assignees

  /** Enabled accounts of these roles whose node is in the subtree at {@code path}, by node and name. */
  List<Assignee> accountsUnder(String path, List<String> roles) {
    return jdbc.sql("""
        select u.username, u.display_name, n.code, n.name, u.role from app_user u join org_node n on n.id = u.org_node_id
         where u.enabled and n.path like ? || '%' and u.role = any(?) order by n.path, u.display_name, u.username""")
        .params(path, roles.toArray(new String[0]))
        .query((rs, n) -> new Assignee(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5)))
        .list();
  }

  // ---- statistics

  /** One row of the statistics query: a cell or a margin (grouping bits tell which). */
  record StatRow(String month, String child, String category, long recorded, long resolved, long closed, long open,
      long overdue, Double median, long satisfied, long basicallySatisfied, long dissatisfied, long unreachable,
      long declined) {}

  /**
   * The figures of problems in the subtree at {@code areaPath} that the caller sees, per month × child × category and
   * the margins, in one statement. Each problem contributes its recording, resolution and closing, each in its own
   * month (China time) within [from, to). The rows are the nodes {@code depth} levels below the area (2 for a
   * province: its counties, skipping the cities), or the area itself for what is recorded on it.
   */
  List<StatRow> statistics(String scopePath, String areaPath, String areaCode, int depth, Instant from, Instant to,
      LocalDate today) {
    return jdbc.sql("""
        with visible as (
          select p.*, case when a.path like :area || '%' then a.path else o.path end as placed
            from ledger_problem p join org_node a on a.code = p.area_code left join org_node o on o.code = p.owner_code
           where (a.path like :scope || '%' or o.path like :scope || '%')
             and (a.path like :area || '%' or o.path like :area || '%')
        ), facts as (
          select v.status, v.deadline, v.satisfaction, v.category, v.recorded_at, v.resolved_at, f.kind,
                 to_char(f.at at time zone 'Asia/Shanghai', 'YYYY-MM') as month,
                 coalesce(nullif(split_part(substr(v.placed, length(:area) + 1), '/', :depth), ''),
                          nullif(split_part(substr(v.placed, length(:area) + 1), '/', 1), ''), :self) as child
            from visible v
            cross join lateral (values ('recorded', v.recorded_at), ('resolved', v.resolved_at),
                                       ('closed', v.closed_at)) as f(kind, at)
           where f.at >= :from and f.at < :to
        )
        select month, child, category,
               grouping(month) as g_month, grouping(child) as g_child, grouping(category) as g_category,
               count(*) filter (where kind = 'recorded') as recorded,
               count(*) filter (where kind = 'resolved') as resolved,
               count(*) filter (where kind = 'closed') as closed,
               count(*) filter (where kind = 'recorded' and status in ('new', 'assigned', 'in-progress', 'reopened'))
                 as open,
               count(*) filter (where kind = 'recorded' and status in ('assigned', 'in-progress', 'reopened')
                                  and deadline < :today) as overdue,
               percentile_cont(0.5) within group (order by extract(epoch from (resolved_at - recorded_at)) / 86400.0)
                 filter (where kind = 'resolved') as median,
               count(*) filter (where kind = 'closed' and satisfaction = 'satisfied') as satisfied,
               count(*) filter (where kind = 'closed' and satisfaction = 'basically-satisfied') as basically,
               count(*) filter (where kind = 'closed' and satisfaction = 'dissatisfied') as dissatisfied,
               count(*) filter (where kind = 'closed' and satisfaction = 'unreachable') as unreachable,
               count(*) filter (where kind = 'closed' and satisfaction = 'declined') as declined
          from facts
         group by grouping sets ((month, child, category), (month), (child), (category), ())
        """)
        .param("scope", scopePath).param("area", areaPath).param("self", areaCode).param("depth", depth)
        .param("from", Timestamp.from(from)).param("to", Timestamp.from(to)).param("today", Date.valueOf(today))
        .query((rs, n) -> {
          boolean allMonths = rs.getInt("g_month") == 1;
          boolean allAreas = rs.getInt("g_child") == 1;
          boolean allCategories = rs.getInt("g_category") == 1;
          double median = rs.getDouble("median");
          Double medianOrNull = rs.wasNull() ? null : median;
          return new StatRow(allMonths ? null : rs.getString("month"), allAreas ? null : rs.getString("child"),
              allCategories ? null : rs.getString("category"), rs.getLong("recorded"), rs.getLong("resolved"),
              rs.getLong("closed"), rs.getLong("open"), rs.getLong("overdue"), medianOrNull,
              rs.getLong("satisfied"), rs.getLong("basically"), rs.getLong("dissatisfied"), rs.getLong("unreachable"),
              rs.getLong("declined"));
        })
        .list();
  }

  /** Names of these nodes. */
  List<Node> nodes(List<String> codes) {
    if (codes.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("select code, name, level, path from org_node where code = any(?) order by path")
        .param(codes.toArray(new String[0]))
        .query((rs, n) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).list();
  }
}
