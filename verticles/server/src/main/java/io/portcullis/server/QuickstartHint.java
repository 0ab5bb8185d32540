package io.portcullis.server;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code portcullis quickstart} typed against the server jar: the quickstart bundles an embedded PostgreSQL, which the
 * production artifact must not carry, so it lives in its own jar. Hidden; it only says where to find it.
 */
@Command(name = "quickstart", hidden = true)
final class QuickstartHint implements Callable<Integer> {
  @Unmatched
  List<String> ignored;

  @Override
  public Integer call() {
    System.err.println("""
        The quickstart is not part of the server jar (it bundles an embedded PostgreSQL). Run it from a checkout with
          ./portcullis quickstart
        or with java -jar verticles/quickstart/target/portcullis-quickstart.jar (build it with
          ./mvnw -DskipTests -pl verticles/quickstart -am install).""");
    return 2;
  }
}
