/**
 * The one-time secrets recovery and verification mail: link tokens and six-digit codes, stored only as a keyed hash,
 * bound to one flow, single use, expiring, and for codes bounded by the flow's submission count.
 */
package io.portcullis.identity.flow.onetime;
