package dev.procgen.model;

import java.util.Objects;

/**
 * One resource limit a process starts with, its soft and hard limit both set to one value, as
 * setrlimit(2) sets it.
 *
 * @param resource the resource
 * @param value the limit in the resource's unit (files, processes or bytes), or {@link #UNLIMITED}
 */
public record Limit(Resource resource, long value) {
  /** The value that stands for no limit: {@code RLIM_INFINITY}, {@code unlimited} in the descriptor. */
  public static final long UNLIMITED = -1;

  /** Checks the value against the resource's range; throws IllegalArgumentException. */
  public Limit {
    Objects.requireNonNull(resource, "resource");
    if (value == UNLIMITED ? !resource.mayBeUnlimited() : value < resource.min() || value > resource.max()) {
      throw new IllegalArgumentException("limits." + resource.id() + " out of range: " + value);
    }
  }

  /** Returns true when the limit is {@code RLIM_INFINITY}. */
  public boolean unlimited() {
    return value == UNLIMITED;
  }

  /**
   * A resource of setrlimit(2) that the descriptor can limit, named as setrlimit(2), Upstart's
   * {@code limit} stanza (init(5)) and bash's {@code ulimit} name it.
   */
  public enum Resource {
    /**
     * Open files, {@code RLIMIT_NOFILE}: 1 to 1073741816, the most the kernel lets {@code
     * fs.nr_open} be (proc(5)); never unlimited, which the kernel refuses.
     */
    NOFILE("nofile", "open files", "files", 1, 1_073_741_816L, false, 'n'),
    /** Processes (threads) of the user, {@code RLIMIT_NPROC}: 1 to 4194304 ({@code PID_MAX_LIMIT}), or unlimited. */
    NPROC("nproc", "processes", "processes", 1, 4_194_304L, true, 'u'),
    /** The largest core dump, {@code RLIMIT_CORE}, in bytes: 0 (none) or more, or unlimited. */
    CORE("core", "core file size", "bytes", 0, Long.MAX_VALUE, true, 'c'),
    /** Memory locked in RAM, {@code RLIMIT_MEMLOCK}, in bytes: 0 or more, or unlimited. */
    MEMLOCK("memlock", "locked memory", "bytes", 0, Long.MAX_VALUE, true, 'l');

    private final String id;
    private final String what;
    private final String unit;
    private final long min;
    private final long max;
    private final boolean mayBeUnlimited;
    private final char ulimitOption;

    Resource(String id, String what, String unit, long min, long max, boolean mayBeUnlimited, char ulimitOption) {
      this.id = id;
      this.what = what;
      this.unit = unit;
      this.min = min;
      this.max = max;
      this.mayBeUnlimited = mayBeUnlimited;
      this.ulimitOption = ulimitOption;
    }

    /** Returns the descriptor's key and Upstart's name, for example {@code nofile}. */
    public String id() {
      return id;
    }

    /** Returns what it limits, as bash's {@code ulimit -a} says it, for example {@code open files}. */
    public String what() {
      return what;
    }

    /** Returns the unit of its value: {@code files}, {@code processes} or {@code bytes}. */
    public String unit() {
      return unit;
    }

    /** Returns true when the value is in bytes. */
    public boolean inBytes() {
      return unit.equals("bytes");
    }

    /** Returns the smallest value. */
    public long min() {
      return min;
    }

    /** Returns the largest value other than unlimited. */
    public long max() {
      return max;
    }

    /** Returns true when the resource may be unlimited. */
    public boolean mayBeUnlimited() {
      return mayBeUnlimited;
    }

    /** Returns bash's {@code ulimit} option for it (bash(1), "ulimit"), for example {@code n}. */
    public char ulimitOption() {
      return ulimitOption;
    }

    /** Returns the resource with the descriptor key {@code id}, or null. */
    public static Resource byId(String id) {
      for (Resource r : values()) {
        if (r.id.equals(id)) {
          return r;
        }
      }
      return null;
    }
  }
}
