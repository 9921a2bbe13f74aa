package org.sanlv.campaign;

import io.swagger.v3.oas.annotations.Operation;
import java.time.LocalDate;
import java.util.List;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Campaigns, tasks and the publicity checklist over JSON. */
@RestController
@Requires(Permission.CAMPAIGN_WORK)
class CampaignApiController {

  private final CampaignService campaigns;

  CampaignApiController(CampaignService campaigns) {
    this.campaigns = campaigns;
  }

  record CreateRequest(String areaCode, Integer year, String template) {}

  record CampaignJson(Campaign campaign, List<Unit> units, List<CampaignService.Progress> progress) {}

  record StatusRequest(String status) {}

  record EvidenceRequest(Long fileId, String url, String note) {}

  record CommentRequest(String body) {}

  @GetMapping("/api/v1/campaigns")
  @Operation(summary = "Campaigns of the caller's area, of the areas below and above it, newest first")
  List<Campaign> list(Scope scope) {
    return campaigns.campaigns(scope);
  }

  @GetMapping("/api/v1/campaign-templates")
  @Operation(summary = "The built-in campaign templates")
  List<CampaignService.TemplateInfo> templates() {
    return campaigns.templates();
  }

  @PostMapping("/api/v1/campaigns")
  @Requires(Permission.CAMPAIGN_MANAGE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Create the area's campaign of a year from a template; its tasks fan out to the units below")
  Campaign create(Scope scope, @RequestBody CreateRequest request) {
    if (request.year() == null) {
      throw new InputRejected(Problem.at(0, "year", "campaign.error.year", ""));
    }
    return campaigns.create(scope, request.areaCode(), request.year(), request.template());
  }

  @GetMapping("/api/v1/campaigns/{campaignId}")
  @Operation(summary = "A campaign, its responsible units and their progress (in the caller's subtree)")
  CampaignJson get(Scope scope, @PathVariable long campaignId) {
    Campaign c = campaigns.campaign(scope, campaignId);
    List<Unit> units = campaigns.units(campaignId).stream()
        .filter(u -> campaigns.progress(scope, campaignId).stream().anyMatch(p -> p.unitCode().equals(u.code()))
            || campaigns.mayManage(scope, campaignId))
        .toList();
    return new CampaignJson(c, units, campaigns.progress(scope, campaignId));
  }

  @GetMapping("/api/v1/campaigns/{campaignId}/items")
  @Operation(summary = "The campaign's items in the caller's subtree (section task|checklist, one unit)")
  List<CampaignService.Item> items(Scope scope, @PathVariable long campaignId,
      @RequestParam(required = false) String section, @RequestParam(required = false) String unit) {
    return campaigns.items(scope, campaignId, section, unit);
  }

  @PostMapping("/api/v1/campaigns/{campaignId}/tasks")
  @Requires(Permission.CAMPAIGN_MANAGE)
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add a task for some units of the campaign (due today or later); returns the items made")
  List<CampaignService.Item> addTask(Scope scope, @PathVariable long campaignId,
      @RequestBody CampaignService.NewTask task) {
    return campaigns.addTask(scope, campaignId, task);
  }

  @GetMapping("/api/v1/campaign-items/{itemId}")
  @Operation(summary = "An item with its evidence and comments")
  CampaignService.ItemDetail item(Scope scope, @PathVariable long itemId) {
    return campaigns.item(scope, itemId);
  }

  @PostMapping("/api/v1/campaign-items/{itemId}/status")
  @Operation(summary = "Set an item's status: open, in_progress, done")
  CampaignService.Item status(Scope scope, @PathVariable long itemId, @RequestBody StatusRequest request) {
    return campaigns.setStatus(scope, itemId, request.status());
  }

  @PostMapping("/api/v1/campaign-items/{itemId}/evidence")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Add evidence to an item: a stored file's id, a link or a note")
  CampaignService.Evidence evidence(Scope scope, @PathVariable long itemId, @RequestBody EvidenceRequest request) {
    return campaigns.addEvidence(scope, itemId, request.fileId(), request.url(), request.note());
  }

  @PostMapping("/api/v1/campaign-items/{itemId}/comments")
  @ResponseStatus(HttpStatus.CREATED)
  @Operation(summary = "Comment on an item")
  CampaignService.Comment comment(Scope scope, @PathVariable long itemId, @RequestBody CommentRequest request) {
    return campaigns.comment(scope, itemId, request.body());
  }

  static LocalDate date(String value, String field) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (java.time.format.DateTimeParseException e) {
      throw new InputRejected(Problem.at(0, field, "input.error.badValue", value));
    }
  }
}
