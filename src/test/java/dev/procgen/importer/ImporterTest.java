package dev.procgen.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.descriptor.DescriptorValidator;
import dev.procgen.diagnostic.DescriptorException;
import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.model.App;
import dev.procgen.model.Process;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The import end to end: what the printed descriptor says, read back by procgen's own validator. */
class ImporterTest {
  private static final String ROOT = "/srv/shop";

  private static Importer.Options options(String formation, Integer port) {
    return new Importer.Options(Optional.ofNullable(formation), port == null ? OptionalInt.empty() : OptionalInt.of(port),
        Optional.empty(), Optional.empty(), Optional.empty());
  }

  private static String run(String procfile, String env, Importer.Options options) throws DescriptorException {
    List<Importer.Input> envs = env == null ? List.of()
        : List.of(new Importer.Input(".env", env.getBytes(StandardCharsets.UTF_8)));
    return Importer.importProcfile(new Importer.Input("Procfile", procfile.getBytes(StandardCharsets.UTF_8)), ROOT, envs,
        options);
  }

  private static App load(String yaml) throws DescriptorException {
    return DescriptorValidator.load("imported.yaml", yaml);
  }

  private static Process process(App app, String name) {
    return app.processes().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> errors(String procfile, String env, Importer.Options options) {
    DescriptorException e = assertThrows(DescriptorException.class, () -> run(procfile, env, options));
    return e.diagnostics().stream().map(Diagnostic::format).toList();
  }

  @Test
  void portsFollowProcfileOrderCountingTypesThatRunZeroTimes() throws Exception {
    String yaml = run("web: a\nclock: b\nworker: c\n", null, options("web=2,worker=3", null));
    App app = load(yaml);
    assertEquals(List.of("web", "worker"), app.processes().stream().map(Process::name).toList());
    assertEquals(5000, process(app, "web").port().getAsInt());
    assertEquals(2, process(app, "web").instances());
    assertEquals(5200, process(app, "worker").port().getAsInt());
    assertEquals(3, process(app, "worker").instances());
    assertTrue(yaml.lines().anyMatch(l -> l.startsWith("# Not imported: clock")), yaml);
    assertEquals("app", app.name());
    assertEquals(Optional.of(ROOT), app.directory());
  }

  @Test
  void theBasePortIsTheOptionThenTheDotEnvsThenTheInheritedOne() throws Exception {
    assertEquals(6000, process(load(run("web: a\n", "PORT=3000\n", options(null, 6000))), "web").port().getAsInt());
    String fromEnv = run("web: a\nworker: b\n", "PORT=3000abc\n", options(null, null));
    assertEquals(3100, process(load(fromEnv), "worker").port().getAsInt());
    assertFalse(load(fromEnv).environment().containsKey("PORT"), "foreman sets PORT per instance over the file's");
    assertTrue(fromEnv.contains("PORT from .env is not in environment"), fromEnv);
    Importer.Options inherited = new Importer.Options(Optional.empty(), OptionalInt.empty(), Optional.empty(),
        Optional.empty(), Optional.of("4000"));
    assertEquals(4000, process(load(run("web: a\n", null, inherited)), "web").port().getAsInt());
  }

  @Test
  void portAndDotEnvReferencesBecomeWhatForemanRuns() throws Exception {
    String env = "APP=shop\nWORDS=\"two words\"\nEMPTY=\n";
    App app = load(run("web: bin/x --port=$PORT $PORTAL --app $APP $WORDS $EMPTY end\n"
        + "one: /bin/x $PS\n", env, options(null, null)));
    // A relative program keeps its argv[0] through the shell's exec.
    assertEquals(List.of("/bin/sh", "-c", "exec bin/x --port={port} {port}AL --app shop two words end"),
        process(app, "web").command());
    assertEquals(List.of("/bin/x", "one.1"), process(app, "one").command());
    assertEquals(Map.of("APP", "shop", "WORDS", "two words", "EMPTY", ""), app.environment());
  }

  @Test
  void aCommandWithShellSyntaxRunsThroughTheShellWithAComment() throws Exception {
    String yaml = run("web: python app.py --port ${PORT} > log.txt && echo $HOME $PORT \"$A\"\n", "A='x y'\n",
        options(null, null));
    App app = load(yaml);
    assertEquals(List.of("/bin/sh", "-c", "python app.py --port ${PORT} > log.txt && echo $HOME {port} \"x y\""),
        process(app, "web").command());
    assertTrue(yaml.contains("# foreman runs this command through /bin/sh -c"), yaml);
    assertTrue(yaml.contains("The shell reads $HOME from the service's own environment"), yaml);
  }

  @Test
  void theHeaderNamesPsAndEveryIgnoredLine() throws Exception {
    String yaml = run("web: a\nworker: b\nnot a process\n", "export X=1\nA=1\n", options("web=2,worker=1", null));
    List<String> comments = yaml.lines().filter(l -> l.startsWith("#")).toList();
    assertTrue(comments.stream().anyMatch(l -> l.contains("PS") && l.contains("web.1, web.2, worker.1")), yaml);
    assertTrue(comments.stream().anyMatch(l -> l.contains("Procfile:3") && l.contains("\"not a process\"")), yaml);
    assertTrue(comments.stream().anyMatch(l -> l.contains(".env:1") && l.contains("\"export X=1\"")), yaml);
  }

  @Test
  void hostileValuesRoundTripExactly() throws Exception {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("QUOTES", "it's \"q\" `x`");
    values.put("BACKSLASH", "C:\\path\\ end\\");
    values.put("PERCENT", "50% %i %%");
    values.put("HASH", "a #b: c - d");
    values.put("LEAD", "  both ends  ");
    values.put("UNICODE", "grüße 日本語 🚀 \u00a0nbsp");
    values.put("LINES", "a\nb\tc\u2028d\u0085e\u0001f\ufeff");
    values.put("YAML", "yes");
    values.put("NULL", "~");
    StringBuilder env = new StringBuilder();
    values.forEach((k, v) -> env.append(k).append("='").append(v.replace("\n", "\\n")).append("'\n"));
    // Single quotes keep \n as two characters; the line break comes from a double-quoted value.
    env.append("LINES=\"a\\nb\tc\u2028d\u0085e\u0001f\ufeff\"\n");
    App app = load(run("web: /bin/x\n", env.toString(), options(null, null)));
    assertEquals(values, app.environment());
  }

  @Test
  void hostileWordsRoundTripExactly() throws Exception {
    App app = load(run("web: /bin/x a%b é:x -+- \u00a0 50% a,b\n", null, options(null, null)));
    assertEquals(List.of("/bin/x", "a%b", "é:x", "-+-", "\u00a0", "50%", "a,b"), process(app, "web").command());
  }

  @Test
  void theOutputIsTheSameEveryTime() throws Exception {
    String procfile = "b: x\na: y $A\n";
    String env = "Z=1\nA=2\n";
    assertEquals(run(procfile, env, options("all=2", 7000)), run(procfile, env, options("all=2", 7000)));
  }

  @Test
  void everyProblemIsReportedAtItsPosition() {
    List<String> errors = errors("Web: a\nweb: b $PS\nweb: c\nlit: d {port}\n", "1X=a\n", options("web=2,all=1", null));
    String all = String.join("\n", errors);
    assertTrue(all.contains(".env:1:1: error: expected a variable name that procgen can set"), all);
    assertTrue(all.contains("Procfile:3:1: error: expected each process type once, found 'web' again"), all);
    assertTrue(all.contains("Procfile:1:1: error: expected a process type that procgen can name"), all);
    assertTrue(all.contains("Procfile:2:6: error: the command uses $PS"), all);
    assertTrue(all.contains("Procfile:4:6: error: the command (after foreman replaces $NAME) holds the text {port}"), all);
    String ports = String.join("\n", errors("a: x\nb: y\n", null, options("all=2", 65435)));
    assertTrue(ports.contains("Procfile:2:1: error: b would listen on port 65535 to 65536"), ports);
    assertFalse(ports.contains("Procfile:1:1"), ports);
    String zero = String.join("\n", errors("a: x\n", "PORT=none\n", options(null, null)));
    assertTrue(zero.contains("Procfile:1:1: error: a would listen on port 0 (base port 0 from PORT in .env"), zero);
  }

  @Test
  void optionsAreCheckedByName() {
    Importer.Options bad = new Importer.Options(Optional.of("web=x"), OptionalInt.empty(), Optional.of("My App"),
        Optional.of("Root"), Optional.empty());
    String all = String.join("\n", errors("web: a\n", null, bad));
    assertTrue(all.contains("--formation: error:"), all);
    assertTrue(all.contains("--app: error:"), all);
    assertTrue(all.contains("--user: error:"), all);
    assertTrue(String.join("\n", errors("web: a\n", null, options("web=0", null)))
        .contains("--formation: error: expected a formation that runs at least one process"));
    assertTrue(String.join("\n", errors("# nothing\n", null, options(null, null)))
        .contains("Procfile: error: expected at least one process line"));
  }

  @Test
  void aUserAndAnAppAreWrittenAsGiven() throws Exception {
    Importer.Options o = new Importer.Options(Optional.empty(), OptionalInt.empty(), Optional.of("shop"),
        Optional.of("www-data"), Optional.empty());
    App app = load(run("web: a\n", null, o));
    assertEquals("shop", app.name());
    assertEquals(Optional.of("www-data"), app.user());
  }

  @Test
  void aValueThatMakesRubyFailIsRefused() {
    String all = String.join("\n", errors("web: a $K\n", "K='\\k<x>'\n", options(null, null)));
    assertTrue(all.contains("Procfile:1:6: error: foreman cannot run this command"), all);
  }
}
