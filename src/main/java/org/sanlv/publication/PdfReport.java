package org.sanlv.publication;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.ColumnText;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfPageEventHelper;
import com.lowagie.text.pdf.PdfWriter;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A publication as an A4 PDF, the way the print view lays it out: the title block (调查名称, 发布日期, 数据截至),
 * the overall ranking, then one section per indicator starting on a new page, a table per source whose header row
 * repeats on every page, page numbers and the snapshot's digest in the footer. Text is in the embedded CJK font.
 */
final class PdfReport {

  private static final float MM = 72f / 25.4f;
  private static final Color HEADER = new Color(0xE8, 0xEE, 0xF4);
  private static final Color BELOW = new Color(0xB0, 0x2A, 0x2A);

  private final Publication publication;
  private final Labels labels;
  private final Font title;
  private final Font heading;
  private final Font subheading;
  private final Font body;
  private final Font small;
  private final Font header;
  private final Font belowFont;
  private final ReportFormat f;

  PdfReport(Publication publication, Labels labels, BaseFont font) {
    this.publication = publication;
    this.labels = labels;
    this.f = labels.format;
    this.title = new Font(font, 18, Font.BOLD);
    this.heading = new Font(font, 14, Font.BOLD);
    this.subheading = new Font(font, 11, Font.BOLD);
    this.body = new Font(font, 9);
    this.small = new Font(font, 8, Font.NORMAL, Color.DARK_GRAY);
    this.header = new Font(font, 8.5f, Font.BOLD);
    this.belowFont = new Font(font, 9, Font.BOLD, BELOW);
  }

  byte[] write() {
    Snapshot s = publication.snapshot();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Document doc = new Document(PageSize.A4, 15 * MM, 15 * MM, 15 * MM, 18 * MM);
    PdfWriter writer = PdfWriter.getInstance(doc, out);
    writer.setPageEvent(new Footer());
    doc.addTitle(publication.title());
    doc.addCreator(labels.t("app.name"));
    doc.open();
    Paragraph t = new Paragraph(publication.title(), title);
    t.setAlignment(Element.ALIGN_CENTER);
    t.setSpacingAfter(6);
    doc.add(t);
    meta(doc, labels.t("publication.meta.survey", s.survey().name()));
    meta(doc, labels.t("publication.meta.publishedAt", f.day(s.publishedAt())) + "    "
        + labels.t("publication.meta.dataAsOf", f.minute(s.dataAsOf())));
    meta(doc, labels.t("publication.meta.responses", s.survey().responses(), s.survey().flagged()));
    meta(doc, labels.rules(s.rules()));
    meta(doc, labels.t("publication.legend", s.wholeName()));
    if (!s.totals().isEmpty()) {
      section(doc, labels.t("publication.overall"));
      doc.add(new Paragraph(labels.t("publication.overall.help"), small));
      PdfPTable table = table(new float[] {1, 4, 2.2f, 2.2f}, labels.t("publication.col.rank"), labels.level(s.level()),
          labels.t("publication.col.totalDeduction"), labels.t("publication.col.totalExpected"));
      for (Snapshot.TotalPart row : s.totals()) {
        cell(table, row.rank() == null ? labels.t("publication.tooFew") : String.valueOf(row.rank()), body, true);
        cell(table, row.name(), body, false);
        cell(table, f.points(row.deduction()), body, true);
        cell(table, f.points(row.expectedDeduction()), body, true);
      }
      doc.add(table);
    }
    for (Snapshot.IndicatorPart indicator : s.indicators()) {
      doc.newPage();
      section(doc, indicator.label(labels.language()));
      doc.add(new Paragraph(indicator.scored() ? labels.t("publication.scored", Labels.trim(indicator.pointsPerPoint()))
          : labels.t("publication.notScored"), small));
      for (Snapshot.SourcePart source : indicator.sources()) {
        sourceTable(doc, s, indicator, source);
      }
    }
    doc.close();
    return out.toByteArray();
  }

  private void sourceTable(Document doc, Snapshot s, Snapshot.IndicatorPart indicator, Snapshot.SourcePart source) {
    boolean p = indicator.percent();
    Paragraph h = new Paragraph(labels.source(source.source()), subheading);
    h.setSpacingBefore(8);
    doc.add(h);
    Snapshot.Value w = source.whole();
    doc.add(new Paragraph(labels.t("publication.whole", s.wholeName(), f.rate(w.rate(), p),
        f.interval(w.low(), w.high(), p), w.n()), small));
    List<String> heads = new ArrayList<>(List.of(labels.t("publication.col.rank"), labels.level(s.level()),
        labels.t("publication.col.rate"), labels.t("publication.col.ci"), labels.t("publication.col.n"),
        labels.t("publication.col.diff", s.wholeName()), labels.t("publication.col.noise")));
    List<Float> widths = new ArrayList<>(List.of(1f, 2.6f, 1.4f, 2.1f, 1.2f, 2.1f, 1.4f));
    if (indicator.scored()) {
      heads.addAll(List.of(labels.t("publication.col.deduction"), labels.t("publication.col.expected"),
          labels.t("publication.col.range")));
      widths.addAll(List.of(1.2f, 1.4f, 2.1f));
    }
    float[] w2 = new float[widths.size()];
    for (int i = 0; i < w2.length; i++) {
      w2[i] = widths.get(i);
    }
    PdfPTable table = table(w2, heads.toArray(String[]::new));
    for (Snapshot.RowPart row : source.rows()) {
      boolean below = row.beyondNoise() && row.diff() != null && row.diff() < 0;
      cell(table, row.rank() == null ? labels.t("publication.tooFew") : String.valueOf(row.rank()), body, true);
      cell(table, row.name(), body, false);
      cell(table, f.rate(row.value().rate(), p), body, true);
      cell(table, f.interval(row.value().low(), row.value().high(), p), body, true);
      cell(table, String.valueOf(row.value().n()), body, true);
      cell(table, f.diff(row.diff(), p), below ? belowFont : body, true);
      cell(table, row.diff() == null ? ReportFormat.NONE
          : row.beyondNoise() ? labels.t("publication.yes") : labels.t("publication.no"), below ? belowFont : body, false);
      if (indicator.scored()) {
        Snapshot.ScorePart sc = row.score();
        cell(table, sc == null ? ReportFormat.NONE : f.points(sc.deduction()), body, true);
        cell(table, sc == null ? ReportFormat.NONE : f.points(sc.expectedDeduction()), body, true);
        cell(table, sc == null ? ReportFormat.NONE : f.range(sc.deductionLow(), sc.deductionHigh()), body, true);
      }
    }
    doc.add(table);
  }

  private void meta(Document doc, String text) {
    Paragraph p = new Paragraph(text, body);
    p.setSpacingAfter(2);
    doc.add(p);
  }

  private void section(Document doc, String text) {
    Paragraph p = new Paragraph(text, heading);
    p.setSpacingBefore(10);
    p.setSpacingAfter(4);
    doc.add(p);
  }

  private PdfPTable table(float[] widths, String... heads) {
    PdfPTable table = new PdfPTable(widths);
    table.setWidthPercentage(100);
    table.setHeaderRows(1); // repeated at the top of every page the table continues on
    table.setSpacingBefore(4);
    for (String h : heads) {
      PdfPCell c = new PdfPCell(new Phrase(h, header));
      c.setBackgroundColor(HEADER);
      c.setPadding(3);
      table.addCell(c);
    }
    return table;
  }

  private static void cell(PdfPTable table, String text, Font font, boolean number) {
    PdfPCell c = new PdfPCell(new Phrase(text, font));
    c.setPadding(3);
    c.setHorizontalAlignment(number ? Element.ALIGN_RIGHT : Element.ALIGN_LEFT);
    table.addCell(c);
  }

  /** Page number and digest at the foot of every page. */
  private final class Footer extends PdfPageEventHelper {
    @Override
    public void onEndPage(PdfWriter writer, Document document) {
      Rectangle page = document.getPageSize();
      Phrase left = new Phrase(publication.title() + " · " + labels.t("publication.meta.digest",
          f.shortDigest(publication.sha256())), small);
      Phrase right = new Phrase(labels.t("publication.page", writer.getPageNumber()), small);
      ColumnText.showTextAligned(writer.getDirectContent(), Element.ALIGN_LEFT, left, document.left(),
          page.getBottom() + 10 * MM, 0);
      ColumnText.showTextAligned(writer.getDirectContent(), Element.ALIGN_RIGHT, right, document.right(),
          page.getBottom() + 10 * MM, 0);
    }
  }
}
