package org.sanlv.campaign;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The campaign pages: the list (and creation), a campaign's overview, a unit's own list; the task list's exports. */
@Controller
@Requires(Permission.CAMPAIGN_WORK)
class CampaignPageController {

  private final CampaignService campaigns;
  private final CampaignTaskExport export;
  private final CampaignQuizPanel quiz;

  CampaignPageController(CampaignService campaigns, CampaignTaskExport export, CampaignQuizPanel quiz) {
    this.campaigns = campaigns;
    this.export = export;
    this.quiz = quiz;
  }

  @GetMapping("/campaigns")
  String list(Scope scope, Model model) {
    model.addAttribute("campaigns", campaigns.campaigns(scope));
    model.addAttribute("templates", campaigns.templates());
    model.addAttribute("mayManage", scope.may(Permission.CAMPAIGN_MANAGE));
    model.addAttribute("defaultArea", scope.nodeCode());
    model.addAttribute("defaultYear", campaigns.today().getYear());
    return "campaign/campaigns";
  }

  @PostMapping("/campaigns")
  @Requires(Permission.CAMPAIGN_MANAGE)
  String create(Scope scope, @RequestParam(required = false) String areaCode,
      @RequestParam(required = false) String year, @RequestParam(required = false) String template, Model model,
      HttpServletResponse response) {
    try {
      int y;
      try {
        y = Integer.parseInt(year == null ? "" : year.strip());
      } catch (NumberFormatException e) {
        throw new InputRejected(org.sanlv.platform.Problem.at(0, "year", "campaign.error.year", year));
      }
      Campaign c = campaigns.create(scope, areaCode, y, template);
      return "redirect:/campaigns/" + c.id();
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return list(scope, model);
    }
  }

  @GetMapping("/campaigns/{campaignId}")
  String overview(Scope scope, @PathVariable long campaignId, Model model) {
    Campaign c = campaigns.campaign(scope, campaignId);
    List<CampaignService.Progress> progress = campaigns.progress(scope, campaignId);
    model.addAttribute("campaign", c);
    model.addAttribute("progress", progress);
    model.addAttribute("totals", new CampaignService.Progress("", "", "", 
        progress.stream().mapToInt(CampaignService.Progress::tasks).sum(),
        progress.stream().mapToInt(CampaignService.Progress::tasksDone).sum(),
        progress.stream().mapToInt(CampaignService.Progress::overdue).sum(),
        progress.stream().mapToInt(CampaignService.Progress::checklist).sum(),
        progress.stream().mapToInt(CampaignService.Progress::checklistDone).sum()));
    model.addAttribute("mayManage", campaigns.mayManage(scope, campaignId));
    model.addAttribute("quiz", quiz.of(scope, c).orElse(null));
    return "campaign/campaign";
  }

  @GetMapping("/campaigns/{campaignId}/my")
  String my(Scope scope, @PathVariable long campaignId, @RequestParam(required = false) String unit,
      @RequestParam(required = false) String section, Model model) {
    Campaign c = campaigns.campaign(scope, campaignId);
    String s = "checklist".equals(section) ? "checklist" : "task";
    model.addAttribute("campaign", c);
    model.addAttribute("section", s);
    model.addAttribute("unit", unit);
    model.addAttribute("items", campaigns.items(scope, campaignId, s, unit));
    model.addAttribute("statuses", CampaignService.STATUSES);
    return "campaign/my-tasks";
  }

  @PostMapping("/campaigns/items/{itemId}/status")
  String status(Scope scope, @PathVariable long itemId, @RequestParam(required = false) String status, Model model,
      HttpServletResponse response) {
    try {
      return back(campaigns.setStatus(scope, itemId, status));
    } catch (InputRejected e) {
      return again(scope, itemId, e, model, response);
    }
  }

  /** The item's page again with what was wrong (400), nothing stored. */
  private String again(Scope scope, long itemId, InputRejected e, Model model, HttpServletResponse response) {
    model.addAttribute("problems", e.problems());
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    return item(scope, itemId, model);
  }

  @PostMapping("/campaigns/items/{itemId}/evidence")
  String evidence(Scope scope, @PathVariable long itemId, @RequestParam(required = false) String fileId,
      @RequestParam(required = false) String url, @RequestParam(required = false) String note, Model model,
      HttpServletResponse response) {
    try {
      Long file = null;
      if (fileId != null && !fileId.isBlank()) {
        try {
          file = Long.parseLong(fileId.strip());
        } catch (NumberFormatException e) {
          throw new InputRejected(org.sanlv.platform.Problem.at(0, "fileId", "campaign.error.file", fileId));
        }
      }
      campaigns.addEvidence(scope, itemId, file, url, note);
      return back(campaigns.item(scope, itemId).item());
    } catch (InputRejected e) {
      return again(scope, itemId, e, model, response);
    }
  }

  @PostMapping("/campaigns/items/{itemId}/comments")
  String comment(Scope scope, @PathVariable long itemId, @RequestParam(required = false) String body, Model model,
      HttpServletResponse response) {
    try {
      campaigns.comment(scope, itemId, body);
      return back(campaigns.item(scope, itemId).item());
    } catch (InputRejected e) {
      return again(scope, itemId, e, model, response);
    }
  }

  private String back(CampaignService.Item i) {
    return "redirect:/campaigns/items/" + i.id();
  }

  @GetMapping("/campaigns/items/{itemId}")
  String item(Scope scope, @PathVariable long itemId, Model model) {
    CampaignService.ItemDetail detail = campaigns.item(scope, itemId);
    model.addAttribute("detail", detail);
    model.addAttribute("statuses", CampaignService.STATUSES);
    return "campaign/item";
  }

  @GetMapping("/campaigns/{campaignId}/tasks.csv")
  ResponseEntity<byte[]> csv(Scope scope, @PathVariable long campaignId) {
    return download(scope, campaignId, "csv");
  }

  @GetMapping("/campaigns/{campaignId}/tasks.xlsx")
  ResponseEntity<byte[]> xlsx(Scope scope, @PathVariable long campaignId) {
    return download(scope, campaignId, "xlsx");
  }

  private ResponseEntity<byte[]> download(Scope scope, long campaignId, String format) {
    Campaign c = campaigns.campaign(scope, campaignId);
    Locale locale = LocaleContextHolder.getLocale();
    List<CampaignService.Item> items = campaigns.items(scope, campaignId, null, null);
    List<List<String>> table = export.table(items, locale);
    byte[] body = format.equals("csv") ? export.csv(table) : export.xlsx(table, "tasks");
    campaigns.auditExport(scope, campaignId, format, items.size());
    String name = "campaign-" + c.id() + "-" + c.year() + "-tasks." + format;
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
        .contentType(format.equals("csv") ? MediaType.parseMediaType("text/csv;charset=UTF-8")
            : MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
        .body(body);
  }
}
