package dev.procgen.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Builds picocli command models in code. procgen declares its commands with picocli's programmatic
 * API instead of its annotations: reading annotations makes the JDK parse them and generate a proxy
 * class per annotation type on every run, and that was about a fifth of a cold render
 * (docs/performance.md). The help and error texts are the ones the annotations gave.
 */
final class Specs {
  private Specs() {}

  /**
   * Adds {@code -h, --help} and {@code -V, --version} to {@code spec}, worded as picocli's {@code
   * mixinStandardHelpOptions} words them.
   *
   * @return {@code spec}
   */
  static CommandSpec standardHelpOptions(CommandSpec spec) {
    spec.addOption(flag("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    spec.addOption(flag("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
    return spec;
  }

  /**
   * Returns a builder for an option that takes no value and is true when given. Its arity is left
   * to picocli, as for an annotated boolean field, so that {@code --force=true} is taken as before.
   */
  static OptionSpec.Builder flag(String... names) {
    return OptionSpec.builder(names).type(boolean.class);
  }

  /** Returns whether the flag named {@code name} was given. */
  static boolean isSet(CommandSpec spec, String name) {
    return Boolean.TRUE.equals(spec.findOption(name).getValue());
  }
}
