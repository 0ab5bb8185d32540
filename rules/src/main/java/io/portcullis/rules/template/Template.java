package io.portcullis.rules.template;

import java.util.List;

/**
 * A compiled template in the Go {@code text/template} dialect Oathkeeper configurations use.
 *
 * <p>Supported: literal text and {@code {{ ... }}} actions, with {@code {{- ... -}}} trimming whitespace; field chains
 * ({@code .Extra.identity.traits.email}) and {@code .} for the root; method calls on the last field
 * ({@code .MatchContext.Header.Get "X-Foo"}); string ({@code "..."}, {@code `...`}), integer and boolean literals;
 * function calls; pipelines ({@code .X | default "y"}, the previous value passed as the last argument); parentheses.
 * Functions: {@code print}, {@code printIndex}, {@code index} and sprig's {@code default}, {@code upper},
 * {@code lower}, {@code trim}, {@code quote}, {@code join}, {@code b64enc}, {@code urlquery}, {@code replace},
 * {@code contains}, {@code hasPrefix}, {@code hasSuffix} (and the others the engine knows). Control structures
 * ({@code if}, {@code range}) and variables are not supported and fail to compile: a header is one expression; whole
 * documents are {@link DocumentTemplate}s.
 *
 * <p>Everything that can be checked without data is checked at compile time (syntax, function names, argument
 * counts), so rendering never fails: a missing field is null and renders as the empty string (where Go would print
 * {@code <no value>}), and a method or field on a value that has none is null too. Fields resolve on a
 * {@link java.util.Map} by key, on a {@link TemplateObject} through {@link TemplateObject#field}; {@code Get} on a map
 * of headers looks the key up case-insensitively and returns the first value. Values print as Go's {@code %v}
 * does: lists as {@code [a b]}, maps as {@code map[k:v]}.
 */
public final class Template {

  private final String source;
  private final List<Expr> parts;
  private final String constant;

  private Template(String source, List<Expr> parts, String constant) {
    this.source = source;
    this.parts = parts;
    this.constant = constant;
  }

  /** @throws TemplateException naming the problem and where, e.g. {@code unknown function "uper" at column 4} */
  public static Template compile(String source) throws TemplateException {
    TemplateParser.Result parsed = TemplateParser.parse(source);
    String constant = parsed.hasActions() ? null : render(parsed.parts(), null);
    return new Template(source, parsed.parts(), constant);
  }

  /** Renders with {@code root} as {@code .}. Never throws for missing or mistyped data. */
  public String render(Object root) {
    return constant != null ? constant : render(parts, root);
  }

  private static String render(List<Expr> parts, Object root) {
    StringBuilder sb = new StringBuilder();
    Scope scope = new Scope(root);
    for (Expr part : parts) {
      Object value = part.eval(scope, Expr.NO_PIPE);
      if (value != null) {
        GoValues.append(sb, value);
      }
    }
    return sb.toString();
  }

  /** True when there are no actions; {@link #render} then always returns the literal text. */
  public boolean isConstant() {
    return constant != null;
  }

  @Override
  public String toString() {
    return source;
  }
}
