package io.portcullis.server;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code log.leak_sensitive_values: false} hides, as Kratos and Oathkeeper hide request headers and query values:
 * credentials in Authorization-style values, Ory tokens, the value of any {@code name=value} or {@code name: value}
 * whose name says session, token, cookie, password, secret or key, and passwords in URLs. A safety net under the rule
 * that request paths never log such values in the first place.
 */
final class LogRedactor {
  private static final Pattern SCHEME_CREDENTIALS = Pattern.compile("(?i)\\b(bearer|basic|negotiate)\\s+[\\w.~+/=-]+");
  private static final Pattern ORY_TOKEN = Pattern.compile("\\bory_[a-z]{2,4}_\\w+");
  private static final Pattern NAMED_SECRET = Pattern.compile(
      "(?i)\\b([\\w.-]*(?:session|token|cookie|password|passwd|secret|authorization|api[_-]?key)[\\w-]*\"?"
          + "\\s*[=:]\\s*\"?)((?:(?:bearer|basic|negotiate)\\s+)?[^\\s&;,\"']+)");
  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/@\\s:]*):[^/@\\s]+@");
  private final String replacement;

  /** @param redactionText {@code log.redaction_text}; empty means {@code [redacted]} */
  LogRedactor(String redactionText) {
    this.replacement = Matcher.quoteReplacement(redactionText.isEmpty() ? "[redacted]" : redactionText);
  }

  String redact(String text) {
    String out = SCHEME_CREDENTIALS.matcher(text).replaceAll("$1 " + replacement);
    out = ORY_TOKEN.matcher(out).replaceAll(replacement);
    out = NAMED_SECRET.matcher(out).replaceAll("$1" + replacement);
    return URL_PASSWORD.matcher(out).replaceAll("$1:" + replacement + "@");
  }
}
