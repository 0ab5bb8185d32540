package io.portcullis.rules.url;

import io.portcullis.rules.url.PathEncoder;

/**
 * A normalized request URL (see {@link UrlNormalizer}): what rules are matched against and, re-encoded, what is sent
 * upstream, so the two can never disagree.
 *
 * @param scheme lower case
 * @param host lower case, with {@code :port} only when it is not the scheme's default
 * @param path decoded and normalized; starts with {@code /}
 * @param rawQuery the query exactly as the client sent it, or null when there was no {@code ?}
 */
public record RequestUrl(String scheme, String host, String path, String rawQuery) {

  /** {@code scheme://host/path}: what a rule's {@code match.url} must match in full. No query, as in Oathkeeper. */
  public String matchTarget() {
    return scheme + "://" + host + path;
  }

  /**
   * The path for the upstream request line: every character outside RFC 3986 {@code pchar} and {@code /} is
   * percent-encoded as UTF-8 with upper-case hex, so the upstream decodes exactly {@link #path()}.
   */
  public String forwardPath() {
    return PathEncoder.encode(path);
  }

  /** Encodes a decoded, normalized path as {@link #forwardPath()} does, for code that holds only the path. */
  public static String encodePath(String decodedPath) {
    return PathEncoder.encode(decodedPath);
  }

  /** {@link #forwardPath()} plus {@code ?rawQuery} when there was a query. */
  public String forwardUri() {
    return rawQuery == null ? forwardPath() : forwardPath() + "?" + rawQuery;
  }
}
