/**
 * Implementation details of {@code io.portcullis.rules}; public only so the API package can reach them. Not an API:
 * anything here may change without notice.
 */
package io.portcullis.rules.internal;
