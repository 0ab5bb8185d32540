/**
 * Reading rule files: {@link io.portcullis.rules.parse.RuleParser} turns Oathkeeper's JSON/YAML rule documents into
 * {@link io.portcullis.rules.AccessRule}s, reporting every problem of every rule at once.
 */
package io.portcullis.rules.parse;
