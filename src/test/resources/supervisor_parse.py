# Parses a supervisord config with supervisor's own code (ServerOptions.realize), the way
# supervisord reads it, and prints each program's argv (shlex.split, as supervisord execs it) and
# environment, NUL-separated: P name, A word..., E KEY=value...
import sys, shlex
from supervisor.options import ServerOptions
conf = sys.argv[1]
o = ServerOptions()
o.realize(args=["-c", conf])
out = sys.stdout.buffer
for group in o.process_group_configs:
    for pc in group.process_configs:
        out.write(b"P\0" + pc.name.encode() + b"\0")
        for w in shlex.split(pc.command):
            out.write(b"A\0" + w.encode() + b"\0")
        for k, v in sorted((pc.environment or {}).items()):
            out.write(b"E\0" + k.encode() + b"=" + v.encode() + b"\0")
