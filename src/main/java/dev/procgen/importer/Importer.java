package dev.procgen.importer;

import dev.procgen.descriptor.DescriptorValidator;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Procfile and its {@code .env} files into a descriptor whose processes get the argv and
 * environment that {@code foreman start} (0.87.2) gives them. Every rule is foreman's; what a
 * descriptor cannot say is refused, or named in a comment at the top, never dropped silently:
 *
 * <ul>
 *   <li>the Procfile ({@link Procfile}), the {@code .env} files ({@link DotEnv}, later files over
 *       earlier ones, as lib/foreman/cli.rb {@code load_environment!} loads them) and the
 *       formation ({@link Formation});
 *   <li>ports (lib/foreman/engine.rb, {@code port_for} and {@code base_port}): the base port is
 *       {@code --port}, else the {@code .env}'s {@code PORT}, else the inherited {@code PORT}, else
 *       5000, each read with Ruby's {@code to_i}; the process type at index {@code i} of the
 *       Procfile (types that run 0 times counted) has {@code base + 100 i}, and its instance
 *       {@code n} (from 1) {@code base + 100 i + n - 1}: the descriptor's {@code port} and
 *       {@code instances}, which procgen exports as {@code PORT};
 *   <li>the environment: every {@code .env} variable, in foreman's order, but {@code PORT} and
 *       {@code PS}, which foreman sets per instance ({@code PS=web.1}, which procgen cannot: the
 *       header says so);
 *   <li>the command ({@link ForemanLaunch}): {@code $NAME} replaced as foreman replaces it, with
 *       {@code $PORT} becoming {@code {port}}; then either the words Ruby would execute directly,
 *       or, when Ruby would hand it to {@code /bin/sh -c}, exactly that, as a list of three words,
 *       with a comment. {@code $PS} is refused for a type with more than one instance;
 *   <li>{@code app}: {@code --app}, else foreman's default for its exports, {@code app}
 *       (lib/foreman/export/base.rb, {@code app}); {@code directory}: foreman's root, the
 *       Procfile's folder, absolute (engine.rb, {@code load_procfile} and {@code root});
 *       {@code user}: {@code --user}.
 * </ul>
 *
 * The descriptor is validated as {@code procgen render} would validate it before it is returned.
 */
public final class Importer {
  private Importer() {}

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
  private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,30}[$]?|[a-z_]");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
  private static final String PORT_MARK = "\uE000";
  private static final String PS_MARK = "\uE001";

  /**
   * One input file.
   *
   * @param name the path as the user gave it, for messages
   * @param bytes its content
   */
  public record Input(String name, byte[] bytes) {}

  /**
   * What the command line chose.
   *
   * @param formation {@code --formation}, or empty for foreman's {@code all=1}
   * @param port {@code --port}, or empty
   * @param app {@code --app}, or empty for {@code app}
   * @param user {@code --user}, or empty
   * @param inheritedPort the {@code PORT} variable of the importing process's environment, which
   *     {@code foreman start} would read, or empty
   */
  public record Options(Optional<String> formation, OptionalInt port, Optional<String> app, Optional<String> user,
      Optional<String> inheritedPort) {}

  /**
   * Imports a Procfile.
   *
   * @param procfile the Procfile
   * @param root foreman's root: the Procfile's folder, absolute and normalized
   * @param envFiles the {@code .env} files, in the order foreman loads them
   * @param options the command line's choices
   * @return the descriptor's text, comments first
   * @throws DescriptorException with every problem found
   */
  public static String importProcfile(Input procfile, String root, List<Input> envFiles, Options options)
      throws DescriptorException {
    List<Diagnostic> problems = new ArrayList<>();
    Procfile pf = Procfile.parse(decode(procfile, problems));
    List<String> header = new ArrayList<>();
    header.add("Imported by procgen import from " + procfile.name() + (envFiles.isEmpty() ? "" : " and "
        + String.join(", ", envFiles.stream().map(Input::name).toList())) + ", by foreman 0.87.2's rules.");

    // The environment, by foreman's Ruby hash: a later file's value keeps the first place.
    Map<String, DotEnv.Variable> env = new LinkedHashMap<>();
    Map<String, String> envFileOf = new LinkedHashMap<>();
    for (Input file : envFiles) {
      DotEnv parsed = DotEnv.parse(decode(file, problems));
      for (DotEnv.Variable v : parsed.variables()) {
        env.put(v.name(), v);
        envFileOf.put(v.name(), file.name());
        if (!ENV_NAME.matcher(v.name()).matches()) {
          problems.add(new Diagnostic(file.name(), v.line(), 1, "expected a variable name that procgen can set ("
              + "[A-Za-z_][A-Za-z0-9_]*), found '" + v.name() + "', which starts with a digit", v.text()));
        }
        if (v.value().contains("\0")) {
          problems.add(new Diagnostic(file.name(), v.line(), v.name().length() + 2, v.name()
              + ": expected a value without NUL, which no environment can hold (foreman fails on it too)", v.text()));
        }
        if (v.value().contains(PORT_MARK) || v.value().contains(PS_MARK)) {
          problems.add(new Diagnostic(file.name(), v.line(), v.name().length() + 2, v.name()
              + ": expected no U+E000 or U+E001, which procgen import uses itself", v.text()));
        }
      }
      for (Procfile.Line l : parsed.ignored()) {
        header.add(file.name() + ":" + l.line() + " is not NAME=value; foreman ignores it, and so does the import: "
            + YamlText.quoted(l.text()));
      }
    }
    for (Procfile.Line l : pf.ignored()) {
      header.add(procfile.name() + ":" + l.line() + " is not NAME: command; foreman ignores it, and so does the import: "
          + YamlText.quoted(l.text()));
    }
    if (pf.entries().isEmpty() && problems.isEmpty()) {
      problems.add(Diagnostic.ofFile(procfile.name(), "expected at least one process line (NAME: command), found none"));
    }

    Set<String> names = new LinkedHashSet<>();
    for (Procfile.Entry e : pf.entries()) {
      if (!names.add(e.name())) {
        problems.add(new Diagnostic(procfile.name(), e.line(), 1, "expected each process type once, found '" + e.name()
            + "' again (foreman would run both under one name; a descriptor cannot)", e.text()));
      }
    }

    Formation formation = Formation.everyOnce();
    if (options.formation().isPresent()) {
      List<String> formationProblems = new ArrayList<>();
      formation = Formation.parse(options.formation().get(), names, formationProblems);
      for (String p : formationProblems) {
        problems.add(Diagnostic.ofFile("--formation", p));
      }
    }

    String portSource;
    long base;
    if (options.port().isPresent()) {
      base = options.port().getAsInt();
      portSource = "--port";
    } else if (env.containsKey("PORT")) {
      base = rubyToI(env.get("PORT").value());
      portSource = "PORT in " + envFileOf.get("PORT");
    } else if (options.inheritedPort().isPresent()) {
      base = rubyToI(options.inheritedPort().get());
      portSource = "the PORT this command inherited, as foreman start would";
    } else {
      base = 5000;
      portSource = "foreman's default";
    }

    String app = options.app().orElse("app");
    if (!NAME.matcher(app).matches()) {
      problems.add(Diagnostic.ofFile("--app", "expected an app name ([a-z][a-z0-9_-]*, at most 64 characters), found "
          + YamlText.quoted(app)));
    }
    if (options.user().isPresent() && !USER.matcher(options.user().get()).matches()) {
      problems.add(Diagnostic.ofFile("--user", "expected an account name by useradd's rules ([a-z_][a-z0-9_-]*, "
          + "optionally ending in $, at most 32 characters), found " + YamlText.quoted(options.user().get())));
    }

    // The variables foreman replaces in a command, in its order: the .env's, then PORT and PS.
    Map<String, String> replaced = new LinkedHashMap<>();
    for (DotEnv.Variable v : env.values()) {
      replaced.put(v.name(), v.value());
    }
    replaced.put("PORT", PORT_MARK);
    replaced.put("PS", PS_MARK);

    List<String> processes = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<String> psNames = new ArrayList<>();
    for (int index = 0; index < pf.entries().size(); index++) {
      Procfile.Entry e = pf.entries().get(index);
      int count = formation.count(e.name());
      long port = base + 100L * index;
      if (count == 0) {
        skipped.add(e.name());
        continue;
      }
      for (int n = 1; n <= Math.min(count, 3); n++) {
        psNames.add(e.name() + "." + n);
      }
      if (count > 3) {
        psNames.add("...");
      }
      int before = problems.size();
      if (!NAME.matcher(e.name()).matches()) {
        problems.add(at(procfile, e, 1, "expected a process type that procgen can name ([a-z][a-z0-9_-]*, at most 64 "
            + "characters), found '" + e.name() + "'; rename it in the Procfile"));
      }
      if (port < 1 || port + count - 1 > 65535) {
        problems.add(at(procfile, e, 1, e.name() + " would listen on port " + port + (count > 1 ? " to " + (port + count - 1) : "")
            + " (base port " + base + " from " + portSource + ", plus 100 per process type before it)"
            + ", expected ports from 1 to 65535"));
      }
      if (e.command().contains("\0") || e.command().contains(PORT_MARK) || e.command().contains(PS_MARK)) {
        problems.add(at(procfile, e, e.column(), "expected a command without NUL, U+E000 or U+E001"));
      }
      if (problems.size() > before) {
        continue;
      }
      String expanded;
      try {
        expanded = ForemanLaunch.expand(e.command(), replaced);
      } catch (ForemanLaunch.RubyError error) {
        problems.add(at(procfile, e, e.column(), "foreman cannot run this command: a variable's value holds \\k<...>, "
            + "which " + error.getMessage()));
        continue;
      }
      if (expanded.contains("{port}")) {
        problems.add(at(procfile, e, e.column(), "the command (after foreman replaces $NAME) holds the text {port}, which "
            + "procgen would replace by the port and foreman passes as written; the import cannot say that"));
        continue;
      }
      if (expanded.contains(PS_MARK)) {
        if (count > 1) {
          problems.add(at(procfile, e, e.column(), "the command uses $PS, which foreman replaces by each instance's own "
              + "name (" + e.name() + ".1, " + e.name() + ".2, ...); a descriptor has no per-instance value but {port}, so "
              + "the import refuses it for a type with more than one instance"));
          continue;
        }
        expanded = expanded.replace(PS_MARK, e.name() + ".1");
      }
      boolean shell = ForemanLaunch.needsShell(expanded);
      List<String> argv = shell ? List.of("/bin/sh", "-c", expanded) : ForemanLaunch.words(expanded);
      if (argv.isEmpty()) {
        problems.add(at(procfile, e, e.column(), "expected a command, found only white space"));
        continue;
      }
      StringBuilder y = new StringBuilder();
      String program = argv.get(0);
      if (!shell && program.contains("/") && !program.startsWith("/")) {
        // The systemd target runs a relative program by its absolute path, which would change argv[0];
        // the shell's exec keeps it as foreman's spawn gives it. The words hold nothing the shell reads.
        argv = List.of("/bin/sh", "-c", "exec " + String.join(" ", argv));
        y.append("  # foreman runs this command directly; its program is a relative path, so the import has the shell\n")
            .append("  # exec it from directory, which keeps argv[0] as foreman gives it (").append(YamlText.comment(program))
            .append("), where procgen's\n  # systemd units would run it by its absolute path. dash adds PWD to its environment.\n");
      }
      if (shell) {
        y.append("  # foreman runs this command through /bin/sh -c, because Ruby's Process.spawn finds shell syntax in it,\n")
            .append("  # and so does this descriptor: the shell's words are not checked by procgen.\n");
        Set<String> foreign = new TreeSet<>();
        Matcher m = REFERENCE.matcher(expanded);
        while (m.find()) {
          if (!env.containsKey(m.group(1)) && !m.group(1).equals("PORT")) {
            foreign.add("$" + m.group(1));
          }
        }
        if (!foreign.isEmpty()) {
          y.append("  # The shell reads ").append(YamlText.comment(String.join(", ", foreign)))
              .append(" from the service's own environment, not foreman's, so their values may differ.\n");
        }
      }
      y.append("  ").append(YamlText.quoted(e.name())).append(":\n    command:\n");
      for (String word : argv) {
        y.append("      - ").append(YamlText.quoted(word.replace(PORT_MARK, "{port}"))).append('\n');
      }
      y.append("    port: ").append(port).append('\n');
      y.append("    instances: ").append(count).append('\n');
      processes.add(y.toString());
    }
    if (problems.isEmpty() && processes.isEmpty()) {
      problems.add(Diagnostic.ofFile("--formation", "expected a formation that runs at least one process, found one "
          + "that runs none of " + String.join(", ", names)));
    }
    if (!problems.isEmpty()) {
      throw new DescriptorException(problems);
    }

    if (!psNames.isEmpty()) {
      header.add("foreman start also sets PS to each instance's name (" + String.join(", ", psNames) + "); procgen "
          + "has no per-instance variable, so PS is not set.");
    }
    header.add("Ports: base " + base + " from " + portSource + ", plus 100 per process type in Procfile order, plus 1 per "
        + "instance; each instance gets its port as PORT.");
    for (String name : List.of("PORT", "PS")) {
      if (env.containsKey(name)) {
        header.add(name + " from " + envFileOf.get(name) + " is not in environment: foreman sets it per instance, over the "
            + "file's value " + YamlText.quoted(env.get(name).value()) + ".");
      }
    }
    for (String name : skipped) {
      header.add("Not imported: " + name + ", which this formation runs 0 times (" + name + "=0), so foreman starts none.");
    }

    StringBuilder yaml = new StringBuilder();
    for (String line : header) {
      yaml.append("# ").append(YamlText.comment(line)).append('\n');
    }
    yaml.append("app: ").append(YamlText.quoted(app)).append('\n');
    yaml.append("directory: ").append(YamlText.quoted(root)).append('\n');
    options.user().ifPresent(u -> yaml.append("user: ").append(YamlText.quoted(u)).append('\n'));
    boolean first = true;
    for (DotEnv.Variable v : env.values()) {
      if (v.name().equals("PORT") || v.name().equals("PS")) {
        continue;
      }
      if (first) {
        yaml.append("environment:\n");
        first = false;
      }
      yaml.append("  ").append(YamlText.quoted(v.name())).append(": ").append(YamlText.quoted(v.value())).append('\n');
    }
    yaml.append("processes:\n");
    for (String p : processes) {
      yaml.append(p);
    }
    validate(procfile.name(), yaml.toString());
    return yaml.toString();
  }

  /** Checks the descriptor as render would, and reports what it refuses against the Procfile. */
  private static void validate(String procfileName, String yaml) throws DescriptorException {
    String name = procfileName + " (imported)";
    try {
      DescriptorValidator.load(name, yaml);
    } catch (DescriptorException e) {
      List<Diagnostic> problems = new ArrayList<>();
      for (Diagnostic d : e.diagnostics()) {
        problems.add(Diagnostic.ofFile(procfileName, "the descriptor the import would print is refused at its line "
            + d.line() + ": " + d.message()));
      }
      throw new DescriptorException(problems);
    }
  }

  private static Diagnostic at(Input procfile, Procfile.Entry e, int column, String message) {
    return new Diagnostic(procfile.name(), e.line(), column, message, e.text());
  }

  /**
   * Ruby's {@code String#to_i}: leading white space, an optional sign, then digits (single
   * underscores between them allowed); anything else ends the number, and no digits read as 0.
   */
  static long rubyToI(String s) {
    int i = 0;
    while (i < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    long value = 0;
    boolean digit = false;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        value = Math.min(value * 10 + (c - '0'), 1L << 40);
        digit = true;
      } else if (!(c == '_' && digit && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) {
        break;
      }
      i++;
    }
    return negative ? -value : value;
  }

  /** Decodes a file as UTF-8, as Ruby's regular expressions need it; the first bad byte is a problem. */
  private static String decode(Input file, List<Diagnostic> problems) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(file.bytes())).toString();
    } catch (CharacterCodingException e) {
      String lenient = new String(file.bytes(), StandardCharsets.UTF_8);
      int bad = lenient.indexOf('\uFFFD');
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < Math.max(bad, 0); i++) {
        if (lenient.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      int lineEnd = lenient.indexOf('\n', lineStart);
      String text = lenient.substring(lineStart, lineEnd < 0 ? lenient.length() : lineEnd);
      problems.add(new Diagnostic(file.name(), line, bad < 0 ? 1 : lenient.codePointCount(lineStart, bad) + 1,
          "expected UTF-8 text, found a byte that is not UTF-8 (foreman fails on it too)", text));
      return "";
    }
  }
}
