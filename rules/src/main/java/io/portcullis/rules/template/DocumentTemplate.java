package io.portcullis.rules.template;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole document in Go's template language, as Kratos' courier templates are written: everything
 * {@link Template} supports, plus {@code if}/{@code else if}/{@code else}, {@code range} (with {@code else},
 * {@code break}, {@code continue}), {@code with}, variables ({@code $}, {@code $x := ...}, {@code $x = ...},
 * {@code range $i, $e := ...}), comments, and named templates ({@code define}, {@code template}, {@code block}).
 * Several sources parsed together are one set, each callable by its name (what Go's {@code ParseFS} does with a glob
 * of files); the one named first is executed.
 *
 * <p>{@link Escaping#HTML} escapes printed values by where they land, as {@code html/template} does (see
 * {@link HtmlContext}); {@link Escaping#TEXT} prints them as they are ({@code text/template}). As in {@link Template},
 * missing data renders as nothing rather than failing.
 */
public final class DocumentTemplate {
  /** {@code text/template} or {@code html/template}. */
  public enum Escaping { TEXT, HTML }

  private final String name;
  private final Map<String, List<Node>> templates;
  private final Escaping escaping;

  private DocumentTemplate(String name, Map<String, List<Node>> templates, Escaping escaping) {
    this.name = name;
    this.templates = templates;
    this.escaping = escaping;
  }

  /** One source, executed as it is. */
  public static DocumentTemplate parse(String name, String source, Escaping escaping) throws TemplateException {
    return parse(name, Map.of(name, source), escaping);
  }

  /**
   * @param sources template sources by name; {@code main} among them is the one executed, the others (and every
   *     {@code define} in any of them) can be called with {@code {{ template "name" . }}}
   * @throws TemplateException naming the source and the problem, e.g. {@code email.body.gotmpl: unexpected EOF ...}
   */
  public static DocumentTemplate parse(String main, Map<String, String> sources, Escaping escaping)
      throws TemplateException {
    if (!sources.containsKey(main)) {
      throw new IllegalArgumentException("no source named " + main);
    }
    Map<String, List<Node>> templates = new HashMap<>();
    Map<String, java.util.Set<String>> calls = new LinkedHashMap<>();
    for (Map.Entry<String, String> source : sources.entrySet()) {
      TemplateParser.DocumentResult parsed;
      try {
        parsed = TemplateParser.parseDocument(source.getValue());
      } catch (TemplateException e) {
        throw new TemplateException(source.getKey() + ": " + e.getMessage());
      }
      templates.put(source.getKey(), parsed.nodes());
      templates.putAll(parsed.templates());
      calls.put(source.getKey(), parsed.called());
    }
    for (Map.Entry<String, java.util.Set<String>> c : calls.entrySet()) {
      for (String called : c.getValue()) {
        if (!templates.containsKey(called)) {
          throw new TemplateException(c.getKey() + ": no such template \"" + called + "\"");
        }
      }
    }
    return new DocumentTemplate(main, Map.copyOf(templates), escaping);
  }

  /**
   * Executes the main template with {@code data} as {@code .} and {@code $}.
   *
   * @throws IllegalStateException when named templates call each other too deep (a template that calls itself)
   */
  public String render(Object data) {
    Rendering r = new Rendering(escaping == Escaping.HTML ? new HtmlContext() : null, templates);
    r.call(name, data);
    return r.result();
  }
}
