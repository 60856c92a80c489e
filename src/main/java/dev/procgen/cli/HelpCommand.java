package dev.procgen.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code procgen help [COMMAND]}: prints the usage of the named command, or of procgen. It does
 * what picocli's {@link CommandLine.HelpCommand} does, and says it in the same words, but is
 * declared in code (see {@link Specs}); picocli runs it as a help command, so its parent's
 * required arguments are not asked for.
 */
final class HelpCommand implements CommandLine.IHelpCommandInitializable2, Callable<Integer> {
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final PositionalParamSpec command =
      PositionalParamSpec.builder().paramLabel("COMMAND").arity("0..1").type(String.class)
          .description("The COMMAND to display the usage help message for.").build();
  private CommandLine self;
  private CommandLine.Help.ColorScheme colors;
  private PrintWriter out;

  HelpCommand() {
    spec.name("help").helpCommand(true);
    spec.usageMessage()
        .header("Display help information about the specified command.")
        .synopsisHeading("%nUsage: ")
        .description("%nWhen no COMMAND is given, the usage help for the main command is displayed.",
            "If a COMMAND is specified, the help for that command is shown.%n");
    spec.addOption(Specs.flag("-h", "--help").usageHelp(true)
        .description("Show usage help for the help command and exit.").build());
    spec.addPositional(command);
  }

  /** Returns the command's model. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public void init(CommandLine helpCommandLine, CommandLine.Help.ColorScheme colorScheme, PrintWriter out,
      PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine parent = self.getParent();
    String name = command.getValue();
    if (name == null) {
      parent.usage(out, colors);
      return parent.getCommandSpec().exitCodeOnUsageHelp();
    }
    CommandLine sub = parent.getSubcommands().get(name);
    if (sub == null) {
      throw new CommandLine.ParameterException(parent, "Unknown subcommand '" + name + "'.", null, name);
    }
    sub.usage(out, colors);
    return sub.getCommandSpec().exitCodeOnUsageHelp();
  }
}
