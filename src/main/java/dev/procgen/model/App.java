package dev.procgen.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated app descriptor: the values as written, single missing values filled in (description,
 * log level, respawn), and no default that depends on other values; the launch plan ({@link
 * dev.procgen.plan.Planner}) resolves it and applies those (bin_dir, log.dir, bind).
 *
 * <p>A complete descriptor, with every key of version 1 (docs/descriptor.md describes each):
 *
 * <pre>{@code
 * app: django-project
 * description: Django Project
 * user: www
 * group: www
 * directory: /home/user/django-project
 * virtualenv: /home/user/.virtualenvs/django-project
 * bin_dir: /home/user/django-project/bin
 * environment:
 *   DJANGO_SETTINGS_MODULE: project.settings
 * secrets:
 *   - DATABASE_URL
 * secrets_file: /etc/django-project/secrets.env
 * log:
 *   dir: /home/user/logs
 *   level: debug
 *   rotate:
 *     by: logrotate
 *     size: 50M
 *     keep: 10
 * respawn:
 *   limit: 10
 *   interval: 5
 * stop:
 *   signal: TERM
 *   timeout: 30
 * reload:
 *   signal: HUP
 * limits:
 *   nofile: 65536
 * supervisor:
 *   home: /home/user/supervisor
 * hardening: standard
 * proxy:
 *   listen: 80
 *   server_name: example.com
 *   process: web
 * processes:
 *   web:
 *     command: python manage.py run_gunicorn
 *     server: gunicorn
 *     workers: 3
 *     bind: 127.0.0.1:8000
 *     instances: 1
 *     health: /healthz
 *     stop:
 *       timeout: 60
 * }</pre>
 *
 * @param name the app name, {@code [a-z][a-z0-9_-]*}; names files, jobs, units and groups
 * @param description one line of human text
 * @param user the account the processes run as; empty means the init system's default (root)
 * @param group the processes' group; empty means the user's primary group
 * @param directory the absolute working directory; empty means none is set
 * @param virtualenv the absolute path of a Python virtualenv activated before the command
 * @param binDir the absolute directory the run scripts are installed in, if the descriptor sets
 *     one; the launch plan applies the default
 * @param environment variables passed to every process exactly as written, in descriptor order
 * @param secrets the names of the variables whose values the host keeps in the secrets file, in
 *     descriptor order, each once; no value is ever in the descriptor or a generated file
 * @param secretsFile the absolute path of the secrets file, if the descriptor sets one; the
 *     launch plan applies the default, {@code /etc/<app>/secrets.env}
 * @param log where and how much the processes log
 * @param respawn the restart limit
 * @param supervisorHome the absolute directory of a per-app supervisord's config, socket, pidfile
 *     and log; empty means the system supervisord's layout
 * @param controls the app-level {@code stop}, {@code reload}, {@code limits} and {@code log.rotate},
 *     which each process's own replace key by key
 * @param hardening how far systemd locks the app's services down
 * @param proxy the front-end proxy to the instances of one process, if the descriptor has one
 * @param processes the processes, in descriptor order, at least one
 * @param origin where the values came from, for error messages
 */
public record App(
    String name,
    String description,
    Optional<String> user,
    Optional<String> group,
    Optional<String> directory,
    Optional<String> virtualenv,
    Optional<String> binDir,
    Map<String, String> environment,
    List<String> secrets,
    Optional<String> secretsFile,
    LogSettings log,
    Respawn respawn,
    Optional<String> supervisorHome,
    Controls controls,
    Hardening hardening,
    Optional<Proxy> proxy,
    List<Process> processes,
    Origin origin) {

  /** Copies the collections and checks the paths; throws IllegalArgumentException. */
  public App {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(controls, "controls");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(hardening, "hardening");
    environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    secrets = List.copyOf(secrets);
    HostPaths.requireAbsolute(secretsFile, "secrets_file");
    processes = List.copyOf(processes);
    if (processes.isEmpty()) {
      throw new IllegalArgumentException("an app has at least one process");
    }
    HostPaths.requireAbsolute(binDir, "bin_dir");
    HostPaths.requireAbsolute(directory, "directory");
    HostPaths.requireAbsolute(virtualenv, "virtualenv");
    HostPaths.requireAbsolute(supervisorHome, "supervisor.home");
  }
}
