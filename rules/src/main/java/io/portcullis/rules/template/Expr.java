package io.portcullis.rules.template;

import java.util.ArrayList;
import java.util.List;

/** A compiled piece of a template; evaluation never throws. */
sealed interface Expr {

  /** Passed as {@code piped} when there is no previous pipeline stage (null is a valid piped value). */
  Object NO_PIPE = new Object();

  Object eval(Object root, Object piped);

  /** Literal text or a literal value. */
  record Const(Object value) implements Expr {
    @Override
    public Object eval(Object root, Object piped) {
      return value;
    }
  }

  /** {@code .} */
  record Root() implements Expr {
    @Override
    public Object eval(Object root, Object piped) {
      return root;
    }
  }

  /** {@code .A.B.C} */
  record Fields(List<String> names) implements Expr {
    @Override
    public Object eval(Object root, Object piped) {
      return Lookup.fields(root, names);
    }
  }

  /** {@code .A.B.Method arg...}: the method is called on the value of {@code receiver}. */
  record Method(List<String> receiver, String name, List<Expr> args) implements Expr {
    @Override
    public Object eval(Object root, Object piped) {
      return Lookup.call(Lookup.fields(root, receiver), name, arguments(args, root, piped));
    }
  }

  /** {@code function arg...} */
  record Call(Functions.Fn function, List<Expr> args) implements Expr {
    @Override
    public Object eval(Object root, Object piped) {
      return function.apply(arguments(args, root, piped));
    }
  }

  /** {@code a | b | c}: each stage gets the previous value as its last argument. */
  record Pipeline(List<Expr> stages) implements Expr {
    @Override
    public Object eval(Object root, Object piped) {
      Object value = piped;
      for (Expr stage : stages) {
        value = stage.eval(root, value);
      }
      return value;
    }
  }

  private static List<Object> arguments(List<Expr> args, Object root, Object piped) {
    List<Object> values = new ArrayList<>(args.size() + 1);
    for (Expr arg : args) {
      values.add(arg.eval(root, NO_PIPE));
    }
    if (piped != NO_PIPE) {
      values.add(piped);
    }
    return values;
  }
}
