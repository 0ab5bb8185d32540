package io.portcullis.identitysessions.aal;

import io.portcullis.config.IdentityConfig;
import io.portcullis.identitysessions.kratos.RedirectingError;
import io.portcullis.identitysessions.model.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which assurance level whoami and settings require ({@code session.whoami.required_aal},
 * {@code selfservice.flows.settings.required_aal}: {@code aal1} or {@code highest_available}), and where a session
 * that falls short is sent: {@code <public URL>/self-service/login/browser?aal=aal2[&return_to=...]}.
 */
public record AalPolicy(String whoamiRequired, String settingsRequired, String publicBaseUrl) {

  /**
   * The policy {@code config} sets: {@code session.whoami.required_aal} and
   * {@code selfservice.flows.settings.required_aal}, both {@code highest_available} by default as in Kratos.
   *
   * @param publicBaseUrl the public API's base URL without a trailing slash
   */
  public static AalPolicy of(IdentityConfig config, String publicBaseUrl) {
    var whoami = config.session().whoami();
    var aal = whoami == null ? null : whoami.get("required_aal");
    return new AalPolicy(aal == null || aal.isNull() ? Aal.HIGHEST_AVAILABLE : aal.asText(),
        config.selfservice().flows().settings().requiredAal(), publicBaseUrl);
  }

  /** The aal2 login, query parameters sorted as Go's {@code url.Values.Encode} writes them. */
  public String loginUrl(String returnTo) {
    String url = publicBaseUrl + "/self-service/login/browser?aal=aal2";
    return returnTo == null || returnTo.isEmpty() ? url
        : url + "&return_to=" + URLEncoder.encode(returnTo, StandardCharsets.UTF_8);
  }

  /** True when {@code s} (with its identity) satisfies {@code session.whoami.required_aal}. */
  public boolean whoamiSatisfied(Session s) {
    return Aal.satisfies(s.aal(), s.identity(), whoamiRequired);
  }

  /** Fails with 403 {@code session_aal2_required} unless {@code s} satisfies the whoami requirement. */
  public void requireForWhoami(Session s) {
    if (!whoamiSatisfied(s)) {
      throw RedirectingError.aal2Required(loginUrl(null));
    }
  }

  /** True when {@code s} (with its identity) satisfies {@code selfservice.flows.settings.required_aal}. */
  public boolean settingsSatisfied(Session s) {
    return Aal.satisfies(s.aal(), s.identity(), settingsRequired);
  }
}
