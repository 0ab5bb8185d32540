package io.portcullis.identity.flow.recovery;

import io.portcullis.identity.api.Http;
import io.portcullis.identity.flow.Flow;
import io.portcullis.identity.flow.FlowAnswers;
import io.portcullis.identity.flow.FlowKit;
import io.portcullis.identity.flow.onetime.OneTimeSubmission;
import io.portcullis.identity.schema.TraitsValidator;
import io.portcullis.identity.ui.Messages;
import io.portcullis.identity.ui.UiContainer;
import io.portcullis.identity.ui.UiText;
import io.portcullis.identitysessions.kratos.KratosError;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** How recovery steps that keep the flow answer: form errors (400 or back to the form) and steps that went well. */
final class RecoveryAnswers {
  private final FlowKit kit;
  private final RecoveryForm form;

  RecoveryAnswers(FlowKit kit, RecoveryForm form) {
    this.kit = kit;
    this.form = form;
  }

  /** Kratos: a method that is switched off answers 404 to whoever still submits to it. */
  void requireMethod(String method) {
    if (!kit.settings().methodEnabled(method)) {
      throw new KratosError(404, null, "The requested resource could not be found", "This endpoint was disabled by "
          + "system administrator. Please check your url or contact the system administrator to enable it.");
    }
  }

  /** No strategy took the submission: 4010005 on the form. */
  Future<Void> noStrategy(RoutingContext ctx, Flow f) {
    UiContainer ui = UiContainer.fromJson(f.ui()).resetMessages();
    ui.addMessage(RecoveryMessages.recoveryNoStrategyFound());
    return refuse(ctx, f, ui);
  }

  /**
   * A form error on an e-mail submission: the form of {@code method} with the address typed, and the message on it
   * (missing, or not an e-mail address); null when the address is fine.
   */
  UiContainer emailProblem(Flow f, String method, OneTimeSubmission in) {
    UiText problem = in.email() == null ? Messages.required("email")
        : !TraitsValidator.isEmail(in.email()) ? Messages.validationGeneric("\"" + in.email()
            + "\" is not valid \"email\"") : null;
    if (problem == null) {
      return null;
    }
    UiContainer ui = form.chooseMethod(f, method, in.email());
    ui.addMessage(problem, "email");
    return ui;
  }

  /** Saves the form with its messages and answers 400 (or sends the browser back to the form). */
  Future<Void> refuse(RoutingContext ctx, Flow f, UiContainer ui) {
    return kit.lifecycle().refuse(ctx, f, f.state(), ui, RecoveryHandler::json);
  }

  /** After a step that went well: browsers see the form again, everyone else gets the flow (200). */
  void answerUpdated(RoutingContext ctx, Flow f) {
    if (f.browser() && !FlowAnswers.isJsonRequest(ctx)) {
      FlowAnswers.redirect(ctx, kit.settings().uiUrl(RecoveryHandler.KIND) + "?flow=" + f.id());
    } else {
      Http.json(ctx, 200, RecoveryHandler.json(f));
    }
  }
}
