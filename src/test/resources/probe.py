#!/usr/bin/python3
# The tests' probe (see Probe.java). It records how it was started into
# <the folder of the real probe file>/reports/<name>, where name is $PORT when set and otherwise
# the base name it was run under (probe, su, supervisord, ...); a later start under the same name
# writes <name>.2, <name>.3 and so on. Then:
#   - run as "su", it runs the command after -c with the shell after -s, as su would once it had
#     switched users;
#   - with PROBE_EXIT set, it exits with that status;
#   - otherwise it stays alive until it is stopped, like a service.
# A report is NUL-terminated fields: the program as run (argv[0]), the number of arguments, the
# arguments, the number of recorded environment variables, NAME=value for each P_*, PORT and
# VIRTUAL_ENV (or for every variable, when the name it was run under starts with "allenv"), the
# working directory, Python's sys.prefix, the real and effective uid, the real and effective gid,
# and the supplementary groups, comma-separated in the kernel's order.
import os
import sys
import time

program = sys.argv[0]
name = os.path.basename(program)
reports = os.path.join(os.path.dirname(os.path.realpath(__file__)), "reports")
label = os.environ.get("PORT") or name

env = os.environb
everything = name.startswith("allenv")
recorded = sorted(k for k in env if everything or k.startswith(b"P_") or k in (b"PORT", b"VIRTUAL_ENV"))
fields = [program, str(len(sys.argv) - 1)] + sys.argv[1:]
fields += [str(len(recorded))] + [k + b"=" + env[k] for k in recorded]
fields += [os.getcwd(), sys.prefix]
fields += ["%d %d" % (os.getuid(), os.geteuid()), "%d %d" % (os.getgid(), os.getegid())]
fields += [",".join(str(g) for g in os.getgroups())]

tmp = os.path.join(reports, ".%s.%d.tmp" % (label, os.getpid()))
with open(tmp, "wb") as f:
    f.write(b"".join(os.fsencode(x) + b"\0" for x in fields))
number = 1
while True:
    try:
        # A hard link appears whole and fails if the name is taken: no reader sees half a report.
        os.link(tmp, os.path.join(reports, label if number == 1 else "%s.%d" % (label, number)))
        break
    except FileExistsError:
        number += 1
os.unlink(tmp)

if name == "su":
    args = sys.argv[1:]
    shell = args[args.index("-s") + 1] if "-s" in args else "/bin/sh"
    os.execv(shell, [shell, "-c", args[args.index("-c") + 1]])
if "PROBE_EXIT" in os.environ:
    sys.exit(int(os.environ["PROBE_EXIT"]))
while True:
    time.sleep(3600)
