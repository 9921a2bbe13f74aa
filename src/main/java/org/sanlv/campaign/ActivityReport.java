package org.sanlv.campaign;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * A unit's monthly activity report in a campaign (seed 1, appendix 7: 平安宣传活动情况表), with exactly the form's
 * fields. {@code id} is 0 for a report nobody has saved yet (an empty form).
 */
public record ActivityReport(long id, long campaignId, String unitCode, String unitName, YearMonth month,
    LocalDate dueOn, Status status, Counts counts, Instant firstSubmittedAt, String submittedBy, String returnComment,
    String reviewedBy, Instant reviewedAt, String createdBy, List<Change> history) {

  /** draft → submitted → returned (with a comment) → resubmitted → accepted. */
  public enum Status {
    DRAFT, SUBMITTED, RETURNED, RESUBMITTED, ACCEPTED;

    public String dbValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Status fromDb(String value) {
      return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }

    /** Waiting for the county's review. */
    public boolean awaitsReview() {
      return this == SUBMITTED || this == RESUBMITTED;
    }
  }

  /** Submitted after the end of its due date (Beijing time). */
  public boolean late() {
    return firstSubmittedAt != null && firstSubmittedAt.isAfter(ActivityReportService.endOf(dueOn));
  }

  /**
   * Appendix 7's grid, in its order: 走访村(社)住户(户), 发放倡议书、平安宣传手册、小礼品(份), 悬挂横幅(条),
   * 设置平安宣传栏、LED显示屏(块), 推送平安宣传公众号(期), 发送平安宣传短信(条), 发放模拟问卷(份), 开展平安志愿活动(次),
   * 其他, 活动开展情况; photos and videos as stored files.
   */
  public record Counts(int householdsVisited, int materialsHandedOut, int banners, int boardsAndScreens,
      int wechatPosts, int smsSent, int mockQuestionnaires, int volunteerActivities, String other, String description,
      List<Long> fileIds) {

    /** The numeric fields' names (message keys {@code campaign.report.field.*}, columns of the exports). */
    public static final List<String> NUMBERS = List.of("householdsVisited", "materialsHandedOut", "banners",
        "boardsAndScreens", "wechatPosts", "smsSent", "mockQuestionnaires", "volunteerActivities");

    public static final Counts EMPTY = new Counts(0, 0, 0, 0, 0, 0, 0, 0, "", "", List.of());

    public Counts {
      other = other == null ? "" : other.strip();
      description = description == null ? "" : description.strip();
      fileIds = fileIds == null ? List.of() : List.copyOf(fileIds);
    }

    public int[] numbers() {
      return new int[] {householdsVisited, materialsHandedOut, banners, boardsAndScreens, wechatPosts, smsSent,
          mockQuestionnaires, volunteerActivities};
    }
  }

  /** One entry of the report's history: who, when, what (field → [before, after]) and the review comment. */
  public record Change(Instant at, String actor, String action, String changesJson, String comment) {

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
        .build();

    /** The changed fields, in the form's order: field (as in {@link Counts#NUMBERS}, other, description, fileIds). */
    public List<FieldChange> changes() {
      java.util.List<FieldChange> list = new java.util.ArrayList<>();
      JSON.readTree(changesJson).properties().forEach(e -> list.add(new FieldChange(e.getKey(),
          shown(e.getValue().get(0)), shown(e.getValue().get(1)))));
      return list;
    }

    private static String shown(tools.jackson.databind.JsonNode v) {
      if (v == null || v.isNull()) {
        return "";
      }
      String text = v.isArray() ? v.toString().replaceAll("[\\[\\]]", "") : v.asString();
      return text.isEmpty() ? "—" : org.sanlv.platform.Problem.excerpt(text);
    }
  }

  /** One field's change: its value before and after (long texts cut). */
  public record FieldChange(String field, String before, String after) {}
}
