package io.portcullis.rules;

/**
 * Portcullis only: how much of a rule's traffic goes to the audit stream. Every decision is recorded unless a rule
 * says otherwise, e.g. {@code audit: {sample_rate: 0.01}} for a busy static-asset path or {@code audit: false}.
 * Denials are always recorded: sampling only thins out granted requests.
 *
 * @param sampleRate the share of granted requests recorded, from 0 to 1
 */
public record RuleAudit(boolean enabled, double sampleRate) {
  public static final RuleAudit ALL = new RuleAudit(true, 1.0);

  public RuleAudit {
    if (sampleRate < 0 || sampleRate > 1) {
      throw new IllegalArgumentException("sample_rate must be from 0 to 1, got " + sampleRate);
    }
  }
}
