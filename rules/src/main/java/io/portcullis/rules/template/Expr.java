package io.portcullis.rules.template;

import java.util.ArrayList;
import java.util.List;

/** A compiled piece of a template; evaluation never throws. */
sealed interface Expr {

  /** Passed as {@code piped} when there is no previous pipeline stage (null is a valid piped value). */
  Object NO_PIPE = new Object();

  Object eval(Scope scope, Object piped);

  /** Literal text or a literal value. */
  record Const(Object value) implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      return value;
    }
  }

  /** {@code .} */
  record Root() implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      return scope.dot;
    }
  }

  /** {@code .A.B.C} */
  record Fields(List<String> names) implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      return Lookup.fields(scope.dot, names);
    }
  }

  /** {@code $}, {@code $x}, {@code $x.A.B} (documents only). */
  record Variable(String name, List<String> names) implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      return Lookup.fields(scope.variable(name), names);
    }
  }

  /** {@code .A.B.Method arg...}: the method is called on the value of {@code receiver}. */
  record Method(Expr receiver, String name, List<Expr> args) implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      return Lookup.call(receiver.eval(scope, NO_PIPE), name, arguments(args, scope, piped));
    }
  }

  /** {@code function arg...} */
  record Call(Functions.Fn function, List<Expr> args) implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      return function.apply(arguments(args, scope, piped));
    }
  }

  /** {@code a | b | c}: each stage gets the previous value as its last argument. */
  record Pipeline(List<Expr> stages) implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      Object value = piped;
      for (Expr stage : stages) {
        value = stage.eval(scope, value);
      }
      return value;
    }
  }

  /** {@code $x := pipeline} or {@code $x = pipeline} (documents only): yields the value, which is not printed. */
  record Assign(String name, boolean declare, Expr value) implements Expr {
    @Override
    public Object eval(Scope scope, Object piped) {
      Object v = value.eval(scope, piped);
      if (declare) {
        scope.declare(name, v);
      } else {
        scope.assign(name, v);
      }
      return v;
    }
  }

  private static List<Object> arguments(List<Expr> args, Scope scope, Object piped) {
    List<Object> values = new ArrayList<>(args.size() + 1);
    for (Expr arg : args) {
      values.add(arg.eval(scope, NO_PIPE));
    }
    if (piped != NO_PIPE) {
      values.add(piped);
    }
    return values;
  }
}
