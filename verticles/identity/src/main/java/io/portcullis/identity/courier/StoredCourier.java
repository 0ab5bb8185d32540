package io.portcullis.identity.courier;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

/**
 * The {@link Courier} flows use: renders the letter's template (subject, plain text, HTML) and stores the message as
 * {@code queued} in the caller's transaction. Delivery is the {@link CourierVerticle}'s, after the commit.
 */
public final class StoredCourier implements Courier {
  private final CourierTemplates templates;
  private final MessageStore store;
  private final Clock clock;

  public StoredCourier(CourierTemplates templates, MessageStore store, Clock clock) {
    this.templates = templates;
    this.store = store;
    this.clock = clock;
  }

  /** Fails with {@link IllegalArgumentException} when the recipient is not an e-mail address (as Kratos refuses it). */
  @Override
  public Future<UUID> queue(SqlClient tx, Letter letter) {
    if (!MailAddresses.isAddress(letter.recipient())) {
      return Future.failedFuture(new IllegalArgumentException("courier: \"" + letter.recipient()
          + "\" is not an e-mail address"));
    }
    Map<String, Object> model = TemplateModel.of(letter);
    CourierTemplates.Rendered rendered;
    try {
      rendered = templates.render(letter.template(), model);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return store.insert(tx, letter.recipient(), letter.template(), rendered,
        TemplateModel.templateData(model, letter.template()), clock.instant().truncatedTo(ChronoUnit.MICROS));
  }
}
