package org.sanlv.quiz;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.sanlv.org.PublicEndpoint;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public quiz page {@code /quiz}: phone first, one question at a time (quiz.js shows them in turn and asks the
 * server for each verdict; the page itself holds no correct answers). {@code ?area=} from a link or QR code is a
 * county or town; an unknown one is ignored and the page works without it.
 */
@Controller
@PublicEndpoint
class QuizPageController {

  static final String DEVICE_COOKIE = "sanlv-quiz-device";
  private static final SecureRandom RANDOM = new SecureRandom();
  private final QuizService quiz;

  QuizPageController(QuizService quiz) {
    this.quiz = quiz;
  }

  /** A question as the page shows it: texts in the page's language, no correct answers. */
  record QuestionView(int number, String id, String kind, String text, List<OptionView> options) {}

  record OptionView(String id, String text) {}

  @GetMapping("/quiz")
  String page(@RequestParam(required = false) String area,
      @CookieValue(name = DEVICE_COOKIE, required = false) String device, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    Locale locale = LocaleContextHolder.getLocale();
    QuizContent content = quiz.live().content();
    if (device == null || !device.matches("[A-Za-z0-9_-]{16,64}")) {
      byte[] bytes = new byte[18];
      RANDOM.nextBytes(bytes);
      device = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    response.addHeader("Set-Cookie", ResponseCookie.from(DEVICE_COOKIE, device).path("/").maxAge(Duration.ofDays(400))
        .httpOnly(true).sameSite("Lax").secure(request.isSecure()).build().toString());
    response.setHeader("Cache-Control", "no-store");
    String areaName = quiz.linkAreaName(area).orElse(null);
    List<QuestionView> questions = new java.util.ArrayList<>();
    int n = 0;
    for (QuizContent.Question q : content.questions()) {
      questions.add(new QuestionView(++n, q.id(), q.kind(), QuizContent.in(q.text(), locale),
          q.options().stream().map(o -> new OptionView(o.id(), QuizContent.in(o.text(), locale))).toList()));
    }
    model.addAttribute("lang", "en".equals(locale.getLanguage()) ? "en" : "zh");
    model.addAttribute("title", QuizContent.in(content.title(), locale));
    model.addAttribute("intro", QuizContent.in(content.intro(), locale));
    model.addAttribute("questions", questions);
    model.addAttribute("total", questions.size());
    model.addAttribute("device", device);
    model.addAttribute("area", areaName == null ? "" : area);
    model.addAttribute("areaName", areaName);
    return "quiz/quiz";
  }
}
