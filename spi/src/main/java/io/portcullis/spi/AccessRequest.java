package io.portcullis.spi;

import java.util.List;
import java.util.Set;

/**
 * The request being decided, as the rule matched it: read-only, so no handler can change what the next one sees.
 * The URL parts are the normalized ones (dot segments removed, percent-decoded), the same the rule was matched on.
 */
public interface AccessRequest {
  String method();

  String scheme();

  /** Host as matched, lower-case, with a port only when it is not the scheme's default. */
  String host();

  /** Normalized, decoded path. */
  String path();

  /**
   * {@link #path()} as the upstream receives it: every character outside RFC 3986 {@code pchar} and {@code /}
   * percent-encoded as UTF-8 (SPI 1.1).
   */
  String forwardPath();

  /** Raw query string without '?', or null. */
  String query();

  /** First value of a header (case-insensitive name), or null. */
  String header(String name);

  List<String> headers(String name);

  Set<String> headerNames();

  /** Value of a cookie sent by the client, or null. */
  String cookie(String name);

  /** The client's address (the TCP peer, or the first trusted forwarded address). */
  String remoteAddress();

  /** Capture groups of the rule's regexp match, in order (empty for glob rules). */
  List<String> captureGroups();

  /** Id of the matched rule. */
  String ruleId();
}
