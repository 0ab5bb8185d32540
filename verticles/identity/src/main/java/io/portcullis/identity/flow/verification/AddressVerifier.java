package io.portcullis.identity.flow.verification;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.MailedFlow;
import io.portcullis.identity.store.IdentityStore;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kratos' verification hook, which Kratos runs first after registration and after every settings change when
 * {@code selfservice.flows.verification.enabled}: the identity's first address still to verify (after registration:
 * not verified; after settings: still {@code pending}, i.e. new) gets a verification flow in state {@code sent_email}
 * and a mail, in the caller's transaction.
 */
public final class AddressVerifier {
  private final FlowKit kit;
  private final VerificationForm form;
  private final VerificationMail mail;

  AddressVerifier(FlowKit kit, VerificationForm form, VerificationMail mail) {
    this.kit = kit;
    this.form = form;
    this.mail = mail;
  }

  /** After {@code registration} created {@code identity}; returns the verification flow started, if any. */
  public Future<Optional<Flow>> afterRegistration(SqlClient tx, RoutingContext ctx, Flow registration,
      Identity identity) {
    return verify(tx, ctx, registration, identity, a -> !a.verified());
  }

  /** After {@code settings} saved {@code identity}; returns the verification flow started, if any. */
  public Future<Optional<Flow>> afterSettings(SqlClient tx, RoutingContext ctx, Flow settings, Identity identity) {
    return verify(tx, ctx, settings, identity, a -> a.status().equals("pending"));
  }

  private Future<Optional<Flow>> verify(SqlClient tx, RoutingContext ctx, Flow original, Identity identity,
      java.util.function.Predicate<VerifiableAddress> due) {
    if (!kit.settings().flowEnabled(VerificationHandler.KIND)) {
      return Future.succeededFuture(Optional.empty());
    }
    String method = VerificationHandler.activeMethod(kit);
    // Kratos stops at the first address: a flow can continue with one verification only.
    Optional<VerifiableAddress> address = identity.verifiableAddresses().stream()
        .filter(a -> !a.value().isEmpty() && due.test(a)).findFirst();
    if (address.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    VerifiableAddress a = address.get();
    String requestUrl = requestUrl(original.requestUrl());
    String returnTo = query(requestUrl, "return_to");
    Flow started = kit.lifecycle().start(ctx, VerificationHandler.KIND, original.type(), requestUrl,
        returnTo != null && kit.settings().returnUrls().allowed(returnTo) ? returnTo : null);
    Flow f = started.with("sent_email", started.ui(), started.updatedAt())
        .withData(new JsonObject().put(MailedFlow.ACTIVE, method));
    return kit.lifecycle().insert(tx, f, form.sentFor(f, method, a.via(), a.value()))
        .compose(stored -> mail.sendTo(tx, stored, method, new IdentityStore.Address(identity.id(), a.via(),
            a.value()), identity, new JsonObject()).map(Optional.of(stored)));
  }

  /**
   * Kratos' {@code NewPostHookFlow}: the original request URL, its {@code after_verification_return_to} (if any)
   * becoming the {@code return_to}.
   */
  static String requestUrl(String original) {
    QueryStringDecoder in = new QueryStringDecoder(original);
    Map<String, List<String>> params = new LinkedHashMap<>(in.parameters());
    List<String> after = params.remove("after_verification_return_to");
    if (after != null && !after.get(0).isEmpty()) {
      params.put("return_to", List.of(after.get(0)));
    }
    QueryStringEncoder out = new QueryStringEncoder(in.rawPath());
    params.forEach((name, values) -> values.forEach(v -> out.addParam(name, v)));
    return out.toString();
  }

  private static String query(String url, String name) {
    List<String> values = new QueryStringDecoder(url).parameters().get(name);
    return values == null || values.get(0).isEmpty() ? null : values.get(0);
  }
}
