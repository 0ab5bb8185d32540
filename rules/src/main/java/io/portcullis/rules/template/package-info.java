/**
 * Portcullis' Go-template engine: the dialect Oathkeeper handler configurations use ({@code {{ print .Subject }}},
 * {@code {{ .MatchContext.Header.Get "X-Foo" }}}), compiled once when rules load and rendered per request
 * ({@link io.portcullis.rules.template.Template}); and whole documents with Go's control structures and
 * {@code html/template} escaping, as Kratos' courier templates are written
 * ({@link io.portcullis.rules.template.DocumentTemplate}).
 */
package io.portcullis.rules.template;
