package org.sanlv.indicator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sanlv.instrument.Instruments;
import org.springframework.core.io.ClassPathResource;

/** Every built-in questionnaire's default indicators parse and refer only to questions it has. */
class DefaultIndicatorsTest {

  @ParameterizedTest
  @ValueSource(strings = {"zhejiang-2022", "henan-liangan-2020"})
  void defaultsCompileAgainstTheirQuestionnaire(String formId) throws IOException {
    List<Indicator> indicators;
    try (var in = new InputStreamReader(new ClassPathResource("indicators/" + formId + ".yaml").getInputStream(),
        StandardCharsets.UTF_8)) {
      indicators = IndicatorFile.read(in, formId);
    }
    assertThat(indicators).isNotEmpty();
    IndicatorService.check(indicators, Instruments.withDefaults().builtIn(formId));
  }

  @Test
  void zhejiangHasTheRatesOfTheSeed() throws IOException {
    try (var in = new InputStreamReader(new ClassPathResource("indicators/zhejiang-2022.yaml").getInputStream(),
        StandardCharsets.UTF_8)) {
      assertThat(IndicatorFile.read(in, "zhejiang").stream().map(Indicator::name)).contains("safety", "safety_order",
          "safety_food", "safety_production", "safety_environment", "participation", "awareness", "awareness_9of12",
          "elder_fraud_work");
    }
  }
}
