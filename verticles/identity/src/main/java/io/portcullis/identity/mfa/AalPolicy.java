package io.portcullis.identity.mfa;

import io.portcullis.identitysessions.model.Session;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Which assurance level whoami and settings require ({@code session.whoami.required_aal},
 * {@code selfservice.flows.settings.required_aal}: {@code aal1} or {@code highest_available}), and where a session
 * that falls short is sent: {@code <public URL>/self-service/login/browser?aal=aal2[&return_to=...]}.
 */
public record AalPolicy(String whoamiRequired, String settingsRequired, String publicBaseUrl) {

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
