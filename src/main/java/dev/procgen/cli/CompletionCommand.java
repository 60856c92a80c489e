package dev.procgen.cli;

import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code procgen completion bash|zsh}: prints a shell completion script for procgen, generated
 * from the command model by picocli's {@link AutoComplete}, so that it always lists the commands,
 * options, {@code --target} and {@code --init} values this build has. Descriptor arguments
 * complete to file names.
 *
 * <p>The script is the same for both shells: picocli writes it for bash's programmable completion
 * (bash(1), "Programmable Completion"), and under zsh it loads zsh's {@code bashcompinit}, which
 * runs bash completion functions (zshcompsys(1), "BASH COMPATIBILITY"). The shell is still named,
 * so that a later version can print a native zsh script without changing how users load it.
 */
final class CompletionCommand implements Callable<Integer> {
  /** The shells a script is printed for, by the name the command takes. */
  private enum Shell { bash, zsh }

  /** The shells' names, in order. */
  static final List<String> SHELLS = java.util.Arrays.stream(Shell.values()).map(Enum::name).toList();

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final PrintStream out;
  private final PositionalParamSpec shell;

  CompletionCommand(PrintStream out) {
    this.out = out;
    spec.name("completion");
    spec.usageMessage()
        .description("Prints a shell completion script for procgen to standard output.",
            "",
            "bash: add 'source <(procgen completion bash)' to ~/.bashrc, or save the output as",
            "  /usr/share/bash-completion/completions/procgen (the Debian package installs it there).",
            "zsh: add 'source <(procgen completion zsh)' to ~/.zshrc, after compinit.");
    Specs.standardHelpOptions(spec);
    shell = PositionalParamSpec.builder().paramLabel("SHELL").arity("1").type(String.class)
        .completionCandidates(new Iterable<String>() {
          @Override
          public Iterator<String> iterator() {
            return SHELLS.iterator();
          }
        })
        .description("The shell: ${COMPLETION-CANDIDATES}.").build();
    spec.addPositional(shell);
  }

  /** Returns the command's model. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() {
    String name = shell.getValue();
    if (!SHELLS.contains(name)) {
      throw new CommandLine.ParameterException(spec.commandLine(),
          "SHELL: expected one of " + String.join(", ", SHELLS) + ", found '" + name + "'");
    }
    out.print(script(spec.root().commandLine()));
    out.flush();
    return 0;
  }

  /**
   * Returns the completion script for the command line {@code root} (procgen with every
   * subcommand), as picocli generates it for the command name {@code procgen}.
   */
  static String script(CommandLine root) {
    return AutoComplete.bash("procgen", root);
  }
}
