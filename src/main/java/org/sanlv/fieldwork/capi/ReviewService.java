package org.sanlv.fieldwork.capi;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sanlv.instrument.Choice;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.instrument.InterviewFlow;
import org.sanlv.instrument.Question;
import org.sanlv.instrument.QuestionType;
import org.sanlv.integrity.IntegrityService;
import org.sanlv.org.NotFound;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Role;
import org.sanlv.org.Scope;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The supervisors' review of field interviews: a queue (pending first, then escalated, then the rest), one
 * interview with its answers, paradata and flags, and the decisions — approve, reject with a comment (back to the
 * interviewer), escalate to the county or province admin. Each decision is a {@code capi_review} row, the
 * interview's {@code review_status}, and an audit entry. Supervisors see the interviews of their own teams (and
 * those without a team) in their subtree; county and province admins see all of their subtree and decide
 * escalated ones. Paradata is shown here only: never on public pages or in exports.
 */
@Service
public class ReviewService {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  public static final List<String> STATUSES = List.of("pending", "escalated", "rejected", "approved");
  public static final int COMMENT_MAX = 2000;
  private static final int QUEUE_LIMIT = 200;

  private final ReviewRepository repository;
  private final InstrumentService instruments;
  private final AuditLog audit;
  private final Clock clock;
  private final MessageSource messages;

  ReviewService(ReviewRepository repository, InstrumentService instruments, AuditLog audit, Clock clock,
      MessageSource messages) {
    this.repository = repository;
    this.instruments = instruments;
    this.audit = audit;
    this.clock = clock;
    this.messages = messages;
  }

  /** What the queue shows: the status asked for ("all" for every one), an interviewer, a flag, a survey. */
  public record Filter(String status, String interviewer, String flag, Long surveyId) {
    public Filter {
      status = status == null || status.isBlank() ? "pending" : status;
      interviewer = interviewer == null || interviewer.isBlank() ? null : interviewer.strip();
      flag = flag == null || flag.isBlank() ? null : flag.strip();
    }
  }

  public record Queue(Filter filter, List<Item> items, List<String> interviewers, Map<String, Long> counts,
      boolean truncated) {}

  /** One interview in the queue. */
  public record Item(long id, long surveyId, String surveyName, String interviewer, String county, String countyName,
      String kind, String unit, java.time.Instant startedAt, java.time.Instant submittedAt, Long seconds,
      List<String> flags, String status) {}

  @Transactional(readOnly = true)
  public Queue queue(Scope scope, Filter filter) {
    requireSupervisor(scope);
    List<String> statuses = "all".equals(filter.status()) ? STATUSES : List.of(filter.status());
    if (!"all".equals(filter.status()) && !STATUSES.contains(filter.status())) {
      throw new InputRejected(Problem.of("capi.review.error.status", filter.status()));
    }
    boolean ownTeams = ownTeamsOnly(scope);
    List<ReviewRepository.QueueRow> rows = repository.queue(scope.path(), scope.username(), ownTeams, statuses,
        filter.interviewer(), filter.flag(), filter.surveyId(), QUEUE_LIMIT + 1);
    List<Item> items = rows.stream().limit(QUEUE_LIMIT).map(this::item).toList();
    Map<String, Long> counts = new LinkedHashMap<>();
    STATUSES.forEach(s -> counts.put(s, 0L));
    repository.countsByStatus(scope.path(), scope.username(), ownTeams, filter.interviewer(), filter.flag(),
            filter.surveyId())
        .forEach(c -> counts.put((String) c[0], (Long) c[1]));
    return new Queue(filter, items, repository.interviewers(scope.path(), scope.username(), ownTeams), counts,
        rows.size() > QUEUE_LIMIT);
  }

  /** A question's answer as a reviewer reads it: the label and the answer in words (choice labels). */
  public record AnswerLine(String name, String label, String answer) {}

  /** Time spent on one question, with its share of the longest (the bar's length). */
  public record QuestionTime(String name, String label, long millis, int percent) {}

  public record Paradata(List<QuestionTime> times, Double latitude, Double longitude, Double accuracy,
      Double kilometresFromSite, String device, Integer visit, Long clockSkewSeconds, Boolean offline,
      Integer assignmentVersion) {}

  public record Detail(Item item, Long assignmentId, String address, String town, Integer adults, String selection,
      java.time.Instant receivedAt, List<AnswerLine> answers, Paradata paradata,
      List<ReviewRepository.Decision> decisions, boolean mayDecide) {}

  @Transactional(readOnly = true)
  public Detail detail(Scope scope, long responseId, String language) {
    requireSupervisor(scope);
    ReviewRepository.Detail d = find(scope, responseId);
    InterviewFlow flow = instruments.flow(d.instrumentId());
    Map<String, Object> answers = readMap(d.answersJson());
    Map<String, Object> paradata = readMap(d.paradataJson());
    // the screening question's answer is a county code the form's list may not name: the county's name instead
    List<AnswerLine> lines = answerLines(flow, answers, language).stream()
        .map(l -> l.answer().equals(d.row().county()) && d.row().countyName() != null
            ? new AnswerLine(l.name(), l.label(), d.row().countyName()) : l).toList();
    return new Detail(item(d.row()), d.assignmentId(), d.address(), d.town(), d.adults(), d.selection(),
        d.receivedAt(), lines, paradata(flow, paradata, d, language),
        repository.decisions(responseId), mayDecide(scope, d.row().status()));
  }

  /**
   * Decides on one interview: {@code approved}, {@code rejected} (a comment is required: it goes back to the
   * interviewer) or {@code escalated}. An escalated interview is decided by a county or province admin.
   */
  @Transactional
  public void decide(Scope scope, long responseId, String decision, String comment) {
    requireSupervisor(scope);
    String text = comment == null ? "" : comment.strip();
    if (decision == null || !List.of("approved", "rejected", "escalated").contains(decision)) {
      throw new InputRejected(Problem.of("capi.review.error.decision", decision == null ? "" : decision));
    }
    if ("rejected".equals(decision) && text.isEmpty()) {
      throw new InputRejected(Problem.of("capi.review.error.commentRequired"));
    }
    if (text.codePointCount(0, text.length()) > COMMENT_MAX) {
      throw new InputRejected(Problem.of("capi.review.error.commentTooLong", COMMENT_MAX));
    }
    if (text.indexOf('\0') >= 0) {
      throw new InputRejected(Problem.of("capi.review.error.commentInvalid"));
    }
    ReviewRepository.Detail d = find(scope, responseId);
    if (!mayDecide(scope, d.row().status())) {
      throw new InputRejected(Problem.of("capi.review.error.escalated"));
    }
    String before = repository.decide(responseId, scope.username(), decision, text.isEmpty() ? null : text,
        clock.instant());
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("before", before);
    detail.put("interviewer", d.row().interviewer());
    detail.put("comment", text);
    audit.record(scope.username(), "capi.review." + decision, "response:" + responseId, detail);
  }

  /** An interview rejected back to its interviewer, with the supervisor's comment. */
  public record Returned(long responseId, long surveyId, String surveyName, Long assignmentId, String kind,
      String unit, String address, java.time.Instant startedAt, java.time.Instant rejectedAt, String reviewer,
      String comment) {}

  /** The caller's own rejected interviews (an interviewer's returned work), newest rejection first. */
  @Transactional(readOnly = true)
  public List<Returned> returned(Scope scope) {
    if (!scope.may(Permission.FIELDWORK_INTERVIEW)) {
      throw new OutOfScope(Permission.FIELDWORK_INTERVIEW.name());
    }
    return repository.returned(scope.username()).stream().map(r -> new Returned(r.responseId(), r.surveyId(),
        r.surveyName(), r.assignmentId(), r.kind(), unit(r.kind(), r.blockName(), r.blockId(), r.householdNo(),
            r.siteName(), r.locationType(), r.dayType(), r.timeOfDay()), r.address(), r.startedAt(), r.rejectedAt(),
        r.reviewer(), r.comment())).toList();
  }

  /** The path of a field interview's county, for the scope check of {@code {responseId}}. */
  Optional<String> pathOf(long responseId) {
    return repository.pathOfFieldInterview(responseId);
  }

  private ReviewRepository.Detail find(Scope scope, long responseId) {
    return repository.detail(responseId, scope.path(), scope.username(), ownTeamsOnly(scope))
        .orElseThrow(() -> new NotFound("interview " + responseId));
  }

  private static void requireSupervisor(Scope scope) {
    if (!scope.may(Permission.FIELDWORK_SUPERVISE)) {
      throw new OutOfScope(Permission.FIELDWORK_SUPERVISE.name());
    }
  }

  /** A supervisor reviews their own teams' work; county and province admins all of their subtree. */
  private static boolean ownTeamsOnly(Scope scope) {
    return scope.role() == Role.SUPERVISOR;
  }

  /** Escalated interviews wait for a county or province admin; a supervisor cannot decide them again. */
  private static boolean mayDecide(Scope scope, String status) {
    return !"escalated".equals(status) || scope.role() != Role.SUPERVISOR;
  }

  private Item item(ReviewRepository.QueueRow r) {
    Long seconds = r.startedAt() == null || r.submittedAt() == null ? null
        : Duration.between(r.startedAt(), r.submittedAt()).toSeconds();
    return new Item(r.id(), r.surveyId(), r.surveyName(), r.interviewer(), r.county(), r.countyName(), r.kind(),
        unit(r.kind(), r.blockName(), r.blockId(), r.householdNo(), r.siteName(), r.locationType(), r.dayType(),
            r.timeOfDay()),
        r.startedAt(), r.submittedAt(), seconds, r.flags(), r.status());
  }

  /**
   * The household or quota cell in a line: "block name (id) · household 12", or "site · type · weekday · time slot"
   * (codes of the intercept design; the template shows them as they are).
   */
  String unit(String kind, String blockName, String blockId, Integer householdNo, String siteName,
      String locationType, String dayType, String timeOfDay) {
    if ("household".equals(kind)) {
      String block = blockName == null || blockName.isBlank() || blockName.equals(blockId) ? blockId
          : blockName + "（" + blockId + "）";
      return block + " · " + householdNo;
    }
    if ("intercept".equals(kind)) {
      List<String> parts = new ArrayList<>();
      if (siteName != null && !siteName.isBlank()) {
        parts.add(siteName);
      }
      parts.add(term("capi.review.location.", locationType));
      parts.add(term("capi.review.day.", dayType));
      parts.add(term("capi.review.time.", timeOfDay));
      parts.removeIf(p -> p == null || p.isBlank());
      return String.join(" · ", parts);
    }
    return "";
  }

  /** The design code's name in the reader's language (市场, 工作日, 上午); the code itself when it has none. */
  private String term(String prefix, String code) {
    if (code == null) {
      return null;
    }
    // outside a request (jobs, tests) the platform's language: Chinese
    Locale locale = LocaleContextHolder.getLocaleContext() == null ? Locale.SIMPLIFIED_CHINESE
        : LocaleContextHolder.getLocale();
    return messages.getMessage(prefix + code.toLowerCase(Locale.ROOT), null, code, locale);
  }

  private static List<AnswerLine> answerLines(InterviewFlow flow, Map<String, Object> answers, String language) {
    List<AnswerLine> lines = new ArrayList<>();
    for (Question q : flow.rows()) {
      if (!answers.containsKey(q.name()) || q.type() == QuestionType.BEGIN_GROUP || q.type() == QuestionType.END_GROUP) {
        continue;
      }
      lines.add(new AnswerLine(q.name(), label(q, language), answerText(flow, q, answers.get(q.name()), language)));
    }
    // answers the form does not know (a later version's question): shown by name, never dropped
    answers.forEach((name, value) -> {
      if (flow.question(name).isEmpty()) {
        lines.add(new AnswerLine(name, name, String.valueOf(value)));
      }
    });
    return lines;
  }

  private static String label(Question q, String language) {
    String label = q.label(language);
    return label == null || label.isBlank() ? q.name() : label;
  }

  private static String answerText(InterviewFlow flow, Question q, Object value, String language) {
    if (value == null) {
      return "";
    }
    if (q.type() != QuestionType.SELECT_ONE && q.type() != QuestionType.SELECT_MULTIPLE) {
      return String.valueOf(value);
    }
    List<Choice> choices = flow.instrument().choiceList(q.listName()).map(l -> l.choices()).orElse(List.of());
    List<String> codes = new ArrayList<>();
    if (value instanceof Collection<?> c) {
      c.forEach(v -> codes.add(String.valueOf(v)));
    } else {
      codes.addAll(List.of(String.valueOf(value).split("\\s+")));
    }
    List<String> words = new ArrayList<>();
    for (String code : codes) {
      words.add(choices.stream().filter(ch -> ch.name().equals(code)).findFirst()
          .map(ch -> ch.label(language)).filter(l -> l != null && !l.isBlank()).orElse(code));
    }
    return String.join("；", words);
  }

  private static Paradata paradata(InterviewFlow flow, Map<String, Object> p, ReviewRepository.Detail d, String language) {
    List<QuestionTime> times = new ArrayList<>();
    if (p.get("durations") instanceof Map<?, ?> durations) {
      long longest = 1;
      for (Object v : durations.values()) {
        if (v instanceof Number n) {
          longest = Math.max(longest, n.longValue());
        }
      }
      for (Question q : flow.rows()) {
        if (durations.get(q.name()) instanceof Number n) {
          times.add(new QuestionTime(q.name(), label(q, language), n.longValue(),
              (int) Math.max(1, Math.round(100.0 * n.longValue() / longest))));
        }
      }
    }
    Double lat = null;
    Double lon = null;
    Double accuracy = null;
    if (p.get("gps") instanceof Map<?, ?> gps) {
      lat = number(gps.get("lat"));
      lon = number(gps.get("lon"));
      accuracy = number(gps.get("accuracy"));
    }
    Double km = lat == null || lon == null || d.siteLatitude() == null || d.siteLongitude() == null ? null
        : IntegrityService.kilometres(lat, lon, d.siteLatitude(), d.siteLongitude());
    Double visit = number(p.get("visit"));
    Double skew = number(p.get("clockSkewSeconds"));
    Double version = number(p.get("assignmentVersion"));
    Object device = p.get("device");
    return new Paradata(times, lat, lon, accuracy, km, device == null ? null : shortDevice(String.valueOf(device)),
        visit == null ? null : visit.intValue(), skew == null ? null : skew.longValue(),
        p.get("offline") instanceof Boolean b ? b : null, version == null ? null : version.intValue());
  }

  /** The first 12 characters of the device hash: enough to tell devices apart on one page. */
  private static String shortDevice(String device) {
    return device.length() > 12 ? device.substring(0, 12) + "…" : device;
  }

  private static Double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readMap(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    Object value = JSON.readValue(json, Object.class);
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** Lower-case language code for labels ("zh" or "en"). */
  static String language(Locale locale) {
    return locale != null && "en".equals(locale.getLanguage()) ? "en" : "zh";
  }
}
