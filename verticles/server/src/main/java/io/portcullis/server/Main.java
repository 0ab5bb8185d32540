package io.portcullis.server;

import io.portcullis.runtime.Version;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code portcullis}: the command line. Each subcommand is its own small class. */
@Command(name = "portcullis", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
    description = "An identity-aware reverse proxy, forward-auth endpoint and identity service.%n"
        + "Reads Oathkeeper configuration and access rules as they are.",
    subcommands = {ServeCommand.class, RulesCommand.class, AuditCommand.class, QuickstartHint.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main()).setUsageHelpAutoWidth(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"portcullis " + Version.get()};
    }
  }
}
