package io.portcullis.server;

import picocli.CommandLine.Command;

/** {@code portcullis rules ...}: work with access rules without running the server. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Validate access rules or try a request against them.",
    subcommands = {RulesValidateCommand.class, RulesTestCommand.class})
final class RulesCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
