package dev.procgen.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.procgen.Cli;

import dev.procgen.output.FileProblem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The crash guard tells the file system's refusals from procgen's own bugs. */
class ProcgenCommandTest {
  @Test
  void fileSystemFailuresAreErrorsNotCrashes() {
    assertEquals("cannot write out/x: no space left on device",
        ProcgenCommand.ioFailure(new FileProblem("cannot write", Path.of("out/x"), new IOException("No space left on device"))));
    assertEquals("cannot use out/y: permission denied",
        ProcgenCommand.ioFailure(new UncheckedIOException(new AccessDeniedException("out/y"))));
    assertEquals("read-only file system", ProcgenCommand.ioFailure(new IOException("Read-only file system")));
  }

  @Test
  void anythingElseIsAnInternalError() {
    assertNull(ProcgenCommand.ioFailure(new IllegalStateException("a bug")));
    assertNull(ProcgenCommand.ioFailure(new NullPointerException()));
  }

  @Test
  void schemaPrintsTheCommittedSchemaFileByteForByte() throws IOException {
    byte[] file = Files.readAllBytes(Path.of("schema/procgen-descriptor.schema.json"));
    try (Cli cli = new Cli()) {
      Cli.Result result = cli.run("schema");
      assertEquals(0, result.exit(), result.err());
      assertEquals("", result.err());
      assertEquals(new String(file, StandardCharsets.UTF_8), result.out());
      assertTrue(result.out().startsWith("{\n  \"$schema\": \"http://json-schema.org/draft-07/schema#\""), result.out());
    }
  }

  @Test
  void helpListsTheSchemaCommand() {
    try (Cli cli = new Cli()) {
      Cli.Result result = cli.run("help", "schema");
      assertEquals(0, result.exit(), result.err());
      assertTrue(result.out().contains("Usage: procgen schema"), result.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
