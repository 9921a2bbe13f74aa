package org.sanlv.org;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** REST API of areas and units. Same scope rules as the pages (the scope check runs before every handler). */
@RestController
@RequestMapping("/api/v1")
@Requires(Permission.ORG_READ)
@Tag(name = "areas", description = "The organisation tree: areas, units and their figures")
class OrgApiController {

  private final OrgService org;

  OrgApiController(OrgService org) {
    this.org = org;
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

  @GetMapping("/areas/search")
  @Operation(summary = "Areas and units in the caller's subtree whose name or code matches")
  List<AreaView> search(Scope scope, @RequestParam("q") String query) {
    return org.search(scope, query).stream().map(AreaView::of).toList();
  }

  @GetMapping("/areas/{code}")
  @Operation(summary = "One area or unit")
  AreaView area(Scope scope, @PathVariable String code) {
    return AreaView.of(org.node(scope, code));
  }

  @GetMapping("/areas/{code}/children")
  @Operation(summary = "The areas and units directly under a node")
  List<AreaView> children(Scope scope, @PathVariable String code) {
    return org.children(scope, code).stream().map(AreaView::of).toList();
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
  @Operation(summary = "Import areas and units from CSV (all rows or none; errors name line and column)")
  OrgService.ImportResult importCsv(Scope scope, @RequestBody byte[] csv) {
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
