package org.sanlv.fieldwork;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The SQL of fieldwork other than the group-committed insert ({@link ResponseWriter}). */
@Repository
class FieldworkRepository {

  /** Advisory lock namespace of the SMS counts ("sms" in ASCII); the second key is the survey. */
  private static final int SMS_LOCK = 0x736d73;
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;

  FieldworkRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
    this.jdbc = jdbc;
    this.transaction = new TransactionTemplate(transactions);
  }

  boolean respondentHasAnswered(long surveyId, String deviceHash) {
    return jdbc.sql("""
        select exists (select 1 from response where survey_id = :survey and device_hash = :device
                       and status in ('complete', 'ineligible'))
        """).param("survey", surveyId).param("device", deviceHash).query(Boolean.class).single();
  }

  /** The daily SMS limits; a count that reaches its limit refuses the next code. */
  record SmsLimits(int perNumber, int perNetwork, int perSurvey) {}

  /** Which daily limit a code would pass. */
  enum SmsLimit { NUMBER, NETWORK, SURVEY }

  /**
   * Records an SMS challenge unless the number, the network or the survey has had its codes of the day
   * ({@code [dayStart, dayEnd)}); returns the limit that refused it, or null when it was recorded. The counts and
   * the insert run under a lock per survey, so concurrent requests (on any node) cannot pass the survey's cap;
   * a number or network asking through several surveys at the same moment can pass its own limit by a few at most.
   */
  SmsLimit insertSmsChallengeWithinLimits(UUID id, long surveyId, String phoneHash, String networkHash, String codeHash,
      Instant sentAt, Instant expiresAt, Instant dayStart, Instant dayEnd, SmsLimits limits) {
    return transaction.execute(status -> {
      jdbc.sql("select 1 from pg_advisory_xact_lock(:namespace, :survey)").param("namespace", SMS_LOCK)
          .param("survey", (int) surveyId).query(Integer.class).single();
      Map<String, Object> today = jdbc.sql("""
          select (select count(*) from sms_challenge
                  where phone_hash = :phone and sent_at >= :from and sent_at < :to) as number,
                 (select count(*) from sms_challenge
                  where network_hash = :network and sent_at >= :from and sent_at < :to) as network,
                 (select count(*) from sms_challenge
                  where survey_id = :survey and sent_at >= :from and sent_at < :to) as survey
          """).param("phone", phoneHash).param("network", networkHash).param("survey", surveyId)
          .param("from", java.sql.Timestamp.from(dayStart)).param("to", java.sql.Timestamp.from(dayEnd)).query().singleRow();
      if (((Number) today.get("number")).longValue() >= limits.perNumber()) {
        return SmsLimit.NUMBER;
      }
      if (networkHash != null && ((Number) today.get("network")).longValue() >= limits.perNetwork()) {
        return SmsLimit.NETWORK;
      }
      if (((Number) today.get("survey")).longValue() >= limits.perSurvey()) {
        return SmsLimit.SURVEY;
      }
      jdbc.sql("""
          insert into sms_challenge (id, survey_id, phone_hash, network_hash, code_hash, sent_at, expires_at)
          values (:id, :survey, :phone, :network, :code, :sent, :expires)
          """).param("id", id).param("survey", surveyId).param("phone", phoneHash).param("network", networkHash)
          .param("code", codeHash).param("sent", java.sql.Timestamp.from(sentAt))
          .param("expires", java.sql.Timestamp.from(expiresAt)).update();
      return null;
    });
  }

  /** Checks a code (five tries per challenge); true marks the challenge verified. */
  boolean verifySmsChallenge(UUID id, long surveyId, String phoneHash, String codeHash, Instant now) {
    int verified = jdbc.sql("""
        update sms_challenge set verified = true, attempts = attempts + 1
        where id = :id and survey_id = :survey and phone_hash = :phone and code_hash = :code
          and expires_at > :now and attempts < 5
        """).param("id", id).param("survey", surveyId).param("phone", phoneHash).param("code", codeHash)
        .param("now", java.sql.Timestamp.from(now)).update();
    if (verified == 0) {
      jdbc.sql("update sms_challenge set attempts = attempts + 1 where id = :id").param("id", id).update();
    }
    return verified == 1;
  }

  void addVisits(long surveyId, Instant hour, long visits) {
    jdbc.sql("""
        insert into online_visit (survey_id, hour, visits) values (:survey, :hour, :visits)
        on conflict (survey_id, hour) do update set visits = online_visit.visits + excluded.visits
        """).param("survey", surveyId).param("hour", java.sql.Timestamp.from(hour)).param("visits", visits).update();
  }

  long visits(long surveyId) {
    return jdbc.sql("select coalesce(sum(visits), 0) from online_visit where survey_id = :survey")
        .param("survey", surveyId).query(Long.class).single();
  }

  /**
   * One stratum's online responses; {@code flagged} counts complete responses with at least one integrity flag, as
   * the results page does (an ineligible or rejected response is in no estimate, so it is not counted there either).
   */
  record StratumCounts(String stratumCode, long complete, long ineligible, long rejected, long flagged, long late) {}

  List<StratumCounts> countsByStratum(long surveyId) {
    return jdbc.sql("""
        select stratum_code,
               count(*) filter (where status = 'complete') as complete,
               count(*) filter (where status = 'ineligible') as ineligible,
               count(*) filter (where status = 'rejected') as rejected,
               count(*) filter (where status = 'complete' and flags <> '{}') as flagged,
               count(*) filter (where late) as late
        from response where survey_id = :survey and mode = 'online'
        group by stratum_code order by stratum_code
        """).param("survey", surveyId).query((rs, n) -> new StratumCounts(rs.getString(1), rs.getLong(2), rs.getLong(3),
        rs.getLong(4), rs.getLong(5), rs.getLong(6))).list();
  }

  record FlagCount(String stratumCode, String flag, long count) {}

  /** Complete online responses per stratum and flag. */
  List<FlagCount> flagsByStratum(long surveyId) {
    return jdbc.sql("""
        select stratum_code, f, count(*) from response, unnest(flags) as f
        where survey_id = :survey and mode = 'online' and status = 'complete'
        group by stratum_code, f order by stratum_code, f
        """).param("survey", surveyId).query((rs, n) -> new FlagCount(rs.getString(1), rs.getString(2), rs.getLong(3))).list();
  }

  record HourCount(LocalDateTime hour, long complete) {}

  /** Complete online responses per hour in China time. */
  List<HourCount> completeByHour(long surveyId) {
    return jdbc.sql("""
        select date_trunc('hour', submitted_at at time zone 'Asia/Shanghai') as hour, count(*)
        from response where survey_id = :survey and mode = 'online' and status = 'complete'
        group by 1 order by 1
        """).param("survey", surveyId).query((rs, n) -> new HourCount(rs.getObject(1, LocalDateTime.class), rs.getLong(2))).list();
  }

  record OtherText(String stratumCode, String question, String text, Instant submittedAt) {}

  /** The latest "其他（请注明）" texts of online responses, for reviewers to read (shown escaped). */
  List<OtherText> latestOtherTexts(long surveyId, int limit) {
    return jdbc.sql("""
        select r.stratum_code, a.key, a.value, r.submitted_at
        from (select * from response where survey_id = :survey and mode = 'online' and status <> 'rejected'
              order by submitted_at desc nulls last, id desc limit 500) r,
             jsonb_each_text(r.answers) a
        where a.key like '%\\_other'
        order by r.submitted_at desc nulls last, r.id desc limit :limit
        """).param("survey", surveyId).param("limit", limit)
        .query((rs, n) -> new OtherText(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant())).list();
  }

  /** One stored response by its survey and key (for the people who check the store: tests, the load run). */
  Map<String, Object> responseByKey(long surveyId, UUID key) {
    return jdbc.sql("select * from response where survey_id = :survey and idempotency_key = :key")
        .param("survey", surveyId).param("key", key).query().listOfRows().stream().findFirst().orElse(null);
  }
}
