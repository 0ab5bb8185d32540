package io.portcullis.proxy;

import io.portcullis.pipeline.CompiledRule;
import io.portcullis.pipeline.errors.PipelineFailure;
import io.portcullis.rules.url.RequestUrl;
import io.portcullis.spi.AuthSession;
import io.portcullis.spi.ErrorResponse;

/** The gate's answer for one request. */
public sealed interface Verdict {
  /** Let through: forward upstream (proxy) or answer 200 with the session's headers (decisions). */
  record Granted(CompiledRule rule, HttpAccessRequest request, AuthSession session) implements Verdict {
  }

  /**
   * Not let through: answer {@code response}.
   *
   * @param rule the matched rule, or null
   * @param decision why it was not let through
   * @param url the normalized URL, or null when it could not be normalized
   * @param failure why the pipeline refused, or null when no pipeline ran
   * @param subject who the authenticators identified, if any
   * @param audited whether it becomes an audit event: always, but for rate-limit refusals, which are coalesced
   */
  record Refused(CompiledRule rule, Decision decision, ErrorResponse response, RequestUrl url,
      PipelineFailure failure, String subject, boolean audited) implements Verdict {
    Refused(CompiledRule rule, Decision decision, ErrorResponse response, RequestUrl url, PipelineFailure failure,
        String subject) {
      this(rule, decision, response, url, failure, subject, true);
    }

    public String ruleId() {
      return rule == null ? null : rule.id();
    }
  }
}
