package io.portcullis.identity.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.portcullis.identity.TestIdentity;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sh.ory.kratos.ApiClient;
import sh.ory.kratos.ApiException;
import sh.ory.kratos.api.FrontendApi;
import sh.ory.kratos.model.UpdateLoginFlowBody;
import sh.ory.kratos.model.UpdateLoginFlowWithPasswordMethod;
import sh.ory.kratos.model.UpdateRegistrationFlowBody;
import sh.ory.kratos.model.UpdateRegistrationFlowWithPasswordMethod;

class KratosClientSmokeTest {
  static TestIdentity identity;

  @BeforeAll
  static void start() throws Exception {
    identity = new TestIdentity("""
        selfservice:
          flows:
            registration:
              after:
                password:
                  hooks: [{hook: session}]
        """);
  }

  @AfterAll
  static void stop() {
    identity.close();
  }

  @Test
  void registerLoginWhoamiLogout() throws Exception {
    FrontendApi api = new FrontendApi(new ApiClient().setBasePath(identity.publicUrl()));
    var flow = api.createNativeRegistrationFlow(null, null, null, null);
    var reg = api.updateRegistrationFlow(flow.getId(), new UpdateRegistrationFlowBody(
        new UpdateRegistrationFlowWithPasswordMethod().method("password").password("correct horse battery 9")
            .traits(Map.of("email", "ada@example.com"))), null);
    assertThat(reg.getSessionToken()).startsWith("ory_st_");
    var login = api.createNativeLoginFlow(null, null, null, null, null, null, null, null);
    var done = api.updateLoginFlow(login.getId(), new UpdateLoginFlowBody(new UpdateLoginFlowWithPasswordMethod()
        .method("password").identifier("ada@example.com").password("correct horse battery 9")), null, null);
    var me = api.toSession(done.getSessionToken(), null, null);
    assertThat(me.getIdentity().getTraits()).isEqualTo(Map.of("email", "ada@example.com"));
    api.performNativeLogout(new sh.ory.kratos.model.PerformNativeLogoutBody().sessionToken(done.getSessionToken()));
    try {
      api.toSession(done.getSessionToken(), null, null);
      throw new AssertionError("whoami must fail after logout");
    } catch (ApiException e) {
      assertThat(e.getCode()).isEqualTo(401);
    }
  }
}
