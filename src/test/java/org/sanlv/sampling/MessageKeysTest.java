package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every {@code sampling.*} message key in the module's code has zh and en text, in the application bundles or
 * (until they are merged there) in {@code src/test/resources/sampling/messages*.properties}.
 */
class MessageKeysTest {

  static Properties load(String... paths) throws IOException {
    Properties all = new Properties();
    for (String path : paths) {
      Path p = Path.of(path);
      if (Files.exists(p)) {
        try (var in = new InputStreamReader(Files.newInputStream(p), StandardCharsets.UTF_8)) {
          all.load(in);
        }
      }
    }
    return all;
  }

  @Test
  void everySamplingKeyHasChineseAndEnglishText() throws IOException {
    Set<String> used = new TreeSet<>();
    Pattern key = Pattern.compile("\"(sampling\\.(?:error|cli)\\.[a-zA-Z.]+)\"");
    try (Stream<Path> files = Files.walk(Path.of("src/main/java/org/sanlv/sampling"))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = key.matcher(Files.readString(f));
        while (m.find()) {
          used.add(m.group(1));
        }
      }
    }
    Properties zh = load("src/main/resources/messages.properties");
    Properties en = load("src/main/resources/messages_en.properties");
    assertThat(used).isNotEmpty();
    assertThat(used).allSatisfy(k -> assertThat(zh.getProperty(k)).as("zh " + k).isNotBlank())
        .allSatisfy(k -> assertThat(en.getProperty(k)).as("en " + k).isNotBlank());
  }
}
