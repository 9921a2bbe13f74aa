package org.sanlv.quiz;

import org.sanlv.org.OrgLevel;
import org.sanlv.org.OrgNode;
import org.sanlv.org.OrgService;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.sanlv.org.Scope;
import org.sanlv.platform.InputRejected;
import org.sanlv.platform.Problem;
import org.sanlv.platform.QrCode;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The QR code of the quiz's public link for a county or town ({@code /quiz?area=}), for posters and leaflets.
 * Signed-in staff only, for areas in their subtree (like the online survey's codes): residents need the link, not
 * the picture, and drawing PNGs for anyone who asks would be free work for a stranger's script.
 */
@Controller
@Requires(Permission.ORG_READ)
class QuizQrController {

  private final OrgService org;

  QuizQrController(OrgService org) {
    this.org = org;
  }

  @GetMapping("/quiz/qr")
  ResponseEntity<byte[]> qr(Scope scope, @RequestParam(required = false) String area,
      @RequestParam(defaultValue = "false") String download) {
    String url = link(null);
    String name = "anti-fraud-quiz";
    if (area != null && !area.isBlank()) {
      OrgNode node = org.node(scope, area.strip()); // outside the subtree: refused; unknown: not found
      if (node.level() != OrgLevel.COUNTY && node.level() != OrgLevel.TOWN) {
        throw new InputRejected(Problem.at(0, "area", "campaign.quiz.error.area", area));
      }
      url = link(node.code());
      name += "-" + node.code();
    }
    boolean attachment = "true".equals(download);
    ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
        .cacheControl(CacheControl.noCache());
    if (attachment) {
      answer.header(HttpHeaders.CONTENT_DISPOSITION,
          ContentDisposition.attachment().filename(name + ".png").build().toString());
    }
    return answer.body(QrCode.png(url, attachment ? 600 : 240));
  }

  /** The quiz's public address on this server, with the area preset when given. */
  static String link(String areaCode) {
    var b = ServletUriComponentsBuilder.fromCurrentContextPath().path("/quiz");
    if (areaCode != null) {
      b.queryParam("area", areaCode);
    }
    return b.build().toUriString();
  }
}
