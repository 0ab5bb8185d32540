/**
 * Oathkeeper-compatible access rules: parsing and validating rule files ({@link io.portcullis.rules.parse.RuleParser}),
 * normalizing request URLs before anything is matched against them ({@link io.portcullis.rules.url.UrlNormalizer}) and
 * finding the rule for a request ({@link io.portcullis.rules.match.RuleSetIndex}).
 *
 * <p>Everything here is pure and thread-safe once built: a rule set is parsed and indexed once per reload and then
 * shared by every request thread.
 */
package io.portcullis.rules;
