package io.portcullis.server;

import picocli.CommandLine.Command;

/** {@code portcullis audit ...}: read the audit stream. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Read the audit stream on Kafka.",
    subcommands = {AuditTailCommand.class})
final class AuditCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
