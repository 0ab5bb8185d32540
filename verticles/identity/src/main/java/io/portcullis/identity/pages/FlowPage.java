package io.portcullis.identity.pages;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * The page of one self-service flow, {@code <ui.base_path>/<kind>}, titled by the text {@code <kind>.title}. {@link
 * Pages} starts the flow when there is no {@code ?flow=}, loads it with {@code fetch} (as {@code GET
 * /self-service/<kind>/flows} answers it) and puts {@link #content} in the layout. A new flow plugs in with a
 * subclass and one more entry in the list the identity role gives {@link Pages}.
 */
public abstract class FlowPage {
  final String kind;
  final Function<RoutingContext, Future<JsonObject>> fetch;

  FlowPage(String kind, Function<RoutingContext, Future<JsonObject>> fetch) {
    this.kind = kind;
    this.fetch = fetch;
  }

  /** What the page shows below its title: usually the flow's forms and links to the other pages. */
  abstract Future<String> content(RoutingContext ctx, Translations.Texts t, JsonObject flow);

  /** True when the flow needs a session: without one the visitor signs in first and comes back here. */
  boolean signInFirst() {
    return false;
  }
}
