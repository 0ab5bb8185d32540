package io.portcullis.rules.template;

import java.util.List;

/**
 * A value that templates can navigate without it being copied into maps first (a session, the match context, request
 * headers): fields are resolved only when a template asks for them.
 */
public interface TemplateObject {

  /** The value of {@code .name}, or null when there is none. */
  Object field(String name);

  /** The result of {@code .Method arg...}, e.g. {@code .Header.Get "X-Foo"}; null when there is no such method. */
  default Object call(String method, List<Object> args) {
    return null;
  }
}
