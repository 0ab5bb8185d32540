package io.portcullis.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The {@code config} of a {@code web_hook} hook, with Kratos' keys and defaults.
 *
 * @param id names the hook in logs
 * @param url where the request goes (http or https)
 * @param method the HTTP method, e.g. {@code POST}
 * @param body the Jsonnet template of the body: {@code file://}, {@code base64://}, {@code http(s)://} or (Kratos'
 *     deprecated form) a plain path
 * @param headers headers sent as they are; {@code Content-Type} defaults to {@code application/json}
 * @param canInterrupt deprecated in Kratos in favour of {@code response.parse}: a 4xx answer with messages interrupts
 *     the flow
 * @param emitAnalyticsEvent Kratos' tracing events; here it adds the {@code Ory-Webhook-Request-ID} and
 *     {@code Ory-Webhook-Trigger-ID} headers, as Kratos does when it is on (the default)
 */
public record WebHookConfig(String id, String url, String method, String body, Map<String, String> headers,
    Auth auth, Boolean canInterrupt, Boolean emitAnalyticsEvent, Response response) {

  public WebHookConfig {
    id = id == null ? "" : id;
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    canInterrupt = canInterrupt != null && canInterrupt;
    emitAnalyticsEvent = emitAnalyticsEvent == null || emitAnalyticsEvent;
    response = response == null ? new Response(null, null) : response;
  }

  /** True when the answer is read: it may interrupt the flow or change the identity ({@code parse}, {@code can_interrupt}). */
  public boolean readsResponse() {
    return canInterrupt || response.parse();
  }

  /**
   * {@code auth}: {@code api_key} with {@code config: {name, value, in: header|cookie}}, or {@code basic_auth} with
   * {@code config: {user, password}}.
   */
  public record Auth(String type, JsonNode config) {
  }

  /** The {@code api_key} auth's config. */
  public record ApiKey(String name, String value, String in) {
  }

  /** The {@code basic_auth} auth's config. */
  public record BasicAuth(String user, String password) {
  }

  /**
   * @param ignore fire and forget: the flow does not wait for the call, and its outcome is only logged
   * @param parse the answer is read: 200 with {@code identity} changes the identity, 4xx with {@code messages}
   *     interrupts the flow
   */
  public record Response(Boolean ignore, Boolean parse) {
    public Response {
      ignore = ignore != null && ignore;
      parse = parse != null && parse;
    }
  }

  /** The {@code api_key} config of {@link #auth()}; call only when its type is {@code api_key}. */
  public ApiKey apiKey(String path) {
    return ConfigLoader.bindPart(auth.config(), ApiKey.class, path + ".auth.config");
  }

  /** The {@code basic_auth} config of {@link #auth()}; call only when its type is {@code basic_auth}. */
  public BasicAuth basicAuth(String path) {
    return ConfigLoader.bindPart(auth.config(), BasicAuth.class, path + ".auth.config");
  }

  /** Binds and checks a {@code web_hook}'s {@code config} tree; errors name the key below {@code path}. */
  static WebHookConfig bind(JsonNode config, String path) {
    if (config == null || config.isNull() || config.isMissingNode()) {
      throw new InvalidConfigException(path, "is required for a web_hook (url, method, body, ...)");
    }
    WebHookConfig c = ConfigLoader.bindPart(config, WebHookConfig.class, path);
    HookConfigValidator.webHook(c, path);
    return c;
  }
}
