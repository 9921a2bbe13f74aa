package org.sanlv.instrument;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A questionnaire's {@code version} (settings sheet) is checked when the form is saved, with a clear message. */
@IntegrationTest
class InstrumentVersionTest {

  @Autowired InstrumentService instruments;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void accounts() {
    TestAccounts.ensure(org, users);
  }

  private int stored() {
    return jdbc.sql("select count(*) from instrument").query(Integer.class).single();
  }

  private InstrumentService.UploadResult upload(String formId, String version) {
    Workbooks form = Workbooks.valid().set("settings", "A", 2, formId).set("settings", "E", 1, "version")
        .set("settings", "E", 2, version);
    return instruments.upload(TestAccounts.ROOT, form.bytes(), formId + ".xlsx");
  }

  @Test
  void ordinaryVersionsAreSaved() {
    for (String version : List.of("2026.1", "20261018", "v2_春季-修订")) {
      InstrumentService.UploadResult result = upload("version-ok-" + Math.abs(version.hashCode()), version);
      assertThat(result.problems()).as(version).isEmpty();
      assertThat(result.stored()).get().extracting(InstrumentSummary::version).isEqualTo(version);
    }
  }

  @Test
  void aVersionThatIsNotOneIsRefusedAtItsCellAndNothingIsStored() {
    for (String version : List.of("x".repeat(3000), "2026\u00001", "2026 1", "2026/1", "a".repeat(41))) {
      int before = stored();
      InstrumentService.UploadResult result = upload("version-bad", version);
      assertThat(result.stored()).as(version).isEmpty();
      assertThat(result.problems()).as(version).singleElement().satisfies(p -> {
        assertThat(p.location()).isEqualTo("settings!version");
        assertThat(p.message()).contains("is not a version").hasSizeLessThan(200);
      });
      assertThat(stored()).isEqualTo(before);
    }
  }
}
