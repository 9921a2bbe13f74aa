package org.sanlv.results.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The front door of the exports: write a {@link Dataset} in one {@link ExportFormat}. Every writer passes
 * the rows once and keeps memory bounded whatever their number; .dta and .sav need a file (they patch the
 * row count in the header when the rows are done), CSV, XLSX and the codebook also go to any stream.
 *
 * <pre>{@code
 * ResponseLayout layout = ResponseLayout.of(questions);
 * Dataset data = layout.dataset("2026年浙江省公众安全感调查", sink -> store.eachResponse(r -> sink.accept(layout.row(r))));
 * DataExports.write(data, ExportFormat.STATA, Path.of("responses.dta"), ExportOptions.withDefaults());
 * }</pre>
 */
public final class DataExports {

  private DataExports() {}

  /** Writes {@code dataset} to {@code target} in {@code format}, replacing the file. */
  public static ExportResult write(Dataset dataset, ExportFormat format, Path target, ExportOptions options) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(options, "options");
    switch (format) {
      case STATA:
        return DtaWriter.write(dataset, target, options);
      case SPSS:
        return SavWriter.write(dataset, target, options);
      default:
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(target), 1 << 16)) {
          return write(dataset, format, out, options);
        } catch (IOException e) {
          throw new UncheckedIOException("writing " + target, e);
        }
    }
  }

  /**
   * Writes CSV, XLSX or the codebook to a stream (left open). For .dta and .sav use {@link #write(Dataset,
   * ExportFormat, Path, ExportOptions)}: they need a seekable file.
   */
  public static ExportResult write(
      Dataset dataset, ExportFormat format, OutputStream target, ExportOptions options) {
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(options, "options");
    return switch (format) {
      case CSV -> CsvWriter.write(dataset, target, options);
      case XLSX -> XlsxWriter.write(dataset, target, options);
      case CODEBOOK -> {
        CsvWriter.codebook(dataset, target, options);
        yield new ExportResult(ExportFormat.CODEBOOK, 0, 0);
      }
      case STATA, SPSS -> throw new IllegalArgumentException(
          format + " needs a file (the row count is patched at the end): pass a Path");
    };
  }
}
