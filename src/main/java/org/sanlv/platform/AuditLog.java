package org.sanlv.platform;

import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The audit trail: one row per audited action (imports, account changes, draws, publications). */
@Repository
public class AuditLog {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final JdbcClient jdbc;

  AuditLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Records an action; call it inside the transaction of the action so both commit or neither. */
  public void record(String actor, String action, String target, Map<String, ?> detail) {
    jdbc.sql("insert into audit_log (actor, action, target, detail) values (?, ?, ?, ?::jsonb)")
        .params(actor, action, target, JSON.writeValueAsString(detail))
        .update();
  }

  /** The latest entries, newest first. */
  public java.util.List<Entry> latest(int limit) {
    return jdbc.sql("select at, actor, action, target, detail::text from audit_log order by id desc limit ?")
        .param(limit)
        .query((rs, i) -> new Entry(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3),
            rs.getString(4), rs.getString(5)))
        .list();
  }

  public record Entry(java.time.Instant at, String actor, String action, String target, String detailJson) {}
}
