/**
 * What every self-service flow shares, handed to each flow as one {@link io.portcullis.identity.flow.FlowKit}: the
 * flow record and its store, its lifecycle, who may see and submit it, how it answers, the session cookie, decoding
 * submissions and the common flow JSON. Each flow is a package below this one (its handler, form and messages); see
 * docs/identity.md, "Adding a flow".
 */
package io.portcullis.identity.flow;
