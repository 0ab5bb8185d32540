package io.portcullis.proxy.impl;

import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.errors.ErrorResponse;
import io.portcullis.spi.AuthSession;

/** The gate's answer for one request. */
public sealed interface Verdict {
  /** Let through: forward upstream (proxy) or answer 200 with the session's headers (decisions). */
  record Granted(CompiledRule rule, HttpAccessRequest request, AuthSession session) implements Verdict {
  }

  /**
   * Not let through: answer {@code response}.
   *
   * @param ruleId the matched rule, or null
   * @param decision a {@link ProxyMetrics} decision label
   */
  record Refused(String ruleId, String decision, ErrorResponse response) implements Verdict {
  }
}
