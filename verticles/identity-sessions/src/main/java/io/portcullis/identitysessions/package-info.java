/**
 * What the identity role and the session role share, so that the session role can check sessions with the identity
 * database alone: {@link io.portcullis.identitysessions.SessionReader} ({@code /sessions/whoami} read from the
 * database), the identity model ({@code model}), its Kratos JSON and Kratos' error ({@code kratos}), and opening the
 * database and reading identities and sessions from it ({@code db}). Writes, flows and migrations stay in the
 * identity role ({@code io.portcullis.identity}), which depends on this module, never the other way round.
 */
package io.portcullis.identitysessions;
