package dev.procgen;

import dev.procgen.descriptor.DescriptorValidator;
import dev.procgen.model.App;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** The values of the hostile golden case, {@code golden/hostile/app.yaml}, for real-tool tests. */
final class HostileCorpus {
  private HostileCorpus() {}

  private static App app() {
    try {
      String text = Files.readString(Golden.root().resolve("hostile/app.yaml"), StandardCharsets.UTF_8);
      return DescriptorValidator.load("hostile/app.yaml", text);
    } catch (Exception e) {
      throw new IllegalStateException("the hostile golden case must load", e);
    }
  }

  /** Returns the corpus's environment, in descriptor order. */
  static Map<String, String> environment() {
    return app().environment();
  }

  /** Returns every distinct value of the corpus: environment values, then command arguments. */
  static List<String> values() {
    App app = app();
    LinkedHashSet<String> values = new LinkedHashSet<>(app.environment().values());
    List<String> command = app.processes().get(0).command();
    values.addAll(command.subList(1, command.size()));
    return new ArrayList<>(values);
  }

  /** Returns the values a systemd unit can carry: those without control characters. */
  static List<String> valuesWithoutControlCharacters() {
    return values().stream().filter(v -> v.chars().noneMatch(c -> c < 0x20 || c == 0x7f)).toList();
  }
}
