package io.portcullis.ruleset.source;

/**
 * One text of rules as a source holds it: a file, an HTTP response, a ConfigMap key, a {@code Rule} resource.
 *
 * @param name where the text comes from, as problems and {@code GET /rules} origins name it
 * @param content JSON or YAML in any shape {@code RuleParser} reads
 */
public record RuleDocument(String name, String content) {
}
