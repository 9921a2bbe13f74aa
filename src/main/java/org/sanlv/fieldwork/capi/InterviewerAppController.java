package org.sanlv.fieldwork.capi;

import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.sanlv.org.Permission;
import org.sanlv.org.Requires;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The interviewer app (入户/拦截访问), an installable web app that works offline: the page is its shell, the
 * service worker ({@code /capi/sw.js}, scope {@code /capi/}) keeps it and the app's data, and {@code app.js} does
 * the rest in the browser. The page lives at {@code /capi/} so that it is inside the service worker's scope.
 */
@Controller
class InterviewerAppController {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  /** The app's texts for the script: every key under {@code capi.app.}, per language. */
  private static final String PREFIX = "capi.app.";
  private final Map<Locale, String> texts = new ConcurrentHashMap<>();

  @GetMapping("/capi")
  @Requires(Permission.FIELDWORK_INTERVIEW)
  String redirect() {
    return "redirect:/capi/";
  }

  @GetMapping("/capi/")
  @Requires(Permission.FIELDWORK_INTERVIEW)
  String app(Model model) {
    Locale locale = LocaleContextHolder.getLocale();
    model.addAttribute("appTexts", texts.computeIfAbsent(locale, InterviewerAppController::textsOf));
    model.addAttribute("appLang", "en".equals(locale.getLanguage()) ? "en" : "zh");
    return "capi/app";
  }

  /** The app's texts as JSON, safe inside a {@code <script type="application/json">}. */
  private static String textsOf(Locale locale) {
    ResourceBundle bundle = ResourceBundle.getBundle("messages",
        "en".equals(locale.getLanguage()) ? Locale.ENGLISH : Locale.ROOT,
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    Map<String, String> texts = new TreeMap<>();
    for (String key : bundle.keySet()) {
      if (key.startsWith(PREFIX)) {
        texts.put(key.substring(PREFIX.length()), bundle.getString(key));
      }
    }
    return JSON.writeValueAsString(texts).replace("</", "<\\/");
  }
}
