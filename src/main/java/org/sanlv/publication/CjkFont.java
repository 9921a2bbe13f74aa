package org.sanlv.publication;

import com.lowagie.text.pdf.BaseFont;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The Chinese font the PDFs embed (as a subset): the configured file, else the first Noto Sans CJK, Source Han Sans,
 * WenQuanYi, Microsoft YaHei or SimHei found in the usual font folders. Looked up once; none found is remembered too.
 */
@Component
class CjkFont {

  private static final Logger LOG = LoggerFactory.getLogger(CjkFont.class);

  /** File names in order of preference (lower case); a collection (.ttc) is searched for its Simplified face. */
  static final List<String> PREFERRED = List.of("notosanscjk-regular.ttc", "notosanscjksc-regular.otf",
      "notosanssc-regular.otf", "sourcehansanssc-regular.otf", "sourcehansans-regular.ttc",
      "sourcehansanscn-regular.otf", "wqy-zenhei.ttc", "wqy-microhei.ttc", "msyh.ttc", "msyh.ttf", "simhei.ttf",
      "notoserifcjk-regular.ttc");

  private static final String HOME = System.getenv().getOrDefault("HOME", "/root");
  private static final List<String> FOLDERS = List.of("/usr/share/fonts", "/usr/local/share/fonts",
      HOME + "/.local/share/fonts", HOME + "/.fonts", "/Library/Fonts", "/System/Library/Fonts", "C:/Windows/Fonts");

  private final PublicationSettings settings;
  private volatile Optional<BaseFont> font;

  CjkFont(PublicationSettings settings) {
    this.settings = settings;
  }

  /** The font, or empty when no usable CJK font is configured or installed. */
  Optional<BaseFont> font() {
    Optional<BaseFont> f = font;
    if (f == null) {
      synchronized (this) {
        if (font == null) {
          font = load();
        }
        f = font;
      }
    }
    return f;
  }

  private Optional<BaseFont> load() {
    List<String> candidates = new ArrayList<>();
    if (settings.pdfFont() != null && !settings.pdfFont().isBlank()) {
      candidates.add(settings.pdfFont().strip());
    }
    candidates.addAll(installed());
    for (String candidate : candidates) {
      try {
        BaseFont f = BaseFont.createFont(face(candidate), BaseFont.IDENTITY_H, BaseFont.EMBEDDED);
        if (f.charExists('晾') && f.charExists('9') && f.charExists('%')) {
          LOG.info("publication PDFs embed {}", candidate);
          return Optional.of(f);
        }
      } catch (Exception e) {
        LOG.warn("font {} cannot be embedded: {}", candidate, e.toString());
      }
    }
    LOG.warn("no CJK font for publication PDFs: set sanlv.publication.pdf-font or install fonts-noto-cjk");
    return Optional.empty();
  }

  /** A collection's Simplified Chinese face by name or index ({@code file.ttc,Noto Sans CJK SC} or {@code ,2}). */
  static String face(String candidate) throws IOException {
    int comma = candidate.lastIndexOf(',');
    String file = comma > 0 ? candidate.substring(0, comma) : candidate;
    String wanted = comma > 0 ? candidate.substring(comma + 1).strip() : "";
    if (!file.toLowerCase(Locale.ROOT).endsWith(".ttc")) {
      return file;
    }
    if (wanted.matches("\\d+")) {
      return file + "," + wanted;
    }
    String[] names = BaseFont.enumerateTTCNames(file);
    for (int i = 0; i < names.length; i++) {
      String n = names[i].toLowerCase(Locale.ROOT);
      boolean match = wanted.isEmpty()
          ? Stream.of(n.split("[ _-]")).anyMatch(w -> w.equals("sc") || w.equals("cn") || w.endsWith("cjksc"))
          : n.replace(" ", "").equals(wanted.toLowerCase(Locale.ROOT).replace(" ", ""));
      if (match) {
        return file + "," + i;
      }
    }
    return file + ",0";
  }

  private static List<String> installed() {
    List<Path> found = new ArrayList<>();
    for (String folder : FOLDERS) {
      Path dir = Path.of(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir, 4)) {
        files.filter(p -> PREFERRED.contains(p.getFileName().toString().toLowerCase(Locale.ROOT))).forEach(found::add);
      } catch (IOException | RuntimeException e) {
        // an unreadable folder is one place fewer to look
      }
    }
    found.sort(java.util.Comparator.comparingInt(p -> PREFERRED.indexOf(p.getFileName().toString().toLowerCase(Locale.ROOT))));
    return found.stream().map(Path::toString).toList();
  }
}
