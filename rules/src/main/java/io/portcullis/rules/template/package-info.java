/**
 * The Go-template dialect that Oathkeeper handler configurations use ({@code {{ print .Subject }}},
 * {@code {{ .MatchContext.Header.Get "X-Foo" }}}), compiled once when rules load and rendered per request.
 */
package io.portcullis.rules.template;
