package io.portcullis.identity.schema;

import io.portcullis.identity.ui.UiText;

/**
 * One traits validation failure: the form node it belongs to ("traits.email", "traits" for the traits object itself)
 * and the Kratos message to attach there.
 */
public record TraitViolation(String nodeName, UiText message) {
}
