# Parses supervisord configs with supervisor's own code (ServerOptions.realize), the way
# supervisord reads them, and prints each program's argv (shlex.split, as supervisord execs it)
# and environment, NUL-separated. Every *.conf file directly in the folder given is parsed, in
# name order, in this one process: F file, then P name, A word..., E KEY=value... for each of its
# programs, or X message when supervisord would refuse the file.
import io, os, shlex, sys
from supervisor.options import ServerOptions

folder = sys.argv[1]
out = sys.stdout.buffer

def field(tag, text):
    out.write(tag + b"\0" + text.encode("utf-8", "surrogateescape") + b"\0")

for name in sorted(f for f in os.listdir(folder) if f.endswith(".conf")):
    field(b"F", name)
    err, sys.stderr = sys.stderr, io.StringIO()
    try:
        o = ServerOptions()
        o.realize(args=["-c", os.path.join(folder, name)])
    except SystemExit:
        field(b"X", sys.stderr.getvalue().strip())
        continue
    finally:
        err, sys.stderr = sys.stderr, err
    for group in o.process_group_configs:
        for pc in group.process_configs:
            field(b"P", pc.name)
            for w in shlex.split(pc.command):
                field(b"A", w)
            for k, v in sorted((pc.environment or {}).items()):
                field(b"E", k + "=" + v)
