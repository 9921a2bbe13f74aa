package org.sanlv.fieldwork.capi;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.sanlv.fieldwork.FieldworkService;
import org.sanlv.instrument.InstrumentService;
import org.springframework.stereotype.Component;

/** What the interviewer app shows: my assignments (from {@link AssignmentService}), with the names and counts it needs. */
@Component
class InterviewerApp {

  private final AssignmentService assignments;
  private final SyncRepository repository;
  private final ReviewRepository reviews;
  private final InstrumentService instruments;
  private final Clock clock;

  InterviewerApp(AssignmentService assignments, SyncRepository repository, ReviewRepository reviews,
      InstrumentService instruments, Clock clock) {
    this.assignments = assignments;
    this.repository = repository;
    this.reviews = reviews;
    this.instruments = instruments;
    this.clock = clock;
  }

  record Csrf(String header, String token) {}

  /** A survey of my work: its questionnaire (to cache) and the screening question the assignment answers. */
  record SurveyItem(long id, String name, long instrumentId, String countyQuestion) {}

  record Item(long id, long surveyId, long instrumentId, String kind, String county, String countyName, String town,
      String townName, String blockId, String blockName, Integer householdNo, String address, String locationType,
      String dayType, String timeOfDay, String siteId, String siteName, int target, int done, String status,
      int visits, int maxVisits, Instant nextVisitAt, int assignmentVersion) {}

  record Returned(long responseId, long assignmentId, UUID key, String comment, Instant decidedAt) {}

  record MyWork(String me, Instant serverTime, Csrf csrf, List<SurveyItem> surveys, List<Item> assignments,
      List<Returned> returned) {}

  MyWork workOf(String interviewer, Csrf csrf) {
    List<AssignmentView> mine = assignments.assignmentsOf(interviewer, null);
    Set<Long> surveyIds = mine.stream().map(AssignmentView::surveyId).collect(Collectors.toSet());
    Map<Long, SyncRepository.SurveyRow> surveys = repository.runningSurveys(surveyIds);
    Map<String, String> names = repository.areaNames(mine.stream()
        .flatMap(a -> java.util.stream.Stream.of(a.county(), a.town())).filter(java.util.Objects::nonNull)
        .collect(Collectors.toSet()));
    Map<Long, Integer> done = repository.interviewsByAssignment(mine.stream().map(AssignmentView::id).toList());
    List<Item> items = mine.stream().filter(a -> surveys.containsKey(a.surveyId()))
        .map(a -> new Item(a.id(), a.surveyId(), surveys.get(a.surveyId()).instrumentId(), a.kind(), a.county(),
            names.get(a.county()), a.town(), a.town() == null ? null : names.get(a.town()), a.blockId(), a.blockName(),
            a.householdNo(), a.address(), a.locationType(), a.dayType(), a.timeOfDay(), a.siteId(), a.siteName(),
            a.target(), done.getOrDefault(a.id(), 0), a.status(), a.visits(), a.maxVisits(), a.nextVisitAt(),
            a.assignmentVersion()))
        .toList();
    Map<Long, SurveyItem> surveyItems = new LinkedHashMap<>();
    surveys.values().forEach(s -> surveyItems.put(s.id(), new SurveyItem(s.id(), s.name(), s.instrumentId(),
        countyQuestion(s.instrumentId()))));
    // the same list as 退回的访问 (/capi/returned), of the surveys still in the field: the device marks the records
    List<ReviewRepository.Returned> sentBack = reviews.returned(interviewer).stream()
        .filter(r -> r.assignmentId() != null).toList();
    Set<Long> running = repository.runningSurveys(sentBack.stream().map(ReviewRepository.Returned::surveyId)
        .collect(Collectors.toSet())).keySet();
    List<Returned> returned = sentBack.stream().filter(r -> running.contains(r.surveyId()))
        .map(r -> new Returned(r.responseId(), r.assignmentId(), r.key(), r.comment(), r.rejectedAt())).toList();
    return new MyWork(interviewer, clock.instant(), csrf, List.copyOf(surveyItems.values()), items, returned);
  }

  private String countyQuestion(long instrumentId) {
    try {
      return FieldworkService.countyQuestionOf(instruments.flow(instrumentId));
    } catch (RuntimeException e) {
      return null; // a questionnaire that no longer compiles: the sync names the problem
    }
  }
}
