package org.sanlv.fieldwork.cati;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.survey.Survey;
import org.sanlv.survey.SurveyMode;
import org.sanlv.survey.SurveyService;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A phone survey of its own for a test (so the queue serves only the test's numbers): a 上虞区 mock survey (screened
 * by town) with a short questionnaire, running, and a phone draw whose numbers a replicate release turns into cases.
 */
public final class CatiScreenFixtures {

  private CatiScreenFixtures() {}

  /**
   * A three-question phone form: the county (answered by the screening), age (16 or over) and one safety question.
   */
  public static long shortForm(InstrumentService instruments) throws Exception {
    String formId = "t-cati-" + UUID.randomUUID().toString().substring(0, 8);
    try (XSSFWorkbook wb = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      Sheet survey = wb.createSheet("survey");
      row(survey, 0, "type", "name", "label::中文 (zh)", "label::English (en)", "appearance", "constraint",
          "constraint_message::中文 (zh)", "constraint_message::English (en)", "required");
      row(survey, 1, "text", "county", "您住在哪个县（市、区）？", "Which county do you live in?", "county", "", "", "", "yes");
      row(survey, 2, "integer", "age", "请问您今年多少周岁？", "How old are you?", "", ". >= 16 and . <= 120",
          "年龄应在 16 到 120 周岁之间", "Age must be 16 to 120", "yes");
      row(survey, 3, "select_one safe", "safety", "您觉得您居住的地方安全吗？", "Do you feel safe where you live?", "", "",
          "", "", "yes");
      Sheet choices = wb.createSheet("choices");
      row(choices, 0, "list_name", "name", "label::中文 (zh)", "label::English (en)");
      row(choices, 1, "safe", "1", "安全", "Safe");
      row(choices, 2, "safe", "2", "比较安全", "Fairly safe");
      row(choices, 3, "safe", "3", "不太安全", "Not very safe");
      row(choices, 4, "safe", "4", "不安全", "Unsafe");
      Sheet settings = wb.createSheet("settings");
      row(settings, 0, "form_id", "form_title::中文 (zh)", "version", "province", "year", "default_language");
      row(settings, 1, formId, "电话测评（测试）", "1", "33", "2026", "zh");
      wb.write(out);
      InstrumentService.UploadResult upload = instruments.upload(TestAccounts.ROOT, out.toByteArray(), formId + ".xlsx");
      if (!upload.problems().isEmpty()) {
        throw new IllegalStateException(upload.problems().toString());
      }
      return upload.stored().orElseThrow().id();
    }
  }

  /** A running 上虞区 mock survey with a phone mode open from 10 days before {@code now} to 20 days after. */
  public static Survey phoneSurvey(SurveyService surveys, long instrument, Instant now, Map<String, Object> design) {
    String slug = "t-cati-" + Long.toString(System.nanoTime() % 100_000_000L, 36);
    Survey s = surveys.create(TestAccounts.ROOT, new SurveyService.NewSurvey(slug, "上虞区电话测评 " + slug.substring(7),
        instrument, TestAccounts.SHANGYU, List.of(new Survey.Mode(SurveyMode.PHONE, now.minus(Duration.ofDays(10)),
            now.plus(Duration.ofDays(20)), design))));
    surveys.setStatus(TestAccounts.ROOT, s.id(), Survey.Status.FIELDING);
    return surveys.byId(s.id()).orElseThrow();
  }

  /**
   * A phone draw of {@code count} 上虞区 mobile numbers in one replicate, not yet released (the queue's
   * {@code releaseNext} makes them cases). Numbers are random so that surveys never share one.
   */
  public static void draw(JdbcClient jdbc, long surveyId, int count) {
    long draw = jdbc.sql("""
        insert into sample_draw (survey_id, mode, seed, design, unit_count, drawn_by)
        values (?, 'phone', 1, '{}'::jsonb, ?, 'admin') returning id""").params(surveyId, count).query(Long.class).single();
    long base = 13_800_000_000L + Math.floorMod(UUID.randomUUID().getLeastSignificantBits(), 90_000_000L) * 10;
    for (int i = 0; i < count; i++) {
      String number = String.valueOf(base + i);
      jdbc.sql("""
          insert into sample_number (draw_id, release_order, replicate, number, prefix, kind, carrier, area)
          values (?, ?, 1, ?, ?, 'mobile', '移动', ?)""")
          .params(draw, i + 1, number, number.substring(0, 7), TestAccounts.SHANGYU).update();
    }
  }

  private static void row(Sheet sheet, int index, String... cells) {
    Row row = sheet.createRow(index);
    for (int i = 0; i < cells.length; i++) {
      row.createCell(i).setCellValue(cells[i]);
    }
  }
}
