package io.portcullis.rules.template;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A piece of a document's tree: text, a printed pipeline, a control structure or a call of a named template. */
sealed interface Node {

  /** How a list of nodes ended: normally, or at a {@code break} or {@code continue} of the enclosing range. */
  enum Flow { NORMAL, BREAK, CONTINUE }

  Flow render(Rendering r, Scope scope);

  /** Renders {@code nodes} in order, stopping at a {@code break} or {@code continue}. */
  static Flow renderAll(List<Node> nodes, Rendering r, Scope scope) {
    for (Node n : nodes) {
      Flow f = n.render(r, scope);
      if (f != Flow.NORMAL) {
        return f;
      }
    }
    return Flow.NORMAL;
  }

  /** Go's truth: false, 0, nil and empty strings, lists and maps are false. */
  static boolean truth(Object value) {
    return !GoValues.isEmpty(value);
  }

  record Text(String text) implements Node {
    @Override
    public Flow render(Rendering r, Scope scope) {
      r.text(text);
      return Flow.NORMAL;
    }
  }

  /** {@code {{ pipeline }}}; a variable declaration or assignment prints nothing, as in Go. */
  record Print(Expr expr) implements Node {
    @Override
    public Flow render(Rendering r, Scope scope) {
      Object value = expr.eval(scope, Expr.NO_PIPE);
      if (!(expr instanceof Expr.Assign) && value != null) {
        r.value(GoValues.str(value));
      }
      return Flow.NORMAL;
    }
  }

  record If(Expr condition, List<Node> then, List<Node> otherwise) implements Node {
    @Override
    public Flow render(Rendering r, Scope scope) {
      Scope inner = scope.child(scope.dot);
      return renderAll(truth(condition.eval(inner, Expr.NO_PIPE)) ? then : otherwise, r, inner);
    }
  }

  /** {@code with}: the body runs with the value as {@code .} when it is true. */
  record With(Expr value, List<Node> then, List<Node> otherwise) implements Node {
    @Override
    public Flow render(Rendering r, Scope scope) {
      Scope outer = scope.child(scope.dot);
      Object v = value.eval(outer, Expr.NO_PIPE);
      return truth(v) ? renderAll(then, r, outer.child(v)) : renderAll(otherwise, r, outer);
    }
  }

  /**
   * {@code range} over a list (index, element), a map (key, value, in key order as Go does) or a non-negative integer
   * (0 to n-1); anything else, or nothing to iterate, renders {@code otherwise}.
   */
  record Range(String indexVariable, String elementVariable, Expr value, List<Node> body, List<Node> otherwise)
      implements Node {
    @Override
    public Flow render(Rendering r, Scope scope) {
      Scope outer = scope.child(scope.dot);
      Object v = value.eval(outer, Expr.NO_PIPE);
      int count = 0;
      if (v instanceof Collection<?> items) {
        int i = 0;
        for (Object element : items) {
          count++;
          if (iteration(r, outer, (long) i++, element) == Flow.BREAK) {
            break;
          }
        }
      } else if (v instanceof Map<?, ?> map) {
        TreeMap<String, Object> sorted = new TreeMap<>();
        map.forEach((k, e) -> sorted.put(String.valueOf(k), e));
        for (Map.Entry<String, Object> e : sorted.entrySet()) {
          count++;
          if (iteration(r, outer, e.getKey(), e.getValue()) == Flow.BREAK) {
            break;
          }
        }
      } else if (v instanceof Long || v instanceof Integer) {
        long n = ((Number) v).longValue();
        for (long i = 0; i < n; i++) {
          count++;
          if (iteration(r, outer, i, i) == Flow.BREAK) {
            break;
          }
        }
      }
      return count == 0 ? renderAll(otherwise, r, outer) : Flow.NORMAL;
    }

    private Flow iteration(Rendering r, Scope outer, Object key, Object element) {
      Scope inner = outer.child(element);
      if (indexVariable != null) {
        inner.declare(indexVariable, key);
      }
      if (elementVariable != null) {
        inner.declare(elementVariable, element);
      }
      return renderAll(body, r, inner);
    }
  }

  /** {@code break} and {@code continue} inside a range. */
  enum Loop implements Node {
    BREAK, CONTINUE;

    @Override
    public Flow render(Rendering r, Scope scope) {
      return this == BREAK ? Flow.BREAK : Flow.CONTINUE;
    }
  }

  /** {@code {{ template "name" pipeline }}}: the named template with the value as its data ({@code $} and {@code .}). */
  record Call(String name, Expr argument, int offset) implements Node {
    @Override
    public Flow render(Rendering r, Scope scope) {
      Object data = argument == null ? null : argument.eval(scope, Expr.NO_PIPE);
      r.call(name, data);
      return Flow.NORMAL;
    }
  }
}
