package io.portcullis.rules.template;

import java.util.HashMap;
import java.util.Map;

/**
 * What an expression is evaluated against: the current {@code .} and, in documents, the variables in scope
 * ({@code $} is the data the template was executed with). Header templates only ever have a dot.
 */
final class Scope {
  final Object dot;
  private final Scope parent;
  private Map<String, Object> variables;

  Scope(Object dot) {
    this(dot, null);
  }

  private Scope(Object dot, Scope parent) {
    this.dot = dot;
    this.parent = parent;
  }

  /** A nested scope (the body of {@code if}, {@code range}, {@code with}): its variables end with it. */
  Scope child(Object newDot) {
    return new Scope(newDot, this);
  }

  void declare(String name, Object value) {
    if (variables == null) {
      variables = new HashMap<>(4);
    }
    variables.put(name, value);
  }

  /** {@code $x = value}: changes the innermost declaration (the parser checked that one exists). */
  void assign(String name, Object value) {
    for (Scope s = this; s != null; s = s.parent) {
      if (s.variables != null && s.variables.containsKey(name)) {
        s.variables.put(name, value);
        return;
      }
    }
  }

  Object variable(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      if (s.variables != null && s.variables.containsKey(name)) {
        return s.variables.get(name);
      }
    }
    return null;
  }
}
