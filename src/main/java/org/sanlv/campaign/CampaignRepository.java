package org.sanlv.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of campaigns, their tasks and items (V27, V28). */
@Repository
class CampaignRepository {

  private final JdbcClient jdbc;

  CampaignRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A campaign with the tree path of its area (for scope checks). */
  record Row(Campaign campaign, String areaPath) {}

  private static final String CAMPAIGN = """
      select c.id, c.area_code, n.name as area_name, c.year, c.name, c.template, c.starts_on, c.ends_on, n.path
      from campaign c join org_node n on n.code = c.area_code""";

  private static Row row(ResultSet rs, int i) throws SQLException {
    return new Row(new Campaign(rs.getLong("id"), rs.getString("area_code"), rs.getString("area_name"),
        rs.getInt("year"), rs.getString("name"), rs.getString("template"), rs.getObject("starts_on", LocalDate.class),
        rs.getObject("ends_on", LocalDate.class)), rs.getString("path"));
  }

  long insertCampaign(String areaCode, int year, String name, String template, LocalDate starts, LocalDate ends,
      String by) {
    return jdbc.sql("""
        insert into campaign (area_code, year, name, template, starts_on, ends_on, created_by)
        values (?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(areaCode, year, name, template, starts, ends, by).query(Long.class).single();
  }

  boolean exists(String areaCode, int year, String name) {
    return jdbc.sql("select count(*) from campaign where area_code = ? and year = ? and name = ?")
        .params(areaCode, year, name).query(Long.class).single() > 0;
  }

  Optional<Row> campaign(long id) {
    return jdbc.sql(CAMPAIGN + " where c.id = ?").param(id).query(CampaignRepository::row).optional();
  }

  /** Campaigns of areas inside the path or above it (a town works in its county's campaign). */
  List<Row> campaignsAround(String path) {
    return jdbc.sql(CAMPAIGN + " where n.path like ? || '%' or ? like n.path || '%' order by c.year desc, c.id desc")
        .params(path, path).query(CampaignRepository::row).list();
  }

  Optional<String> campaignPath(long id) {
    return jdbc.sql("select n.path from campaign c join org_node n on n.code = c.area_code where c.id = ?")
        .param(id).query(String.class).optional();
  }

  Optional<String> itemPath(long itemId) {
    return jdbc.sql("select n.path from campaign_item i join org_node n on n.code = i.unit_code where i.id = ?")
        .param(itemId).query(String.class).optional();
  }

  /** Towns/streets below the area, then the units attached to the area itself. */
  List<Unit> units(String areaPath, String areaCode) {
    return jdbc.sql("""
        select code, name, case when level = 'town' then 'town' when unit_type = 'department' then 'department'
               else 'company' end as kind
        from org_node
        where (level = 'town' and path like ? || '%')
           or (level = 'unit' and parent_id = (select id from org_node where code = ?))
        order by level = 'unit', code""")
        .params(areaPath, areaCode).query((rs, i) -> new Unit(rs.getString(1), rs.getString(2), rs.getString(3))).list();
  }

  /** Code, name and path of a node, if it exists. */
  record Node(String code, String name, String path, String level) {}

  Optional<Node> node(String code) {
    return jdbc.sql("select code, name, path, level from org_node where code = ?").param(code)
        .query((rs, i) -> new Node(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4))).optional();
  }

  long insertTask(long campaignId, String section, int seq, String placeZh, String placeEn, String titleZh,
      String titleEn, String reqZh, String reqEn, String responsible, String recurrence, LocalDate starts,
      LocalDate due, String by) {
    return jdbc.sql("""
        insert into campaign_task (campaign_id, section, seq, place_zh, place_en, title_zh, title_en, requirement_zh,
          requirement_en, responsible, recurrence, starts_on, due_on, created_by)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(campaignId, section, seq, placeZh, placeEn, titleZh, titleEn, reqZh, reqEn, responsible, recurrence,
            starts, due, by).query(Long.class).single();
  }

  /** One item per unit and period, in one statement (codes and ISO dates are safe array literals). */
  int insertItems(long taskId, long campaignId, List<String> units, List<LocalDate[]> periods) {
    if (units.isEmpty() || periods.isEmpty()) {
      return 0;
    }
    String codes = "{" + String.join(",", units) + "}";
    String starts = "{" + String.join(",", periods.stream().map(p -> p[0].toString()).toList()) + "}";
    String dues = "{" + String.join(",", periods.stream().map(p -> p[1].toString()).toList()) + "}";
    return jdbc.sql("""
        insert into campaign_item (task_id, campaign_id, unit_code, period_start, due_on)
        select ?, ?, u, p.s, p.d from unnest(?::text[]) u cross join unnest(?::date[], ?::date[]) as p(s, d)
        on conflict do nothing""").params(taskId, campaignId, codes, starts, dues).update();
  }

  int nextSeq(long campaignId) {
    return jdbc.sql("select coalesce(max(seq), 0) + 1 from campaign_task where campaign_id = ? and section = 'task' and seq < 100")
        .param(campaignId).query(Integer.class).single();
  }

  private static final String ITEM = """
      select i.id, i.task_id, t.section, t.seq, t.place_zh, t.place_en, t.title_zh, t.title_en, t.requirement_zh,
             t.requirement_en, t.responsible, t.recurrence, i.unit_code, n.name as unit_name, n.path, i.period_start,
             i.due_on, i.status, i.updated_by, i.updated_at,
             (select count(*) from campaign_evidence e where e.item_id = i.id) as evidence,
             (select count(*) from campaign_comment m where m.item_id = i.id) as comments
      from campaign_item i join campaign_task t on t.id = i.task_id join org_node n on n.code = i.unit_code""";

  private static CampaignService.Item item(ResultSet rs, LocalDate today) throws SQLException {
    LocalDate due = rs.getObject("due_on", LocalDate.class);
    String status = rs.getString("status");
    java.sql.Timestamp at = rs.getTimestamp("updated_at");
    return new CampaignService.Item(rs.getLong("id"), rs.getLong("task_id"), rs.getString("section"),
        rs.getInt("seq"), rs.getString("place_zh"), rs.getString("place_en"), rs.getString("title_zh"),
        rs.getString("title_en"), rs.getString("requirement_zh"), rs.getString("requirement_en"),
        rs.getString("responsible"), rs.getString("recurrence"), rs.getString("unit_code"), rs.getString("unit_name"),
        rs.getObject("period_start", LocalDate.class), due, status, !"done".equals(status) && due.isBefore(today),
        rs.getString("updated_by"), at == null ? null : at.toInstant(), rs.getInt("evidence"), rs.getInt("comments"));
  }

  /** The campaign's items whose unit is inside the path, by section, due date and unit. */
  List<CampaignService.Item> items(long campaignId, String path, String section, String unitCode, LocalDate today) {
    return jdbc.sql(ITEM + "\n" + """
         where i.campaign_id = ? and n.path like ? || '%' and (?::text is null or t.section = ?)
           and (?::text is null or i.unit_code = ?)
         order by t.section desc, i.due_on, t.seq, n.path, i.id""")
        .params(campaignId, path, section, section, unitCode, unitCode)
        .query((rs, i) -> item(rs, today)).list();
  }

  Optional<CampaignService.Item> item(long itemId, LocalDate today) {
    return jdbc.sql(ITEM + " where i.id = ?").param(itemId).query((rs, i) -> item(rs, today)).optional();
  }

  /** The item's campaign id. */
  long itemCampaign(long itemId) {
    return jdbc.sql("select campaign_id from campaign_item where id = ?").param(itemId).query(Long.class).single();
  }

  /** Per responsible unit inside the path: items of tasks and of the checklist, done and overdue. */
  List<CampaignService.Progress> progress(long campaignId, String path, LocalDate today) {
    return jdbc.sql("""
        select i.unit_code, n.name, n.level, n.unit_type,
               count(*) filter (where t.section = 'task') as tasks,
               count(*) filter (where t.section = 'task' and i.status = 'done') as tasks_done,
               count(*) filter (where i.status <> 'done' and i.due_on < ?) as overdue,
               count(*) filter (where t.section = 'checklist') as checklist,
               count(*) filter (where t.section = 'checklist' and i.status = 'done') as checklist_done
        from campaign_item i join campaign_task t on t.id = i.task_id join org_node n on n.code = i.unit_code
        where i.campaign_id = ? and n.path like ? || '%'
        group by i.unit_code, n.name, n.level, n.unit_type, n.path
        order by overdue desc, n.path""")
        .params(today, campaignId, path)
        .query((rs, i) -> new CampaignService.Progress(rs.getString(1), rs.getString(2),
            "town".equals(rs.getString(3)) ? "town" : "unit".equals(rs.getString(3))
                ? ("department".equals(rs.getString(4)) ? "department" : "company") : "office",
            rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9))).list();
  }

  void setStatus(long itemId, String status, String by, Instant at) {
    jdbc.sql("update campaign_item set status = ?, updated_by = ?, updated_at = ? where id = ?")
        .params(status, by, java.sql.Timestamp.from(at), itemId).update();
  }

  /** The path of a stored file's area, if the file exists. */
  Optional<String> filePath(long fileId) {
    return jdbc.sql("select n.path from stored_file f join org_node n on n.code = f.area_code where f.id = ?")
        .param(fileId).query(String.class).optional();
  }

  long insertEvidence(long itemId, Long fileId, String url, String note, String by, Instant at) {
    return jdbc.sql("""
        insert into campaign_evidence (item_id, file_id, url, note, added_by, added_at)
        values (?, ?, ?, ?, ?, ?) returning id""")
        .params(itemId, fileId, url, note, by, java.sql.Timestamp.from(at)).query(Long.class).single();
  }

  long insertComment(long itemId, String body, String by, Instant at) {
    return jdbc.sql("insert into campaign_comment (item_id, body, author, created_at) values (?, ?, ?, ?) returning id")
        .params(itemId, body, by, java.sql.Timestamp.from(at)).query(Long.class).single();
  }

  List<CampaignService.Evidence> evidence(long itemId) {
    return jdbc.sql("""
        select e.id, e.file_id, f.content_type, f.original_name, e.url, e.note, e.added_by, e.added_at
        from campaign_evidence e left join stored_file f on f.id = e.file_id where e.item_id = ? order by e.id""")
        .param(itemId).query((rs, i) -> new CampaignService.Evidence(rs.getLong(1), (Long) rs.getObject(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
            rs.getTimestamp(8).toInstant())).list();
  }

  List<CampaignService.Comment> comments(long itemId) {
    return jdbc.sql("select id, body, author, created_at from campaign_comment where item_id = ? order by id")
        .param(itemId).query((rs, i) -> new CampaignService.Comment(rs.getLong(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant())).list();
  }
}
