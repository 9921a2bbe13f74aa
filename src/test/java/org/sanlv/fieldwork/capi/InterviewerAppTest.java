package org.sanlv.fieldwork.capi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sanlv.IntegrationTest;
import org.sanlv.instrument.InstrumentService;
import org.sanlv.org.OrgService;
import org.sanlv.org.UserService;
import org.sanlv.survey.SurveyService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** The app's shell: the page inside the service worker's scope, its texts per language, the worker and manifest. */
@IntegrationTest
class InterviewerAppTest {

  @Autowired MockMvc mvc;
  @Autowired JdbcClient jdbc;
  @Autowired OrgService org;
  @Autowired UserService users;
  @Autowired SurveyService surveys;
  @Autowired InstrumentService instruments;

  @BeforeEach
  void fixtures() {
    CapiFixtures.ensure(jdbc, org, users, surveys, instruments);
  }

  private MockHttpServletResponse get(String path, Cookie... cookies) throws Exception {
    var request = MockMvcRequestBuilders.get(path)
        .with(user("t-interviewer"));
    if (cookies.length > 0) {
      request.cookie(cookies);
    }
    return mvc.perform(request).andReturn().getResponse();
  }

  @Test
  void theAppLivesInsideTheServiceWorkersScope() throws Exception {
    MockHttpServletResponse redirect = get("/capi");
    assertThat(redirect.getStatus()).isEqualTo(302);
    assertThat(redirect.getRedirectedUrl()).isEqualTo("/capi/");
    MockHttpServletResponse page = get("/capi/");
    assertThat(page.getStatus()).isEqualTo(200);
    assertThat(page.getContentAsString()).contains("rel=\"manifest\" href=\"/capi/manifest.webmanifest\"")
        .contains("/js/capi/app.js").contains("/js/capi/engine.js").contains("/js/capi/interview.js")
        .contains("&quot;myAssignments&quot;:&quot;我的访问任务&quot;").contains("data-me=\"t-interviewer\"");
  }

  @Test
  void theTextsFollowTheLanguage() throws Exception {
    String page = get("/capi/", new Cookie("sanlv-lang", "en")).getContentAsString();
    assertThat(page).contains("lang=\"en\"").contains("&quot;myAssignments&quot;:&quot;My assignments&quot;");
  }

  @Test
  void theServiceWorkerAndTheManifestAreServed() throws Exception {
    MockHttpServletResponse worker = get("/capi/sw.js");
    assertThat(worker.getStatus()).isEqualTo(200);
    assertThat(worker.getContentType()).contains("javascript");
    assertThat(worker.getContentAsString()).contains("'/api/v1/capi/me/assignments'");
    MockHttpServletResponse manifest = get("/capi/manifest.webmanifest");
    assertThat(manifest.getStatus()).isEqualTo(200);
    assertThat(manifest.getContentAsString()).contains("\"scope\": \"/capi/\"").contains("\"start_url\": \"/capi/\"");
  }

  @Test
  void theManifestAndIconsNeedNoSignInAndTheAppAndItsWorkerDo() throws Exception {
    // a browser fetches the manifest and its icons without cookies before it offers to install the app
    for (String open : new String[] {"/capi/manifest.webmanifest", "/capi/icon-192.png", "/capi/icon-512.png",
        "/capi/icon.svg"}) {
      assertThat(mvc.perform(MockMvcRequestBuilders.get(open)).andReturn().getResponse().getStatus()).as(open)
          .isEqualTo(200);
    }
    for (String closed : new String[] {"/capi/", "/capi/sw.js", "/api/v1/capi/me/assignments"}) {
      assertThat(mvc.perform(MockMvcRequestBuilders.get(closed)).andReturn().getResponse().getStatus()).as(closed)
          .isIn(302, 401);
    }
  }

  @Test
  void otherRolesAreRefused() throws Exception {
    assertThat(mvc.perform(MockMvcRequestBuilders.get("/capi/")
        .with(user("t-supervisor"))).andReturn().getResponse().getStatus()).isEqualTo(403);
  }
}
