package org.sanlv.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stored questionnaires: upload (checked with every problem at its cell), versions per province and year, the
 * compiled {@link InterviewFlow} of each (compiled once per node), and the built-in forms seeded on first start.
 * A questionnaire belongs to a province; everyone in the province may read it, managers of the province change it.
 */
@Service
public class InstrumentService {

  private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
  private static final Pattern VERSION = Pattern.compile("[\\p{L}\\p{N}._-]{1,40}");

  private final InstrumentRepository repository;
  private final OrgService org;
  private final AuditLog audit;
  private final Instruments instruments = Instruments.withDefaults();
  private final Map<Long, InterviewFlow> compiled = new ConcurrentHashMap<>();
  private final Clock clock;

  InstrumentService(InstrumentRepository repository, OrgService org, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.org = org;
    this.audit = audit;
    this.clock = clock;
  }

  /** What the upload page offers when a form leaves out province and year: the uploader's province, this year. */
  public record UploadDefaults(String province, int year, List<OrgNode> provinces) {}

  public UploadDefaults uploadDefaults(Scope scope) {
    List<OrgNode> provinces = org.areasUnder("CN", OrgLevel.PROVINCE).stream()
        .filter(p -> scope.covers(p) || scope.isBelow(p.path())).toList();
    String[] path = scope.path().split("/");
    // path /CN/33/3306/…: the second code is the province
    String own = path.length > 2 ? path[2] : provinces.isEmpty() ? "" : provinces.get(0).code();
    return new UploadDefaults(own, LocalDate.now(clock.withZone(CHINA)).getYear(), provinces);
  }

  /** What came of an upload: the stored version, or the problems (nothing stored). */
  public record UploadResult(Optional<InstrumentSummary> stored, List<FormProblem> problems) {}

  /** Questionnaires of the provinces the caller belongs to or manages. */
  public List<InstrumentSummary> list(Scope scope) {
    return repository.all().stream().filter(i -> readable(scope, i)).toList();
  }

  public InstrumentSummary get(Scope scope, long id) {
    InstrumentSummary summary = repository.byId(id).orElseThrow(() -> new NotFound("instrument " + id));
    if (!readable(scope, summary)) {
      throw new OutOfScope("instrument " + id);
    }
    return summary;
  }

  /** The compiled questionnaire, for interviews in any mode. */
  public InterviewFlow flow(long id) {
    return compiled.computeIfAbsent(id, key -> {
      InstrumentSummary summary = repository.byId(key).orElseThrow(() -> new NotFound("instrument " + key));
      // a form without settings gets the id, province and year it was stored with
      FormDefaults stored = new FormDefaults(summary.formId() + ".xlsx", summary.provinceCode(), summary.year());
      return instruments.importXlsForm(repository.xlsform(key).orElseThrow(), stored).orElseThrow();
    });
  }

  public byte[] xlsform(Scope scope, long id) {
    get(scope, id);
    return repository.xlsform(id).orElseThrow();
  }

  /** Checks an uploaded XLSForm and stores it as a new version when it has no problem. */
  @Transactional
  public UploadResult upload(Scope scope, byte[] file, String fileName) {
    return upload(scope, file, fileName, "", 0);
  }

  /**
   * Checks an uploaded XLSForm and stores it as a new version when it has no problem. {@code province} and
   * {@code year} (from the upload page) are used when the form's settings do not give them; the form's own win.
   */
  @Transactional
  public UploadResult upload(Scope scope, byte[] file, String fileName, String province, int year) {
    if (!scope.may(Permission.INSTRUMENTS_MANAGE)) {
      throw new OutOfScope(Permission.INSTRUMENTS_MANAGE.name());
    }
    ImportResult result = instruments.importXlsForm(file, new FormDefaults(fileName, province, year));
    if (!result.ok()) {
      return new UploadResult(Optional.empty(), result.problems());
    }
    Instrument instrument = result.flow().instrument();
    if (instrument.province().isEmpty()) {
      return new UploadResult(Optional.empty(), List.of(FormProblem.at("settings", "upload.provinceMissing")));
    }
    if (instrument.year() == 0) {
      return new UploadResult(Optional.empty(), List.of(FormProblem.at("settings", "upload.yearMissing")));
    }
    Optional<FormProblem> badVersion = checkVersion(instrument.version());
    if (badVersion.isPresent()) {
      return new UploadResult(Optional.empty(), List.of(badVersion.get()));
    }
    Optional<String> provincePath = org.pathOf(instrument.province());
    if (provincePath.isEmpty()) {
      return new UploadResult(Optional.empty(), List.of(FormProblem.at("settings!province",
          "upload.provinceUnknown", instrument.province())));
    }
    if (!scope.covers(provincePath.get())) {
      return new UploadResult(Optional.empty(), List.of(FormProblem.at("settings!province",
          "upload.provinceOutside", instrument.province())));
    }
    if (repository.byFormAndVersion(instrument.id(), instrument.version()).isPresent()) {
      return new UploadResult(Optional.empty(), List.of(FormProblem.at("settings!version",
          "upload.versionTwice", instrument.id(), instrument.version())));
    }
    long id = repository.insert(instrument, answerable(result.flow()), file, false, scope.username());
    audit.record(scope.username(), "instrument.upload", instrument.id() + "@" + instrument.version(),
        Map.of("file", String.valueOf(fileName), "id", id));
    return new UploadResult(repository.byId(id), List.of());
  }

  /**
   * A version names one upload of a form ({@code 2026.1}, {@code 20261018}): it may be left empty, else 1 to 40
   * letters, digits, {@code .}, {@code -} or {@code _}. It is part of the form's unique key and of the file name of
   * the download, so a NUL, a line break or a page of text is refused here rather than by the database.
   */
  static Optional<FormProblem> checkVersion(String version) {
    if (version == null || version.isEmpty() || VERSION.matcher(version).matches()) {
      return Optional.empty();
    }
    return Optional.of(FormProblem.at("settings!version", "upload.version", version));
  }

  /** Stores the built-in questionnaires that are not stored yet. */
  @Transactional
  void seedBuiltIns() {
    for (String formId : Instruments.BUILT_IN) {
      byte[] bytes;
      try (InputStream in = new ClassPathResource("instruments/" + formId + ".xlsx").getInputStream()) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException("built-in questionnaire " + formId + " is missing", e);
      }
      InterviewFlow flow = instruments.importXlsForm(bytes).orElseThrow();
      Instrument instrument = flow.instrument();
      if (repository.byFormAndVersion(instrument.id(), instrument.version()).isEmpty()) {
        repository.insert(instrument, answerable(flow), bytes, true, "system");
      }
    }
  }

  private boolean readable(Scope scope, InstrumentSummary summary) {
    return org.pathOf(summary.provinceCode()).map(p -> scope.covers(p) || scope.isBelow(p)).orElse(false);
  }

  static int answerable(InterviewFlow flow) {
    return (int) flow.rows().stream().filter(q -> switch (q.type()) {
      case SELECT_ONE, SELECT_MULTIPLE, INTEGER, DECIMAL, TEXT, DATE -> true;
      default -> false;
    }).count();
  }

  /** Where a questionnaire sits in the tree: its province. */
  Optional<String> pathOf(long id) {
    return repository.byId(id).flatMap(i -> org.pathOf(i.provinceCode()));
  }
}
