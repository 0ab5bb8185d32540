/** Running Jsonnet templates (web hook bodies, OpenID Connect claim mappers) with the {@code jsonnet} command. */
package io.portcullis.identity.jsonnet;
