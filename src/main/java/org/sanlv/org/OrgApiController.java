package org.sanlv.org;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.InputTooLarge;
import org.sanlv.platform.Problem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** REST API of areas and units. Same scope rules as the pages (the scope check runs before every handler). */
@RestController
@RequestMapping("/api/v1")
@Requires(Permission.ORG_READ)
@Tag(name = "areas", description = "The organisation tree: areas, units and their figures")
class OrgApiController {

  private final OrgService org;
  private final OrgSettings settings;

  OrgApiController(OrgService org, OrgSettings settings) {
    this.org = org;
    this.settings = settings;
  }

  /** An area or unit as the API shows it. */
  record AreaView(String code, String name, String level, String unitType, String parentCode, Long population,
      Long households, Integer villages, boolean figuresDemo, int childCount) {

    static AreaView of(OrgNode n) {
      return new AreaView(n.code(), n.name(), n.level().dbValue(), n.unitType() == null ? null : n.unitType().dbValue(),
          n.parentCode(), n.population(), n.households(), n.villages(), n.figuresDemo(), n.childCount());
    }
  }

  @GetMapping("/areas")
  @Operation(summary = "The caller's top node (the root of what they may see)")
  AreaView top(Scope scope) {
    return AreaView.of(org.top(scope));
  }

  /** An area or unit found by a search, with the names from the caller's top node down to it. */
  record AreaMatch(String code, String name, String level, String unitType, String parentCode, Long population,
      Long households, Integer villages, boolean figuresDemo, int childCount, List<String> trail) {

    static AreaMatch of(OrgNode.Found found) {
      AreaView v = AreaView.of(found.node());
      return new AreaMatch(v.code(), v.name(), v.level(), v.unitType(), v.parentCode(), v.population(),
          v.households(), v.villages(), v.figuresDemo(), v.childCount(), found.trail());
    }
  }

  @GetMapping("/areas/search")
  @Operation(summary = "Areas and units in the caller's subtree whose name contains q or whose code starts with it",
      description = "At most 50, nearest the caller's node first. level (repeatable: province, city, county, town, "
          + "village, unit) keeps only those levels; an unknown level is refused. trail names the way down from the "
          + "caller's top node (浙江省, 绍兴市, 上虞区).")
  List<AreaMatch> search(Scope scope, @RequestParam("q") String query,
      @RequestParam(name = "level", required = false) List<String> levels) {
    return org.searchWithTrail(scope, query, levels(levels)).stream().map(AreaMatch::of).toList();
  }

  static List<OrgLevel> levels(List<String> names) {
    if (names == null) {
      return List.of();
    }
    List<OrgLevel> levels = new ArrayList<>();
    for (String name : names) {
      for (String one : name.split(",")) {
        if (one.isBlank()) {
          continue;
        }
        try {
          levels.add(OrgLevel.fromDb(one.trim()));
        } catch (IllegalArgumentException e) {
          throw new InputRejected(Problem.at(0, "level", "org.error.badLevel", one));
        }
      }
    }
    return levels;
  }

  @GetMapping("/areas/{code}")
  @Operation(summary = "One area or unit")
  AreaView area(Scope scope, @PathVariable String code) {
    return AreaView.of(org.node(scope, code));
  }

  @GetMapping("/areas/{code}/children")
  @Operation(summary = "The areas and units directly under a node, a page at a time (areas first, by code)",
      description = "page is 1-based; size 1 to 1000, default 500. The header X-Total-Count gives the number of "
          + "children, and Link (rel=\"next\") the next page while there is one.")
  ResponseEntity<List<AreaView>> children(Scope scope, @PathVariable String code,
      @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "500") int size) {
    OrgService.Children children = org.children(scope, code, page, size);
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok().header("X-Total-Count", String.valueOf(children.total()));
    if (children.hasNext()) {
      String next = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("page", page + 1)
          .replaceQueryParam("size", size).toUriString();
      answer.header(HttpHeaders.LINK, "<" + next + ">; rel=\"next\"");
    }
    return answer.body(children.items().stream().map(AreaView::of).toList());
  }

  @GetMapping("/areas/{code}/phone-blocks")
  @Operation(summary = "Phone number blocks (号段) of an area")
  List<PhoneBlock> phoneBlocks(Scope scope, @PathVariable String code) {
    return org.phoneBlocks(scope, code);
  }

  @PutMapping("/areas/{code}/figures")
  @Requires(Permission.ORG_WRITE)
  @Operation(summary = "Set an area's name and figures (population, households, villages)")
  AreaView figures(Scope scope, @PathVariable String code, @RequestBody OrgService.Figures figures) {
    return AreaView.of(org.updateFigures(scope, code, figures));
  }

  @PostMapping(path = "/areas/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
  @Requires(Permission.ORG_WRITE)
  @Operation(summary = "Import areas and units from CSV (all rows or none; errors name line and column)",
      description = "The body is the CSV file, at most sanlv.org.import-max-size (20 MB by default); a larger one "
          + "is refused with 413 before it is read.",
      requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
          content = @Content(mediaType = "text/csv")))
  OrgService.ImportResult importCsv(Scope scope, HttpServletRequest request) throws IOException {
    long limit = settings.importMaxSize().toBytes();
    if (request.getContentLengthLong() > limit) {
      throw new InputTooLarge(limit);
    }
    byte[] csv;
    try (InputStream in = request.getInputStream()) {
      csv = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8)); // a chunked body has no length to check
    }
    if (csv.length > limit) {
      throw new InputTooLarge(limit);
    }
    return org.importCsv(scope, csv, "api");
  }

  @GetMapping("/units/{code}")
  @Operation(summary = "One unit")
  AreaView unit(Scope scope, @PathVariable String code) {
    OrgNode node = org.node(scope, code);
    if (!node.isUnit()) {
      throw new NotFound("unit " + code);
    }
    return AreaView.of(node);
  }

  @PostMapping("/units")
  @Requires(Permission.ORG_WRITE)
  @Operation(summary = "Attach a unit (department, enterprise, cooperative) under an area")
  AreaView createUnit(Scope scope, @RequestBody OrgService.NewUnit unit) {
    return AreaView.of(org.createUnit(scope, unit));
  }
}
