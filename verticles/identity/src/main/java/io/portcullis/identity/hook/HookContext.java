package io.portcullis.identity.hook;

import io.portcullis.identity.session.SessionService;
import io.portcullis.identitysessions.model.Identity;
import io.portcullis.identitysessions.model.Session;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What the hooks of one flow submission (or creation) see and may change: the flow, the identity, the session, the
 * flow's SQL transaction, the request, and work to do once that transaction committed. A flow fills in what it has at
 * each stage; hooks replace the identity ({@code web_hook} with {@code response.parse}) or set the issued session
 * ({@code session}).
 */
public final class HookContext {
  private final String flow;
  private final String flowType;
  private final UUID flowId;
  private final HookRequest request;
  private final JsonObject flowJson;
  private String method;
  private String provider;
  private JsonObject transientPayload;
  private Identity identity;
  private Session session;
  private SessionService.Issued issued;
  private SqlConnection transaction;
  private final List<Supplier<Future<Void>>> afterCommit = new ArrayList<>();

  /**
   * @param flow the flow's kind: {@code login}, {@code registration}, {@code settings}, {@code recovery},
   *     {@code verification}
   * @param flowType {@code browser} or {@code api}
   * @param flowJson the flow as its {@code GET .../flows} answers it (the web hook's {@code ctx.flow})
   */
  public HookContext(String flow, String flowType, UUID flowId, JsonObject flowJson, HookRequest request) {
    this.flow = flow;
    this.flowType = flowType;
    this.flowId = flowId;
    this.flowJson = flowJson;
    this.request = request;
  }

  public String flow() {
    return flow;
  }

  public String flowType() {
    return flowType;
  }

  public UUID flowId() {
    return flowId;
  }

  public HookRequest request() {
    return request;
  }

  /** The flow's JSON with, once a method completed it, Kratos' {@code active} and {@code transient_payload}. */
  public JsonObject flowJson() {
    JsonObject f = flowJson.copy();
    if (method != null) {
      f.put("active", method);
    }
    if (transientPayload != null) {
      f.put("transient_payload", transientPayload);
    }
    return f;
  }

  /** The method that completed the flow ({@code password}, {@code profile}, ...); null before a submission. */
  public String method() {
    return method;
  }

  public HookContext method(String method) {
    this.method = method;
    return this;
  }

  /** The sign-in provider of the {@code oidc} method (recorded on the sessions the flow issues), else null. */
  public String provider() {
    return provider;
  }

  public HookContext provider(String provider) {
    this.provider = provider;
    return this;
  }

  /** The submission's {@code transient_payload}: data for hooks that is not stored. */
  public HookContext transientPayload(JsonObject payload) {
    this.transientPayload = payload;
    return this;
  }

  /** The identity the flow is about (registering, logging in, changing); null before a submission. */
  public Identity identity() {
    return identity;
  }

  public HookContext identity(Identity identity) {
    this.identity = identity;
    return this;
  }

  /** The session the flow issued or runs in (login, settings), or null. */
  public Session session() {
    return session;
  }

  public HookContext session(Session session) {
    this.session = session;
    return this;
  }

  /** The session and token a hook issued ({@code session} after registration). */
  public Optional<SessionService.Issued> issued() {
    return Optional.ofNullable(issued);
  }

  public HookContext issued(SessionService.Issued issued) {
    this.issued = issued;
    this.session = issued.session();
    return this;
  }

  /** The flow's transaction at {@link HookStage#POST} (hooks that write use it), else null. */
  public SqlConnection transaction() {
    return transaction;
  }

  public HookContext transaction(SqlConnection tx) {
    this.transaction = tx;
    return this;
  }

  /**
   * Work to run once the flow's transaction committed, in the order added ({@link HookRunner#committed}); its failure
   * fails the request, but what was committed stays (as Kratos' post-persist hooks).
   */
  public void afterCommit(Supplier<Future<Void>> work) {
    afterCommit.add(work);
  }

  List<Supplier<Future<Void>>> takeAfterCommit() {
    List<Supplier<Future<Void>>> work = List.copyOf(afterCommit);
    afterCommit.clear();
    return work;
  }
}
