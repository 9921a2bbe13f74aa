package org.sanlv.quiz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.ClientCounters;
import org.sanlv.platform.AuditLog;
import org.sanlv.platform.InputConflict;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.MinuteWindows;
import org.sanlv.platform.Problem;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Service;

/**
 * The quiz: its live content (the newest edition the province saved, else the shipped {@code quiz/anti-fraud.yaml}),
 * the verdict on one answer, and the completions, counted once per device and year towards the area of the link.
 */
@Service
public class QuizService {

  /** The content residents see now; {@code editionId} null: the shipped default. */
  public record Live(QuizContent content, Long editionId, String yaml) {}

  /** A saved edition (without its text). */
  public record Edition(long id, String note, String createdBy, String createdByName, Instant createdAt) {}

  /** The server's verdict on one answer, with the explanation in the request's language. */
  public record Verdict(boolean correct, List<String> correctOptions, String explanation) {}

  /**
   * A finished quiz as the page sends it.
   *
   * @param network the client's address (hashed; only its network is kept)
   * @param area the {@code ?area=} of the link, a county or town code; unknown or null: counted without an area
   * @param answers question id → the option ids chosen
   */
  public record Completion(String idempotencyKey, String deviceToken, String network, String area,
      Map<String, List<String>> answers) {}

  /** A completion counted (now or, for a retried key, before), with the resident's score. */
  public record Counted(boolean counted, int correct, int questions) {}

  static final String SHIPPED = "quiz/anti-fraud.yaml";
  private static final Pattern DEVICE = Pattern.compile("[A-Za-z0-9_-]{16,64}");
  private static final Pattern AREA = Pattern.compile("[A-Za-z0-9-]{1,40}");
  static final int MAX_NOTE = 500;

  private final QuizRepository repository;
  private final CompletionWriter writer;
  private final QuizHashes hashes;
  /** Per-device and per-network limits and burst counts of this node. */
  private final ClientCounters limits = new ClientCounters();
  private final QuizSettings settings;
  private final AuditLog audit;
  private final Clock clock;
  private final String shippedYaml;
  private final QuizContent shipped;
  private volatile Cached cached;

  private record Cached(Live live, Instant readAt) {}

  QuizService(QuizRepository repository, CompletionWriter writer, QuizHashes hashes,
      QuizSettings settings, AuditLog audit, Clock clock) {
    this.repository = repository;
    this.writer = writer;
    this.hashes = hashes;
    this.settings = settings;
    this.audit = audit;
    this.clock = clock;
    try (InputStream in = new ClassPathResource(SHIPPED).getInputStream()) {
      this.shippedYaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.shipped = QuizContent.parse(shippedYaml);
  }

  /** The live content. Each node re-reads it after {@code sanlv.quiz.content-cache}, and at once after a save here. */
  public Live live() {
    Cached c = cached;
    Instant now = clock.instant();
    if (c == null || now.isBefore(c.readAt()) || now.isAfter(c.readAt().plus(settings.contentCache()))) {
      cached = c = new Cached(liveNow(), now);
    }
    return c.live();
  }

  /**
   * The live content as the database has it now, not a node's cached copy (which may be a few seconds old on another
   * node): the editor's forms are made from it and a save is checked against it.
   */
  public Live liveNow() {
    return repository.newestEdition().map(e -> new Live(QuizContent.parse(e.content()), e.id(), e.content()))
        .orElseGet(() -> new Live(shipped, null, shippedYaml));
  }

  /** The YAML shipped with the application (the starting point of the province's first edition). */
  public String shippedYaml() {
    return shippedYaml;
  }

  /**
   * Checks and saves a new edition, which is live from now on.
   *
   * @throws OutOfScope without {@link Permission#QUIZ_CONTENT}
   * @throws InputRejected with every problem of the text (line and field) or a too-long note
   */
  public Edition saveEdition(Scope scope, String yaml, String note) {
    return save(scope, yaml, note, false, null);
  }

  /**
   * Like {@link #saveEdition}, but only while {@code basedOn} is still the live edition ({@code null}: the shipped
   * content): an edit made from one edition never silently undoes a save that came after it.
   *
   * @throws InputConflict {@code quiz.editor.error.stale} when another edition was saved meanwhile
   */
  public Edition saveEditionOver(Scope scope, Long basedOn, String yaml, String note) {
    return save(scope, yaml, note, true, basedOn);
  }

  private Edition save(Scope scope, String yaml, String note, boolean checkBase, Long basedOn) {
    if (!scope.may(Permission.QUIZ_CONTENT)) {
      throw new OutOfScope("quiz content");
    }
    QuizContent.parse(yaml);
    String n = note == null || note.isBlank() ? null : note.strip();
    if (n != null && (n.length() > MAX_NOTE || n.indexOf('\0') >= 0)) {
      throw new InputRejected(Problem.at(0, "note", "quiz.error.note", MAX_NOTE));
    }
    Instant now = clock.instant();
    long id = checkBase
        ? repository.insertEditionOver(basedOn, yaml, n, scope.username(), now)
            .orElseThrow(() -> new InputConflict(Problem.of("quiz.editor.error.stale")))
        : repository.insertEdition(yaml, n, scope.username(), now);
    audit.record(scope.username(), "quiz.edition", String.valueOf(id), n == null ? Map.of() : Map.of("note", n));
    cached = null;
    return new Edition(id, n, scope.username(), scope.username(), now);
  }

  /** The newest {@code limit} editions first, who saved them by name. */
  public List<Edition> editions(Scope scope, int limit) {
    requireContentRight(scope);
    return repository.editions(limit);
  }

  /** How many editions the province has saved. */
  public long editionCount(Scope scope) {
    requireContentRight(scope);
    return repository.editionCount();
  }

  /** The YAML of a saved edition, as it was saved. */
  public Optional<String> editionText(Scope scope, long id) {
    requireContentRight(scope);
    return repository.editionText(id);
  }

  private static void requireContentRight(Scope scope) {
    if (!scope.may(Permission.QUIZ_CONTENT)) {
      throw new OutOfScope("quiz content");
    }
  }

  /** A county or town a link may name, with its name; empty for anything else. */
  public Optional<String> linkAreaName(String code) {
    if (code == null || !AREA.matcher(code).matches()) {
      return Optional.empty();
    }
    return repository.linkArea(code).map(QuizRepository.Area::name);
  }

  /**
   * The verdict on one answer.
   *
   * @throws InputRejected {@code quiz.error.noQuestion}, {@code quiz.error.noOption}, {@code quiz.error.noAnswer},
   *     {@code quiz.error.oneOption}
   */
  public Verdict answer(String questionId, List<String> options, Locale locale) {
    QuizContent.Question q = question(live().content(), questionId);
    Set<String> chosen = chosen(q, options);
    return new Verdict(q.isCorrect(chosen), q.correctOptions(), QuizContent.in(q.explanation(), locale));
  }

  /**
   * Counts a completion: once per device and China year; the same key again answers what was stored.
   *
   * @throws InputRejected for a bad key or device token, or answers that do not fit the live content
   * @throws QuizRefused counted before (409), too many from the device or network this minute (429), no commit in
   *     time (503, safe to retry)
   */
  public Counted complete(Completion c) {
    Instant now = clock.instant();
    UUID key;
    try {
      key = c.idempotencyKey() == null ? null : UUID.fromString(c.idempotencyKey());
    } catch (IllegalArgumentException e) {
      key = null;
    }
    if (key == null) {
      throw new InputRejected(Problem.at(0, "idempotencyKey", "quiz.error.key"));
    }
    if (c.deviceToken() == null || !DEVICE.matcher(c.deviceToken()).matches()) {
      throw new InputRejected(Problem.at(0, "deviceToken", "quiz.error.device"));
    }
    String deviceHash = hashes.hash("device", c.deviceToken());
    String networkHash = c.network() == null ? null : hashes.hash("net", c.network());
    // both windows count every attempt (a non-short-circuit |): a device refused still counts towards its network
    if (!limits.tryAcquire("d" + deviceHash, settings.devicePerMinute(), now)
        | !limits.tryAcquire(networkHash == null ? null : "n" + networkHash, settings.networkPerMinute(), now)) {
      throw new QuizRefused(QuizRefused.Reason.TOO_MANY, MinuteWindows.untilNextMinute(now));
    }
    Live live = live();
    int correct = score(live.content(), c.answers());
    String area = linkArea(c.area());
    int year = now.atZone(QuizStatistics.CHINA).getYear();
    // a scripted flood from one network is counted but exposed, never hidden; the resident is not told (as for the
    // online survey's burst flag). Only completions that passed the checks above count towards the network's burst.
    boolean burst = settings.burstThreshold() > 0 && networkHash != null
        && limits.countBurst(networkHash, settings.burstWindow(), now) > settings.burstThreshold();
    CompletionWriter.Row row = new CompletionWriter.Row(key, year, deviceHash, networkHash, area, live.editionId(),
        live.content().questions().size(), correct, now, burst);
    CompletionWriter.Written w;
    try {
      w = writer.write(row).get(settings.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      throw new QuizRefused(QuizRefused.Reason.BUSY, java.time.Duration.ofSeconds(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuizRefused(QuizRefused.Reason.BUSY, java.time.Duration.ofSeconds(2));
    }
    if (w.outcome() == CompletionWriter.Outcome.ALREADY_COUNTED) {
      throw new QuizRefused(QuizRefused.Reason.ALREADY_COUNTED, null);
    }
    return new Counted(true, w.correct(), w.questions());
  }

  // Areas are not deleted, so a known link area stays one: kept per node (bounded), one query less per completion.
  private final Map<String, Boolean> knownAreas = new java.util.concurrent.ConcurrentHashMap<>();

  /** The code of a county or town a link names, or null (unknown codes are counted without an area, as on the page). */
  private String linkArea(String code) {
    if (code == null || !AREA.matcher(code).matches()) {
      return null;
    }
    if (knownAreas.containsKey(code)) {
      return code;
    }
    boolean known = repository.linkArea(code).isPresent();
    if (known && knownAreas.size() < 100_000) {
      knownAreas.put(code, Boolean.TRUE);
    }
    return known ? code : null;
  }

  /** The number of correct answers; every question of the content must be answered, and nothing else. */
  private static int score(QuizContent content, Map<String, List<String>> answers) {
    if (answers == null) {
      throw new InputRejected(Problem.at(0, "answers", "quiz.error.unanswered", content.questions().get(0).id()));
    }
    List<Problem> problems = new ArrayList<>();
    for (String id : answers.keySet()) {
      if (content.question(id).isEmpty()) {
        problems.add(Problem.at(0, "answers", "quiz.error.noQuestion", id));
      }
    }
    int correct = 0;
    for (QuizContent.Question q : content.questions()) {
      List<String> options = answers.get(q.id());
      if (options == null) {
        problems.add(Problem.at(0, "answers", "quiz.error.unanswered", q.id()));
        continue;
      }
      try {
        correct += q.isCorrect(chosen(q, options)) ? 1 : 0;
      } catch (InputRejected e) {
        problems.addAll(e.problems());
      }
    }
    if (!problems.isEmpty()) {
      throw new InputRejected(problems.size() > 20 ? problems.subList(0, 20) : problems);
    }
    return correct;
  }

  private static QuizContent.Question question(QuizContent content, String id) {
    return content.question(id == null ? "" : id)
        .orElseThrow(() -> new InputRejected(Problem.at(0, "question", "quiz.error.noQuestion", id)));
  }

  private static Set<String> chosen(QuizContent.Question q, List<String> options) {
    if (options == null || options.isEmpty()) {
      throw new InputRejected(Problem.at(0, "options", "quiz.error.noAnswer", q.id()));
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (String o : options) {
      if (o == null || q.option(o).isEmpty()) {
        throw new InputRejected(Problem.at(0, "options", "quiz.error.noOption", q.id(), o));
      }
      chosen.add(o);
    }
    if (q.kind().equals("judge") && chosen.size() != 1) {
      throw new InputRejected(Problem.at(0, "options", "quiz.error.oneOption", q.id()));
    }
    return chosen;
  }
}
