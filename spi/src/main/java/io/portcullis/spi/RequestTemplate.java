package io.portcullis.spi;

/**
 * A value template compiled once per rule, in the Go-template dialect Oathkeeper configurations use:
 * {@code {{ print .Subject }}}, {@code {{ .Extra.identity.traits.email }}},
 * {@code {{ printIndex .MatchContext.RegexpCaptureGroups 0 }}}, {@code {{ .MatchContext.Header.Get "X-Foo" }}}.
 */
public interface RequestTemplate {
  String render(AccessRequest request, AuthSession session);
}
