package org.sanlv.campaign;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of stored files (table {@code stored_file}, V27). */
@Repository
class CampaignFileRepository {

  private static final String COLUMNS = """
      f.id, f.content_type, f.size_bytes, f.original_name, f.thumbnail is not null as has_thumbnail, f.area_code,
      f.uploaded_by, f.uploaded_at, n.path""";

  private final JdbcClient jdbc;

  CampaignFileRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A file with the tree path of its area, for the scope check. */
  record Placed(StoredFile file, String areaPath) {}

  /** Where the bytes are: in the row, or in a file at {@code path}. */
  record Stored(String sha256, byte[] bytes, String path, byte[] thumbnail) {}

  long insert(String sha256, String contentType, long size, String originalName, byte[] bytes, String path,
      byte[] thumbnail, String areaCode, String uploadedBy, Instant at) {
    return jdbc.sql("""
        insert into stored_file (sha256, content_type, size_bytes, original_name, bytes, path, thumbnail, area_code,
                                 uploaded_by, uploaded_at)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(sha256, contentType, size, originalName, bytes, path, thumbnail, areaCode, uploadedBy,
            Timestamp.from(at))
        .query(Long.class).single();
  }

  Optional<Placed> find(long id) {
    return jdbc.sql("select " + COLUMNS + " from stored_file f join org_node n on n.code = f.area_code where f.id = ?")
        .param(id).query(CampaignFileRepository::placed).optional();
  }

  /** The newest files of the areas under a path. */
  List<StoredFile> newestUnder(String path, int limit) {
    return jdbc.sql("select " + COLUMNS + """
         from stored_file f join org_node n on n.code = f.area_code
        where n.path like ? || '%' order by f.uploaded_at desc, f.id desc limit ?""")
        .params(path, limit).query(CampaignFileRepository::placed).list().stream().map(Placed::file).toList();
  }

  Optional<String> areaPath(long id) {
    return jdbc.sql("select n.path from stored_file f join org_node n on n.code = f.area_code where f.id = ?")
        .param(id).query(String.class).optional();
  }

  Stored content(long id, boolean thumbnail) {
    return jdbc.sql(thumbnail ? "select sha256, null::bytea as bytes, null as path, thumbnail from stored_file where id = ?"
            : "select sha256, bytes, path, null::bytea as thumbnail from stored_file where id = ?")
        .param(id).query((rs, n) -> new Stored(rs.getString(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4)))
        .single();
  }

  private static Placed placed(ResultSet rs, int row) throws SQLException {
    return new Placed(new StoredFile(rs.getLong("id"), rs.getString("content_type"), rs.getLong("size_bytes"),
        rs.getString("original_name"), rs.getBoolean("has_thumbnail"), rs.getString("area_code"),
        rs.getString("uploaded_by"), rs.getTimestamp("uploaded_at").toInstant()), rs.getString("path"));
  }
}
