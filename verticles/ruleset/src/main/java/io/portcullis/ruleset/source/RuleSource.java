package io.portcullis.ruleset.source;

import io.portcullis.rules.RuleException;
import java.util.List;

/**
 * Where rule documents come from, named by one entry of {@code access_rules.repositories}. The rules role reads every
 * source at each poll ({@code portcullis.rules.reload_interval}) and also when a watching source says it changed.
 */
public interface RuleSource extends AutoCloseable {
  /** The repository entry this source was made from, as the configuration spells it. */
  String location();

  /**
   * The documents this source holds now. When the source cannot be reached it answers with the last documents it
   * could read and says so in {@link #degraded()}. Blocking: call on a worker.
   *
   * @throws RuleException when nothing can be given: never read successfully, or a file that no longer exists
   */
  List<RuleDocument> read() throws RuleException;

  /** Why the last {@link #read()} gave older documents than the source may hold now; null while current. */
  default String degraded() {
    return null;
  }

  /** Called (on any thread) whenever a watching source sees a change; polled sources never call it. */
  default void onChange(Runnable listener) {
  }

  @Override
  default void close() {
  }
}
