package org.sanlv.org;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/** Pages of the organisation tree: the tree browser (htmx), an area's detail page, and the CSV import. */
@Controller
@Requires(Permission.ORG_READ)
class OrgPageController {

  /** Children per page of the tree and of an area's page. */
  static final int PAGE_SIZE = 200;

  private final OrgService org;

  OrgPageController(OrgService org) {
    this.org = org;
  }

  @GetMapping("/areas")
  String tree(Scope scope, @RequestParam(name = "q", required = false) String query, Model model) {
    OrgNode top = org.top(scope);
    model.addAttribute("top", top);
    model.addAttribute("parentCode", top.code());
    model.addAttribute("children", org.children(scope, top.code(), 1, PAGE_SIZE));
    model.addAttribute("query", query);
    model.addAttribute("found", org.search(scope, query));
    return "org/tree";
  }

  /**
   * The children of a node, inserted under it when it is expanded in the tree: page 1 as a list; a later page as
   * the items that replace the list's "more" entry.
   */
  @GetMapping("/areas/{code}/children")
  String children(Scope scope, @PathVariable String code, @RequestParam(defaultValue = "1") int page, Model model) {
    model.addAttribute("parentCode", code);
    model.addAttribute("children", org.children(scope, code, page, PAGE_SIZE));
    return page == 1 ? "org/_children" : "org/_children :: items";
  }

  @GetMapping("/areas/{code}")
  String area(Scope scope, @PathVariable String code, @RequestParam(defaultValue = "1") int page, Model model) {
    OrgNode node = org.node(scope, code);
    OrgService.Children children = org.children(scope, code, page, PAGE_SIZE);
    model.addAttribute("node", node);
    model.addAttribute("breadcrumbs", org.breadcrumbs(scope, code));
    model.addAttribute("children", children);
    model.addAttribute("areas", children.areas());
    model.addAttribute("units", children.units());
    model.addAttribute("phoneBlocks", org.phoneBlocks(scope, code));
    model.addAttribute("mayEdit", scope.may(Permission.ORG_WRITE));
    return "org/area";
  }

  @GetMapping("/areas/import")
  @Requires(Permission.ORG_WRITE)
  String importForm(Model model) {
    model.addAttribute("columns", AreaImport.REQUIRED);
    model.addAttribute("optionalColumns", AreaImport.OPTIONAL);
    return "org/import";
  }

  @PostMapping("/areas/import")
  @Requires(Permission.ORG_WRITE)
  String importFile(Scope scope, @RequestParam("file") MultipartFile file, Model model, HttpServletResponse response)
      throws IOException {
    model.addAttribute("columns", AreaImport.REQUIRED);
    model.addAttribute("optionalColumns", AreaImport.OPTIONAL);
    if (file.isEmpty()) {
      model.addAttribute("problems", List.of(Problem.of("import.error.empty")));
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return "org/import";
    }
    try {
      model.addAttribute("result", org.importCsv(scope, file.getBytes(), file.getOriginalFilename()));
    } catch (InputRejected e) {
      model.addAttribute("problems", e.problems());
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST); // the page again, with every problem, and nothing stored
    }
    return "org/import";
  }

  @PostMapping("/areas/{code}/figures")
  @Requires(Permission.ORG_WRITE)
  String saveFigures(Scope scope, @PathVariable String code, @RequestParam(required = false) String name,
      @RequestParam(required = false) Long population, @RequestParam(required = false) Long households,
      @RequestParam(required = false) Integer villages) {
    org.updateFigures(scope, code, new OrgService.Figures(name, population, households, villages));
    return "redirect:/areas/" + code;
  }

  @PostMapping("/areas/{code}/units")
  @Requires(Permission.ORG_WRITE)
  String addUnit(Scope scope, @PathVariable String code, @RequestParam("unitCode") String unitCode,
      @RequestParam("unitName") String unitName, @RequestParam("unitType") String unitType) {
    UnitType type;
    try {
      type = UnitType.valueOf(unitType.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      type = null;
    }
    org.createUnit(scope, new OrgService.NewUnit(unitCode, unitName, type, code));
    return "redirect:/areas/" + code;
  }

}
