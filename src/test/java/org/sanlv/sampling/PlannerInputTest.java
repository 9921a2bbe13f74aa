package org.sanlv.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.TestAccounts;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** The planner on a survey's sample page takes what a query string can say; outside its domain is a clear 400. */
@IntegrationTest
class PlannerInputTest {

  @Autowired MockMvc mvc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;

  long surveyId;

  @BeforeEach
  void survey() {
    TestAccounts.ensure(org, users);
    TestAccounts.ensureSurveys(surveys, instruments);
    surveyId = surveys.bySlug("t-shangyu-mock").orElseThrow().id();
  }

  private MockHttpServletResponse plan(String query) throws Exception {
    return mvc.perform(get("/surveys/" + surveyId + "/sample?" + query).cookie(new Cookie("sanlv-lang", "en"))
        .with(user("t-county-admin"))).andReturn().getResponse();
  }

  @Test
  void aGoodPlanShowsThePlannersColumn() throws Exception {
    MockHttpServletResponse r = plan("halfWidth=0.05&rate=0.9&deff=1.5");
    assertThat(r.getStatus()).isEqualTo(200);
    assertThat(r.getContentAsString()).doesNotContain("error-box");
  }

  @Test
  void valuesOutsideThePlannersDomainAreA400NamingTheInput() throws Exception {
    String[][] cases = {
        {"halfWidth=0", "\"95% CI half-width\": half-width \"0.0\" must be between 0 and 1"},
        {"halfWidth=-0.02", "half-width \"-0.02\""},
        {"halfWidth=NaN", "half-width \"NaN\""},
        {"halfWidth=Infinity", "half-width \"Infinity\""},
        {"halfWidth=1e-200", "half-width \"1.0E-200\""},
        {"halfWidth=0.02&rate=1", "\"expected rate\": expected rate \"1.0\" must be between 0 and 1"},
        {"halfWidth=0.02&rate=-Infinity", "expected rate \"-Infinity\""},
        {"halfWidth=0.02&deff=0", "\"design effect\": design effect \"0.0\" must be from 1 to 100"},
        {"halfWidth=0.02&deff=NaN", "design effect \"NaN\""},
        {"halfWidth=abc", "\"95% CI half-width\": \"abc\" is not a valid value"},
    };
    for (String[] c : cases) {
      MockHttpServletResponse r = plan(c[0]);
      assertThat(r.getStatus()).as(c[0]).isEqualTo(400);
      assertThat(r.getContentAsString()).as(c[0]).contains(c[1].replace("\"", "&quot;"));
    }
  }

  @Test
  void theRefusedInputsStayInTheFormToBeCorrected() throws Exception {
    String page = plan("halfWidth=0.02&rate=1&deff=2").getContentAsString();
    assertThat(page).contains("name=\"rate\" inputmode=\"decimal\" value=\"1.0\"", "name=\"deff\" inputmode=\"decimal\" value=\"2.0\"");
  }
}
