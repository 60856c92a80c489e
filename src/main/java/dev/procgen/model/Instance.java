package dev.procgen.model;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One running copy of a process.
 *
 * @param process the process it is a copy of
 * @param index the copy's number, counting from 0
 */
public record Instance(Process process, int index) {

  /** Checks that the index lies within the process's instances. */
  public Instance {
    if (index < 0 || index >= process.instances()) {
      throw new IllegalArgumentException("instance index out of range: " + index);
    }
  }

  /** Returns this copy's TCP port, {@code port + index}, if the process has a port. */
  public OptionalInt port() {
    OptionalInt first = process.port();
    return first.isPresent() ? OptionalInt.of(first.getAsInt() + index) : OptionalInt.empty();
  }

  /**
   * Returns the instance's id: its port when the process has one, otherwise its number counting
   * from 1. Used in job, unit and file names.
   */
  public String id() {
    OptionalInt p = port();
    return p.isPresent() ? Integer.toString(p.getAsInt()) : Integer.toString(index + 1);
  }

  /** Returns the command with {@code {port}} replaced by this copy's port in every word. */
  public List<String> argv() {
    return process.command().stream().map(this::substitutePort).toList();
  }

  /** Returns the bind address with {@code {port}} replaced, if the process has one. */
  public Optional<String> bind() {
    return process.bind().map(this::substitutePort);
  }

  private String substitutePort(String word) {
    OptionalInt p = port();
    return p.isPresent() ? word.replace(Process.PORT_PLACEHOLDER, Integer.toString(p.getAsInt())) : word;
  }
}
