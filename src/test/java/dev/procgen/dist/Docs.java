package dev.procgen.dist;

import dev.procgen.Main;
import dev.procgen.cli.ProcgenCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.asciidoctor.Asciidoctor;
import org.asciidoctor.Attributes;
import org.asciidoctor.Options;
import org.asciidoctor.SafeMode;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes, at build time, the documents the Debian package installs: the man pages procgen(1),
 * procgen-render(1) and one per other subcommand, and the bash completion script. Maven runs it in
 * the prepare-package phase (pom.xml, exec-maven-plugin); it lives with the tests so that its
 * libraries stay out of procgen's jar.
 *
 * <p>The man pages come from the same command model that parses procgen's arguments:
 * picocli-codegen's {@link ManPageGenerator} writes each command as AsciiDoc, {@code
 * src/man/procgen.extra.adoc} adds the sections a model does not hold (exit status, examples,
 * files, see also) to procgen(1), and AsciidoctorJ's manpage backend turns each page into roff
 * (man(7) macros). The completion script is what {@code procgen completion bash} prints. Every
 * output is byte-for-byte the same for the same sources: the date in each page's title line is
 * the build's {@code project.build.outputTimestamp}, and the gzip files carry no name or time
 * (as {@code gzip -9n} writes them, which Debian Policy 12.3 asks of manual pages).
 *
 * <p>Arguments: the build folder ({@code target}), the version, the output timestamp (ISO 8601,
 * only its date is used) and the project folder. It writes {@code target/man/*.1} (roff, for
 * {@code man -l}), {@code target/procgen.1}, and for the package {@code target/deb/man/*.1.gz},
 * {@code target/deb/procgen.bash} and {@code target/deb/changelog.gz} (from {@code
 * src/deb/changelog}).
 */
public final class Docs {
  private Docs() {}

  /**
   * Writes every document.
   *
   * @param args the build folder, the version, the output timestamp and the project folder
   * @throws IOException when a file cannot be read or written
   */
  public static void main(String[] args) throws IOException {
    Path target = Path.of(args[0]);
    String version = args[1];
    String date = args[2].substring(0, 10);
    Path project = Path.of(args[3]);
    Path adoc = clean(target.resolve("man-adoc"));
    Path man = clean(target.resolve("man"));
    Path deb = clean(target.resolve("deb"));
    Files.createDirectories(deb.resolve("man"));

    CommandLine root = ProcgenCommand.commandLine(FileSystems.getDefault(), System.out, System.err);
    forManPages(root);
    ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, root.getCommandSpec());
    String extra = Files.readString(project.resolve("src/man/procgen.extra.adoc"), StandardCharsets.UTF_8);
    Path main = adoc.resolve("procgen.adoc");
    String page = Files.readString(main, StandardCharsets.UTF_8);
    String footer = "// tag::picocli-generated-man-section-footer[]";
    if (!page.contains(footer)) {
      throw new IllegalStateException("no footer section in " + main + ": picocli-codegen changed its layout");
    }
    Files.writeString(main, page.replace(footer, extra + "\n" + footer), StandardCharsets.UTF_8);

    List<Path> pages;
    try (Stream<Path> s = Files.list(adoc)) {
      pages = s.filter(p -> p.toString().endsWith(".adoc")).sorted().toList();
    }
    Attributes attributes = Attributes.builder()
        .attribute("mansource", "procgen " + version)
        .attribute("manmanual", "procgen Manual")
        .attribute("revnumber", version)
        .attribute("docdate", date)
        .attribute("revdate", date)
        .attribute("author", "The procgen developers")
        .build();
    try (Asciidoctor asciidoctor = Asciidoctor.Factory.create()) {
      for (Path p : pages) {
        String name = p.getFileName().toString().replaceFirst("\\.adoc$", ".1");
        asciidoctor.convertFile(p.toFile(), Options.builder().backend("manpage").standalone(true)
            .safe(SafeMode.UNSAFE).attributes(attributes).toFile(man.resolve(name).toFile()).build());
        gzip(man.resolve(name), deb.resolve("man").resolve(name + ".gz"));
      }
    }
    Files.copy(man.resolve("procgen.1"), target.resolve("procgen.1"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    // bash-completion sources the file; lintian asks for no #! line in it (bash-completion-with-hashbang).
    String completion = new String(run("completion", "bash"), StandardCharsets.UTF_8);
    if (completion.startsWith("#!")) {
      completion = completion.substring(completion.indexOf('\n') + 1);
    }
    Files.writeString(deb.resolve("procgen.bash"), completion, StandardCharsets.UTF_8);
    // The package's version, as jdeb writes it into the control file (a Maven -SNAPSHOT sorts
    // before its release in Debian as ~snapshot, lower case as jdeb writes it).
    String debianVersion = version.replace("-SNAPSHOT", "~snapshot");
    Path changelog = deb.resolve("changelog");
    Files.writeString(changelog, Files.readString(project.resolve("src/deb/changelog"), StandardCharsets.UTF_8)
        .replace("@VERSION@", debianVersion), StandardCharsets.UTF_8);
    gzip(changelog, deb.resolve("changelog.gz"));
    Files.delete(changelog);
  }

  /**
   * Gives the render, check and diff pages their targets table as a section: in {@code --help}
   * it is a footer without a heading, and picocli-codegen writes a footer only under a heading.
   */
  private static void forManPages(CommandLine root) {
    for (CommandLine sub : root.getSubcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      List<String> footer = new ArrayList<>(Arrays.asList(spec.usageMessage().footer()));
      while (!footer.isEmpty() && footer.get(0).isEmpty()) {
        footer.remove(0);
      }
      if (!footer.isEmpty() && footer.get(0).equals("Targets:")) {
        footer.remove(0);
        spec.usageMessage().footerHeading("Targets").footer(footer.toArray(new String[0]));
      }
    }
  }

  /** Runs procgen in this JVM and returns what it printed; fails unless it exits 0. */
  private static byte[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      exit = Main.run(FileSystems.getDefault(), o, e, args);
    }
    if (exit != 0) {
      throw new IllegalStateException("procgen " + String.join(" ", args) + " exited " + exit + ": "
          + err.toString(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  /**
   * Compresses {@code from} into {@code to} as {@code gzip -9n} does: the best level, marked as
   * such in the header (RFC 1952, XFL = 2), with no file name and no time.
   */
  private static void gzip(Path from, Path to) throws IOException {
    GzipParameters p = new GzipParameters();
    p.setCompressionLevel(Deflater.BEST_COMPRESSION);
    p.setModificationTime(0);
    p.setOperatingSystem(3);
    try (OutputStream file = Files.newOutputStream(to);
        GzipCompressorOutputStream z = new GzipCompressorOutputStream(file, p)) {
      z.write(Files.readAllBytes(from));
    }
  }

  /** Empties and returns {@code dir}, creating it when absent. */
  private static Path clean(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
    return Files.createDirectories(dir);
  }
}
