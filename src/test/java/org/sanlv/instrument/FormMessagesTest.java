package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The XLSForm problem bundles: the same keys in Chinese and English, and every key the code uses is in them. */
class FormMessagesTest {

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = FormMessagesTest.class.getResourceAsStream("/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void chineseAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(bundle("instrument-messages.properties").keySet())
                .isEqualTo(bundle("instrument-messages_en.properties").keySet());
    }

    @Test
    void everyKeyTheCodeUsesIsInTheBundle() throws IOException {
        Properties en = bundle("instrument-messages_en.properties");
        Pattern key = Pattern.compile("\"((?:file|sheet|column|cell|language|type|choice|settings|group|name|label|select"
                + "|calculate|row|text|required|expr|upload|cli)\\.[a-zA-Z]+)\"");
        Set<String> missing = new TreeSet<>();
        try (var files = Files.walk(Path.of("src/main/java/org/sanlv/instrument"), 1)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = key.matcher(Files.readString(f));
                while (m.find()) {
                    if (!en.containsKey(m.group(1))) {
                        missing.add(f.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    @Test
    void argumentsAreFilledInAndCut() {
        FormProblem p = FormProblem.at("survey!A2", "type.unsupported", "x".repeat(500));
        assertThat(p.args().get(0)).hasSize(FormMessages.EXCERPT).endsWith("…");
        assertThat(p.message(Locale.ENGLISH)).startsWith("type 'xxx").contains("…' is not supported");
        assertThat(p.message(Locale.SIMPLIFIED_CHINESE)).startsWith("不支持题型“xxx");
        assertThat(FormProblem.at("survey!C2", "expr.unknownReference", "relevant", "q9").message(Locale.ROOT))
                .isEqualTo("relevant 引用了 ${q9}，但没有这道题");
        assertThat(List.of(Locale.GERMAN, Locale.CHINA, Locale.ROOT)).allSatisfy(l ->
                assertThat(FormMessages.supported(l)).isEqualTo(Locale.ROOT));
    }
}
