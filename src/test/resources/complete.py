"""Types command lines into an interactive bash on a pseudo-terminal and presses TAB.

Usage: complete.py SHELL SCRIPT DIR LINE...

SHELL (bash or zsh) runs interactively with no startup files in DIR (zsh loads compinit, its
completion system), sources the completion SCRIPT, and defines a shell
function named procgen that prints its arguments between markers, so that no procgen runs. For
each LINE it types the line, one TAB and Enter, and waits for the function's output: readline
has then completed the line (a single match) or listed the matches (several: bash with
show-all-if-ambiguous, zsh by default). It prints one JSON object per LINE: the terminal output between the
typed line and the function's, and the arguments the function received.
"""
import json
import os
import pty
import select
import sys
import time

DEADLINE = 20.0


def main():
    shell, script, folder, lines = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(folder)
        env = {"PATH": os.environ["PATH"], "TERM": "dumb", "HOME": folder, "INPUTRC": "/dev/null",
               "PS1": "$ ", "LC_ALL": "C.UTF-8"}
        if shell == "zsh":
            env["PS1"] = "%% "
            os.execvpe("zsh", ["zsh", "-f", "-i"], env)
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
    buffer = b""

    def wait_for(marker):
        nonlocal buffer
        end = time.monotonic() + DEADLINE
        while marker not in buffer:
            left = end - time.monotonic()
            if left <= 0:
                raise SystemExit("timed out waiting for %r; terminal so far: %r" % (marker, buffer))
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    raise SystemExit("the shell exited; terminal so far: %r" % buffer)
                buffer += chunk
        at = buffer.index(marker) + len(marker)
        seen, buffer = buffer[:at], buffer[at:]
        return seen

    try:
        if shell == "zsh":
            setup = ("autoload -U compinit && compinit -u; "
                     "procgen() { print -r -- \"<ARGS>$*</ARGS>\" }; "
                     "source %s && echo READY\"\"-$?\n") % script
        else:
            setup = ("bind 'set show-all-if-ambiguous on'; bind 'set completion-query-items 0'; "
                     "bind 'set page-completions off'; bind 'set bell-style none'; "
                     "procgen() { printf '<ARGS>%%s</ARGS>\\n' \"$*\"; }; "
                     "source %s && echo READY\"\"-$?\n") % script
        os.write(fd, setup.encode())
        wait_for(b"READY-0")
        for line in lines:
            os.write(fd, line.encode() + b"\t\n")
            seen = wait_for(b"</ARGS>").decode("utf-8", "replace")
            shown = seen[:seen.rindex("<ARGS>")]
            args = seen[seen.rindex("<ARGS>") + len("<ARGS>"):-len("</ARGS>")]
            print(json.dumps({"line": line, "shown": shown, "args": args}))
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)


main()
