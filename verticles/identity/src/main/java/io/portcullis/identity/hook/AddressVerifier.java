package io.portcullis.identity.hook;

import io.portcullis.identity.ui.Messages;
import io.portcullis.identitysessions.kratos.KratosError;
import io.portcullis.identitysessions.model.VerifiableAddress;
import io.vertx.core.Future;
import java.util.List;

/**
 * {@code require_verified_address} after login: an identity none of whose verifiable addresses is verified is refused
 * with Kratos' 4000010 on the form, and no session is issued (the login's transaction is undone). An identity without
 * any verifiable address is a misconfiguration (500), as in Kratos. This is Kratos' answer with
 * {@code feature_flags.legacy_require_verified_login_error}; starting a verification flow instead comes with that flow.
 */
final class AddressVerifier implements Hook {

  @Override
  public boolean runsAt(HookStage stage, String flow) {
    return stage == HookStage.POST && flow.equals("login");
  }

  @Override
  public Future<Void> run(HookStage stage, HookContext ctx) {
    List<VerifiableAddress> addresses = ctx.identity().verifiableAddresses();
    if (addresses.isEmpty()) {
      return Future.failedFuture(new KratosError(500, null, "The request failed due to a misconfiguration",
          "A misconfiguration prevents login. Expected to find a verification address but this identity does not have "
              + "one assigned."));
    }
    if (addresses.stream().anyMatch(VerifiableAddress::verified)) {
      return Future.succeededFuture();
    }
    return Future.failedFuture(new FlowInterrupted("no verified address",
        List.of(new FlowInterrupted.NodeMessage("#/", Messages.addressNotVerified()))));
  }
}
