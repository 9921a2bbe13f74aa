package org.sanlv.campaign;

import java.util.List;
import java.util.Optional;
import org.sanlv.org.NotFound;
import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgService;
import org.sanlv.org.OutOfScope;
import org.sanlv.org.Permission;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.quiz.QuizStatistics;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The anti-fraud quiz as a publicity activity of a campaign (issue 23): completions per town (a county's campaign)
 * or per county (the province's) within the campaign's dates, each with its quiz link and QR code. Counts are
 * aggregates, so reading the area is enough ({@link Permission#ORG_READ}); a town officer or unit reporter, whose
 * subtree is below the campaign's area, sees the rows of its own town only (a unit reporter: no panel).
 */
@Component
class CampaignQuizPanel {

  /** One row: an area, its completions in the campaign's dates (of which {@code bursts} flagged), and its quiz link. */
  record Row(String code, String name, long completions, long bursts, String link) {}

  /** The panel: the rows, their totals, and the quiz's plain link. */
  record Panel(List<Row> rows, long total, long bursts, String link) {

    /** Whether any completion was flagged as a burst: only then the panel shows the column and its explanation. */
    public boolean anyBursts() {
      return bursts > 0;
    }
  }

  private final QuizStatistics statistics;
  private final OrgService org;

  CampaignQuizPanel(QuizStatistics statistics, OrgService org) {
    this.statistics = statistics;
    this.org = org;
  }

  /** The panel of the campaign as the caller may see it; empty when the caller reads no area of it. */
  Optional<Panel> of(Scope scope, Campaign c) {
    if (!scope.may(Permission.ORG_READ)) {
      return Optional.empty();
    }
    String campaignPath = org.pathOf(c.areaCode()).orElse(null);
    if (campaignPath == null) {
      return Optional.empty();
    }
    // the whole campaign's areas when the caller's subtree holds them; else the caller's own area inside it
    String area = scope.covers(campaignPath) ? c.areaCode()
        : scope.path().startsWith(campaignPath) ? scope.nodeCode() : null;
    if (area == null || org.node(scope, area).level() == OrgLevel.UNIT) {
      return Optional.empty(); // a unit reporter's unit is no area a quiz link names
    }
    List<QuizStatistics.AreaCount> counts;
    try {
      counts = statistics.completionsBelow(scope, area, c.startsOn(), c.endsOn());
    } catch (OutOfScope | NotFound | InputRejected e) {
      return Optional.empty();
    }
    String base = ServletUriComponentsBuilder.fromCurrentContextPath().path("/quiz").build().toUriString();
    List<Row> rows = counts.stream()
        .map(a -> new Row(a.code(), a.name(), a.completions(), a.bursts(), base + "?area=" + a.code())).toList();
    return Optional.of(new Panel(rows, rows.stream().mapToLong(Row::completions).sum(),
        rows.stream().mapToLong(Row::bursts).sum(), base));
  }
}
