package io.portcullis.rules.url;

/**
 * What {@link UrlNormalizer} does with {@code %2F} ({@code /}) and {@code %5C} ({@code \}) in a path. Upstreams
 * disagree on whether an encoded slash separates segments, so no rule can be written safely for both readings.
 */
public enum EncodedSlashPolicy {
  /** Refuse the request (400). The default. */
  REJECT,
  /** Treat it as {@code /}: it then separates segments and takes part in dot-segment removal. */
  DECODE
}
