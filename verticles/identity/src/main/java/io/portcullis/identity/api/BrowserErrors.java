package io.portcullis.identity.api;

import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.ext.web.RoutingContext;

/**
 * Where errors of browser navigations go instead of a JSON body (Kratos' error flow). Put in the routing context under
 * {@link #KEY} by the public router; {@link Http#fail} asks it first.
 */
public interface BrowserErrors {
  String KEY = "portcullis.identity.browserErrors";

  /** True when it answered (or will answer) {@code ctx} itself; false to answer JSON as usual. */
  boolean forward(RoutingContext ctx, KratosError error);
}
