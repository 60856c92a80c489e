package dev.procgen.cli;

import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.importer.Importer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code procgen import}: prints a descriptor for a foreman Procfile, by foreman's own rules. */
final class ImportCommand implements Callable<Integer> {
  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private final PrintStream stdout;
  private final PrintStream stderr;
  private final CommandLine.ITypeConverter<Path> paths;
  private final PositionalParamSpec procfile;
  private final OptionSpec env;
  private final OptionSpec formation;
  private final OptionSpec port;
  private final OptionSpec app;
  private final OptionSpec user;

  ImportCommand(PrintStream stdout, PrintStream stderr, CommandLine.ITypeConverter<Path> paths) {
    this.stdout = stdout;
    this.stderr = stderr;
    this.paths = paths;
    spec.name("import").usageMessage().description(
        "Prints a descriptor whose processes get the argv and environment that `foreman start` (0.87.2) gives them.",
        "",
        "Procfile lines are NAME: command; .env lines NAME=value, 'single' or \"double\" quoted (\\n is a line break); "
            + "other lines are ignored, as foreman ignores them, and listed in a comment.",
        "Each process type gets port: --port (else PORT from .env, else the inherited PORT, else 5000) plus 100 per "
            + "type before it in the Procfile, and instances: its formation count; instance n listens on port + n - 1, "
            + "which procgen exports as PORT. A type the formation runs 0 times is left out and named in a comment.",
        "$NAME of a .env variable is replaced by its value and $PORT by {port}, as foreman replaces them; a command in "
            + "which Ruby's Process.spawn finds shell syntax becomes [/bin/sh, -c, command], as foreman runs it, with "
            + "a comment. foreman's PS=<type>.<n> cannot be set per instance and is named in a comment; $PS is "
            + "refused for a type with more than one instance.",
        "app defaults to foreman's export default, app; directory is the Procfile's folder; every problem is "
            + "reported, with exit status 1 and nothing printed. See docs/import.md.");
    Specs.standardHelpOptions(spec);
    procfile = PositionalParamSpec.builder().index("0").paramLabel("PROCFILE").type(Path.class).converters(paths)
        .required(true).description("The Procfile.").build();
    spec.addPositional(procfile);
    env = OptionSpec.builder("-e", "--env").paramLabel("FILE[,FILE...]").type(String.class)
        .description("The .env files, loaded in order, later values over earlier ones, as foreman loads them. "
            + "Default: .env beside the Procfile, when there is one.").build();
    spec.addOption(env);
    formation = OptionSpec.builder("-m", "--formation").paramLabel("NAME=COUNT[,...]").type(String.class)
        .description("How many instances of each type, as foreman's -m: web=2,worker=1; all=N for every type not "
            + "named; a type not named runs 0 times. Default: all=1.").build();
    spec.addOption(formation);
    port = OptionSpec.builder("-p", "--port").paramLabel("PORT").type(int.class)
        .description("The base port, as foreman's -p.").build();
    spec.addOption(port);
    app = OptionSpec.builder("-a", "--app").paramLabel("NAME").type(String.class)
        .description("The app's name. Default: app, as foreman's exports.").build();
    spec.addOption(app);
    user = OptionSpec.builder("-u", "--user").paramLabel("USER").type(String.class)
        .description("The account the processes run as (user:). Default: none.").build();
    spec.addOption(user);
  }

  /** Returns the command's model. */
  CommandSpec spec() {
    return spec;
  }

  @Override
  public Integer call() throws IOException {
    Path file = procfile.getValue();
    List<Diagnostic> unreadable = new ArrayList<>();
    Importer.Input procfileInput = read(file, unreadable);
    Path root = file.toAbsolutePath().normalize().getParent();
    List<Importer.Input> envInputs = new ArrayList<>();
    String envOption = env.getValue();
    if (envOption != null) {
      // foreman splits the option at commas (lib/foreman/cli.rb, load_environment!).
      for (String name : envOption.split(",")) {
        if (name.isEmpty()) {
          unreadable.add(Diagnostic.ofFile("--env", "expected file names separated by commas, found an empty name in '"
              + envOption + "'"));
          continue;
        }
        envInputs.add(read(path(name), unreadable));
      }
    } else if (root != null && Files.isRegularFile(root.resolve(".env"))) {
      envInputs.add(read(root.resolve(".env"), unreadable));
    }
    if (!unreadable.isEmpty()) {
      RenderCommand.print(unreadable, stderr);
      stderr.flush();
      return 1;
    }
    Integer portValue = port.getValue();
    Importer.Options options = new Importer.Options(Optional.ofNullable(formation.getValue()),
        portValue == null ? OptionalInt.empty() : OptionalInt.of(portValue), Optional.ofNullable(app.getValue()),
        Optional.ofNullable(user.getValue()), Optional.ofNullable(System.getenv("PORT")));
    String yaml;
    try {
      yaml = Importer.importProcfile(procfileInput, root == null ? "/" : root.toString(), envInputs, options);
    } catch (DescriptorException e) {
      RenderCommand.print(e.diagnostics(), stderr);
      stderr.flush();
      return 1;
    }
    stdout.print(yaml);
    stdout.flush();
    return 0;
  }

  private Path path(String name) {
    try {
      return paths.convert(name);
    } catch (Exception e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--env: " + e.getMessage());
    }
  }

  private static Importer.Input read(Path file, List<Diagnostic> problems) throws IOException {
    try {
      if (Files.isDirectory(file)) {
        problems.add(Diagnostic.ofFile(file.toString(), "cannot read it: it is a directory"));
        return new Importer.Input(file.toString(), new byte[0]);
      }
      return new Importer.Input(file.toString(), Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      problems.add(Diagnostic.ofFile(file.toString(), "cannot read it: no such file"));
      return new Importer.Input(file.toString(), new byte[0]);
    }
  }
}
