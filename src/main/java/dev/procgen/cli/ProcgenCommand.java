package dev.procgen.cli;

import dev.procgen.output.FileProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine;

/**
 * The top-level {@code procgen} command, which holds the subcommands and global options. Every
 * command is declared with picocli's programmatic API ({@link Specs} says why).
 */
public final class ProcgenCommand implements Runnable {
  /** picocli's system property that names, as regular expressions, the built-in converters to skip. */
  private static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  private final CommandSpec spec = CommandSpec.wrapWithoutInspection(this);
  private boolean stacktrace;

  private ProcgenCommand() {
    spec.name("procgen").versionProvider(new Version());
    spec.usageMessage().description(
        "Compiles app descriptors into the files that run the app on a host: one folder per target.");
    Specs.standardHelpOptions(spec);
    // Inherited: every subcommand takes it too, and sets this one flag.
    spec.addOption(Specs.flag("--stacktrace").scopeType(CommandLine.ScopeType.INHERIT)
        .description("Print the stack trace of an internal error.")
        .setter(new CommandLine.Model.ISetter() {
          @Override
          public <T> T set(T value) {
            stacktrace = Boolean.TRUE.equals(value);
            return null;
          }
        }).build());
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand, for example: render");
  }

  /**
   * Builds the whole command line, every subcommand included, bound to a file system and streams.
   *
   * @param fs the file system that {@link Path} arguments resolve in
   * @param out standard output
   * @param err standard error
   */
  public static CommandLine commandLine(FileSystem fs, PrintStream out, PrintStream err) {
    return commandLine(fs, out, err, null);
  }

  /**
   * Builds the command line for a run whose first argument is {@code first}. When it names render,
   * check or diff, the other subcommands are left out: picocli hands every later argument to that
   * subcommand alone, so its help and errors read the same, and the run skips building three
   * models it never uses (a few milliseconds of a cold start, docs/performance.md). Otherwise, and
   * for {@code procgen help}, which looks its sibling up, every subcommand is there.
   *
   * @param first the run's first argument, or null
   */
  public static CommandLine commandLine(FileSystem fs, PrintStream out, PrintStream err, String first) {
    // picocli registers a converter for each java.time and java.sql type that it finds, which
    // loads and initializes about 60 JDK classes (java.time's formatters among them) for every
    // run; no procgen option has such a type. picocli's own switch leaves them out.
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.(time|sql)\\..*");
    }
    ProcgenCommand root = new ProcgenCommand();
    CommandLine.ITypeConverter<Path> paths = new CommandLine.ITypeConverter<>() {
      @Override
      public Path convert(String s) {
        // An empty word would name the working directory: '--out "$UNSET"' writing there is a mistake.
        if (s.isEmpty()) {
          throw new CommandLine.TypeConversionException("expected a path, found an empty argument");
        }
        return fs.getPath(s);
      }
    };
    String[] targets = RenderCommand.targetTable();
    boolean all = !"render".equals(first) && !"check".equals(first) && !"diff".equals(first);
    CommandLine cl = new CommandLine(root.spec);
    List<CommandSpec> subs = new ArrayList<>();
    if (all || "render".equals(first)) {
      subs.add(new RenderCommand(out, err, paths).spec());
    }
    if (all || "check".equals(first)) {
      subs.add(new CheckCommand(out, err, paths).spec());
    }
    if (all || "diff".equals(first)) {
      subs.add(new DiffCommand(out, err, paths).spec());
    }
    for (CommandSpec sub : subs) {
      sub.usageMessage().footer(targets);
      cl.addSubcommand(sub);
    }
    if (all) {
      cl.addSubcommand(new ImportCommand(out, err, paths).spec());
      cl.addSubcommand(new SchemaCommand(out).spec());
      cl.addSubcommand(new CompletionCommand(out).spec());
      cl.addSubcommand(new HelpCommand().spec());
    }
    cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cl.setExecutionExceptionHandler(new CommandLine.IExecutionExceptionHandler() {
      @Override
      public int handleExecutionException(Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        return failed(e, commandLine, root.stacktrace);
      }
    });
    return cl;
  }

  /**
   * Reports an exception that a command threw, and returns the exit status 1: an I/O failure in
   * one line, anything else as an internal error; the stack trace only with {@code --stacktrace}.
   */
  private static int failed(Exception e, CommandLine commandLine, boolean stacktrace) {
    String failure = ioFailure(e);
    if (failure != null) {
      // The file system said no: the user's to act on, never a crash.
      commandLine.getErr().println("procgen: error: " + failure);
      if (stacktrace) {
        e.printStackTrace(commandLine.getErr());
      }
      commandLine.getErr().flush();
      return 1;
    }
    // A crash, never a verdict on the descriptor: told apart from a refusal by its own words.
    commandLine.getErr().println("procgen: internal error: " + e);
    if (stacktrace) {
      e.printStackTrace(commandLine.getErr());
    } else {
      commandLine.getErr().println("(run again with --stacktrace for details)");
    }
    commandLine.getErr().flush();
    return 1;
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
