package io.portcullis.identity.flow;

import io.vertx.ext.web.Router;

/** A self-service flow's endpoints on the public API ({@code /self-service/<kind>/...}). */
public interface FlowEndpoints {
  void mount(Router publicApi);
}
