package dev.procgen.compiler;

import dev.procgen.diagnostic.Diagnostic;
import dev.procgen.plan.LaunchPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Warns about {@code environment} values that look like secrets, which the generated files, and
 * so the repository, would carry in clear: a variable whose name holds {@code PASSWORD}, {@code
 * SECRET}, {@code TOKEN} or {@code KEY}, or whose value is a URL with a password ({@code
 * scheme://user:password@host}, RFC 3986's userinfo). Each warning names the variable, never its
 * value, and suggests {@code secrets}.
 */
public final class SecretLint {
  private static final List<String> WORDS = List.of("PASSWORD", "SECRET", "TOKEN", "KEY");
  /** A URL whose userinfo holds a password: scheme, "://", user, ':', a non-empty password, '@'. */
  private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://[^/?#@:]*:[^/?#@]+@.*",
      Pattern.DOTALL);

  private SecretLint() {}

  /** Returns a warning for each environment variable of {@code plans} that looks like a secret. */
  public static List<Diagnostic> check(List<LaunchPlan> plans) {
    List<Diagnostic> warnings = new ArrayList<>();
    for (LaunchPlan plan : plans) {
      for (Map.Entry<String, String> e : plan.app().environment().entrySet()) {
        String name = e.getKey();
        String why = null;
        String upper = name.toUpperCase(Locale.ROOT);
        for (String word : WORDS) {
          if (why == null && upper.contains(word)) {
            why = "its name holds " + word;
          }
        }
        if (why == null && URL_WITH_PASSWORD.matcher(e.getValue()).matches()) {
          why = "its value is a URL with a password";
        }
        if (why != null && !e.getValue().isEmpty()) {
          String key = "environment." + name;
          warnings.add(Diagnostic.warningAt(plan.origin(), key, key + ": looks like a secret (" + why + "), which every "
              + "generated file and so the repository would hold in clear; move it to secrets (secrets: [" + name
              + "]) and put its value in " + plan.secretsFile() + " on the host"));
        }
      }
    }
    return warnings;
  }
}
