package io.portcullis.identity.courier;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * A courier for tests that keeps the letters flows queue, each once the transaction that queued it committed (as the
 * real courier's rows exist only then), so a test sees exactly what would be mailed.
 */
public final class RecordingCourier implements Courier {
  private final List<Letter> letters = new ArrayList<>();

  @Override
  public Future<UUID> queue(SqlClient tx, Letter letter) {
    Transaction t = tx instanceof SqlConnection c ? c.transaction() : null;
    if (t == null) {
      record(letter);
    } else {
      t.completion().onSuccess(v -> record(letter));
    }
    return Future.succeededFuture(UUID.randomUUID());
  }

  private synchronized void record(Letter letter) {
    letters.add(letter);
    notifyAll();
  }

  /** The letters committed so far to {@code recipient}. */
  public synchronized List<Letter> to(String recipient) {
    return letters.stream().filter(l -> l.recipient().equals(recipient)).toList();
  }

  /** Waits (at most 10 s) for a letter to {@code recipient} with {@code template} and returns the newest such. */
  public synchronized Letter await(String recipient, TemplateType template) throws InterruptedException {
    Predicate<Letter> match = l -> l.recipient().equals(recipient) && l.template() == template;
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (letters.stream().noneMatch(match)) {
      long left = Duration.between(Instant.now(), deadline).toMillis();
      if (left <= 0) {
        throw new AssertionError("no " + template.wireName() + " letter to " + recipient + " within 10 s; letters: "
            + letters);
      }
      wait(left);
    }
    List<Letter> found = letters.stream().filter(match).toList();
    return found.get(found.size() - 1);
  }
}
