package io.portcullis.identity.flow;

import io.vertx.ext.web.Router;

/** A self-service flow's endpoints ({@code /self-service/<kind>/...} on the public API; some flows have admin ones). */
public interface FlowEndpoints {
  void mount(Router publicApi);
}
