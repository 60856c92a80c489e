package dev.procgen.targets;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.MissingWrapper;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import com.github.mustachejava.util.Wrapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Renders the Mustache templates under {@code templates/<target id>/} on the classpath.
 *
 * <p>Values arrive already escaped for their format, so HTML escaping is off; a key the template
 * names but the scope lacks is an error, never empty text. Each template is compiled once, the
 * first time a run needs it, and is then rendered by any number of threads at once (a compiled
 * Mustache.java template keeps no state of its own between executions).
 */
final class Templates {
  private static final DefaultMustacheFactory FACTORY = new RawMustacheFactory();
  /** Compiled templates by path; filled under the factory's lock, read without one. */
  private static final Map<String, Mustache> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Every template, by its path below {@code templates/} (TemplatesTest holds it to the folder), in
   * the order a run of every target first needs them: systemd's check renders its units.
   */
  static final List<String> ALL = List.of(
      "systemd/service.mustache", "systemd/target.mustache", "systemd/activate.sh.mustache",
      "upstart/job.conf.mustache", "upstart/activate.sh.mustache",
      "supervisor/app.conf.mustache", "supervisor/supervisord.conf.mustache", "supervisor/activate.sh.mustache",
      "rclocal/block.sh.mustache", "rclocal/activate.sh.mustache",
      "bash/run.sh.mustache", "bash/secrets.sh.mustache",
      "logrotate/app.mustache",
      "nginx/app.conf.mustache",
      "rollout/script.sh.mustache",
      "bootstrap/script.sh.mustache");

  private Templates() {}

  /**
   * Renders {@code templates/<target>/<name>.mustache} with {@code scope}.
   *
   * @throws MustacheException if the template names a key that {@code scope} does not provide
   */
  static String render(String target, String name, Object scope) {
    StringWriter out = new StringWriter();
    compiled(target + "/" + name + ".mustache").execute(out, scope);
    return out.toString();
  }

  /** Returns the template at {@code path} below {@code templates/}, compiling it on first use. */
  private static Mustache compiled(String path) {
    Mustache mustache = COMPILED.get(path);
    if (mustache == null) {
      // The factory compiles partials recursively through its own caches: one compile at a time.
      synchronized (FACTORY) {
        mustache = COMPILED.computeIfAbsent(path, FACTORY::compile);
      }
    }
    return mustache;
  }

  /**
   * Compiles every template now, for {@link Target#prepare}. Any thread may call it while others
   * render.
   */
  static void compileAll() {
    for (String path : ALL) {
      compiled(path);
    }
  }

  /**
   * Returns the list a template's optional section iterates: {@code value} alone, or nothing when
   * it is null.
   */
  static <T> List<T> section(T value) {
    return value == null ? List.of() : List.of(value);
  }

  /** Renders a template that reads no value, such as a fixed line. */
  static String render(String target, String name) {
    return render(target, name, Map.of());
  }

  /**
   * Opens {@code templates/<name>} on the class path, or returns null when there is none (the
   * factory then throws). Module.getResourceAsStream looks on the class path alone, where the
   * templates are; ClassLoader.getResource, which Mustache.java's own resolver calls, first asks the
   * boot and platform loaders, which search every JDK module for the name: about 6 ms of a cold
   * render for 13 templates (docs/performance.md).
   */
  private static Reader resource(String name) {
    try {
      InputStream in = Templates.class.getModule().getResourceAsStream("templates/" + name);
      return in == null ? null : new InputStreamReader(in, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class RawMustacheFactory extends DefaultMustacheFactory {
    RawMustacheFactory() {
      super(Templates::resource);
      setObjectHandler(new StrictObjectHandler());
    }

    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class StrictObjectHandler extends ReflectionObjectHandler {
    @Override
    public Wrapper find(String name, List<Object> scopes) {
      Wrapper wrapper = super.find(name, scopes);
      if (wrapper instanceof MissingWrapper) {
        throw new MustacheException("template names '" + name + "', which the target did not provide");
      }
      return wrapper;
    }
  }
}
