package org.sanlv.instrument;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the instrument module: stored XLSForms and their summaries. */
@Repository
class InstrumentRepository {

  private static final String SUMMARY = """
      id, form_id, version, province_code, year, title_zh, title_en, question_count, built_in, uploaded_by, uploaded_at
      """;
  private final JdbcClient jdbc;

  InstrumentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<InstrumentSummary> all() {
    return jdbc.sql("select " + SUMMARY + " from instrument order by province_code, year desc, form_id, version desc")
        .query(InstrumentRepository::summary).list();
  }

  Optional<InstrumentSummary> byId(long id) {
    return jdbc.sql("select " + SUMMARY + " from instrument where id = ?").param(id)
        .query(InstrumentRepository::summary).optional();
  }

  Optional<InstrumentSummary> byFormAndVersion(String formId, String version) {
    return jdbc.sql("select " + SUMMARY + " from instrument where form_id = ? and version = ?").params(formId, version)
        .query(InstrumentRepository::summary).optional();
  }

  Optional<byte[]> xlsform(long id) {
    return jdbc.sql("select xlsform from instrument where id = ?").param(id).query(byte[].class).optional();
  }

  long insert(Instrument instrument, int questionCount, byte[] xlsform, boolean builtIn, String uploadedBy) {
    return jdbc.sql("""
        insert into instrument (form_id, version, province_code, year, title_zh, title_en, question_count, xlsform,
                                built_in, uploaded_by)
        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
        .params(instrument.id(), instrument.version(), instrument.province(), instrument.year(),
            instrument.title("zh"), instrument.title("en"), questionCount, xlsform, builtIn, uploadedBy)
        .query(Long.class).single();
  }

  private static InstrumentSummary summary(ResultSet rs, int row) throws SQLException {
    return new InstrumentSummary(rs.getLong("id"), rs.getString("form_id"), rs.getString("version"),
        rs.getString("province_code"), rs.getInt("year"), rs.getString("title_zh"), rs.getString("title_en"),
        rs.getInt("question_count"), rs.getBoolean("built_in"), rs.getString("uploaded_by"),
        rs.getTimestamp("uploaded_at").toInstant());
  }
}
