package dev.procgen.cli;

import dev.procgen.output.FileProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** The top-level {@code procgen} command, which holds the subcommands and global options. */
@Command(
    name = "procgen",
    mixinStandardHelpOptions = true,
    versionProvider = ProcgenCommand.Version.class,
    description = "Compiles app descriptors into the files that run the app on a host: one folder per target.",
    subcommands = {RenderCommand.class, CheckCommand.class, DiffCommand.class, CommandLine.HelpCommand.class})
public final class ProcgenCommand implements Runnable {

  @Option(names = "--stacktrace", description = "Print the stack trace of an internal error.", scope = CommandLine.ScopeType.INHERIT)
  boolean stacktrace;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand, for example: render");
  }

  /**
   * Builds the command line bound to a file system and streams.
   *
   * @param fs the file system that {@link Path} arguments resolve in
   * @param out standard output
   * @param err standard error
   */
  public static CommandLine commandLine(FileSystem fs, PrintStream out, PrintStream err) {
    ProcgenCommand root = new ProcgenCommand();
    CommandLine cl = new CommandLine(root, new Factory(fs, out, err));
    cl.registerConverter(Path.class, s -> {
      // An empty word would name the working directory: '--out "$UNSET"' writing there is a mistake.
      if (s.isEmpty()) {
        throw new CommandLine.TypeConversionException("expected a path, found an empty argument");
      }
      return fs.getPath(s);
    });
    cl.setDefaultValueProvider(RenderOptions::defaultValue);
    for (String name : new String[] {"render", "check", "diff"}) {
      cl.getSubcommands().get(name).getCommandSpec().usageMessage().footer(RenderCommand.targetTable());
    }
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      String failure = ioFailure(e);
      if (failure != null) {
        // The file system said no: the user's to act on, never a crash.
        commandLine.getErr().println("procgen: error: " + failure);
        if (root.stacktrace) {
          e.printStackTrace(commandLine.getErr());
        }
        commandLine.getErr().flush();
        return 1;
      }
      // A crash, never a verdict on the descriptor: told apart from a refusal by its own words.
      commandLine.getErr().println("procgen: internal error: " + e);
      if (root.stacktrace) {
        e.printStackTrace(commandLine.getErr());
      } else {
        commandLine.getErr().println("(run again with --stacktrace for details)");
      }
      commandLine.getErr().flush();
      return 1;
    });
    return cl;
  }

  /**
   * Returns the one line that tells an I/O failure, or null when {@code e} is a crash. A {@link
   * FileProblem} says what, where and why; any other I/O failure still names its file, as Java's
   * {@link java.nio.file.FileSystemException} does.
   */
  static String ioFailure(Throwable e) {
    if (e instanceof java.io.UncheckedIOException u) {
      e = u.getCause();
    }
    if (e instanceof FileProblem) {
      return e.getMessage();
    }
    if (e instanceof java.nio.file.FileSystemException fse && fse.getFile() != null) {
      return "cannot use " + fse.getFile() + (fse.getOtherFile() != null ? " or " + fse.getOtherFile() : "")
          + ": " + FileProblem.reason(fse);
    }
    if (e instanceof IOException io) {
      return FileProblem.reason(io);
    }
    return null;
  }

  /** Creates subcommands with the file system and streams they need. */
  private record Factory(FileSystem fs, PrintStream out, PrintStream err) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (cls == RenderCommand.class) {
        return cls.cast(new RenderCommand(out, err));
      }
      if (cls == CheckCommand.class) {
        return cls.cast(new CheckCommand(out, err));
      }
      if (cls == DiffCommand.class) {
        return cls.cast(new DiffCommand(out, err));
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }

  /** Reads the version Maven wrote into {@code procgen.properties}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = ProcgenCommand.class.getResourceAsStream("/procgen.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"procgen " + p.getProperty("version", "unknown")};
    }
  }
}
