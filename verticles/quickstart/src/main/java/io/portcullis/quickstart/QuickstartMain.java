package io.portcullis.quickstart;

import picocli.CommandLine;

/**
 * Entry point of {@code portcullis-quickstart.jar}; {@code ./portcullis quickstart ...} runs it. A jar of its own so
 * that the embedded PostgreSQL never ships in the production server jar.
 */
public final class QuickstartMain {
  private QuickstartMain() {
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new QuickstartCommand()).setUsageHelpAutoWidth(true).execute(args));
  }
}
