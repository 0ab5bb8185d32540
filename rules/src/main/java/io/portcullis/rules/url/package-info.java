/**
 * Request URLs as rules see them: {@link io.portcullis.rules.url.UrlNormalizer} decodes, removes dot segments and
 * canonicalizes the host before anything is matched, so every rule and every handler sees the same
 * {@link io.portcullis.rules.url.RequestUrl}.
 */
package io.portcullis.rules.url;
