#!/usr/bin/env bash
# Cold-start benchmark (issue 14): one app with two processes, one of them with 2 instances
# (bench/cold-start/), exported by procgen (`bin/procgen render app.yaml --target all --out DIR`),
# node-foreman 3.0.1 (`nf export -t systemd`) and foreman (`foreman export systemd`), each a whole
# process run. Not a test: `mvn verify` never runs it.
#
# The three commands alternate: ROUNDS hyperfine calls, each timing every command RUNS times
# after WARMUP warm-up runs, so that a drift of the host's speed hits all of them alike. It prints
# each command's median wall time over all rounds, the ratio procgen/nf, and each command's median
# peak RSS over ROUNDS runs of GNU time.
#
# It installs what is missing: hyperfine, GNU time and foreman (Debian packages hyperfine, time,
# ruby-foreman), and node-foreman with npm into a folder of its own, $PROCGEN_BENCH_CACHE/node-foreman
# (default /var/cache/procgen-bench), outside the repository.
#
# Usage: bench/cold-start.sh
# Environment: ROUNDS (default 7), RUNS (default 3), WARMUP (default 2), PROCGEN (default:
#              bin/procgen of this checkout), PROCGEN_BENCH_CACHE.
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC
umask 022

root="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)"
procgen="${PROCGEN:-$root/bin/procgen}"
rounds="${ROUNDS:-7}"
runs="${RUNS:-3}"
warmup="${WARMUP:-2}"
cache="${PROCGEN_BENCH_CACHE:-/var/cache/procgen-bench}"

need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "cold-start: installing $2 (for $1)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "cold-start: error: $1 missing (Debian package $2)" >&2; exit 1; }
}
need hyperfine hyperfine
need foreman ruby-foreman
[ -x /usr/bin/time ] || need /usr/bin/time time
need python3 python3
need npm npm

nf="$cache/node-foreman/node_modules/.bin/nf"
if [ ! -x "$nf" ]; then
  echo "cold-start: installing node-foreman 3.0.1 into $cache/node-foreman" >&2
  mkdir -p "$cache/node-foreman"
  npm install --prefix "$cache/node-foreman" --no-audit --no-fund --silent foreman@3.0.1 >&2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/procgen-cold.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp "$root/bench/cold-start/app.yaml" "$root/bench/cold-start/Procfile" "$root/bench/cold-start/.env" "$work/"
cd "$work"
mkdir -p out-nf out-foreman
# The first procgen run builds the jar and its class-data archive if they are missing or stale.
"$procgen" render app.yaml --target all --out out-procgen >/dev/null

cmd_procgen="$procgen render app.yaml --target all --out out-procgen"
cmd_nf="$nf export -a shop -t systemd -o out-nf web=2,worker=1"
cmd_foreman="foreman export systemd out-foreman -a shop -m web=2,worker=1"

for round in $(seq 1 "$rounds"); do
  hyperfine -N --style none --warmup "$warmup" --runs "$runs" --export-json "round-$round.json" \
    -n procgen "$cmd_procgen" -n nf "$cmd_nf" -n foreman "$cmd_foreman" >/dev/null 2>&1
  for name in procgen nf foreman; do
    var="cmd_$name"
    # shellcheck disable=SC2086 # the command is words
    /usr/bin/time -f "%M" -o "rss-$name-$round" ${!var} >/dev/null 2>&1
  done
done

python3 - "$rounds" <<'EOF'
import json, statistics, sys
rounds = int(sys.argv[1])
times = {}
for r in range(1, rounds + 1):
    for result in json.load(open(f"round-{r}.json"))["results"]:
        times.setdefault(result["command"], []).extend(result["times"])
rss = {name: statistics.median(int(open(f"rss-{name}-{r}").read().split()[-1]) for r in range(1, rounds + 1)) / 1024
       for name in times}
for name, values in times.items():
    print(f"{name:8} median {statistics.median(values) * 1000:7.1f} ms over {len(values)} runs, "
          f"peak RSS median {rss[name]:5.1f} MiB")
print(f"ratio procgen/nf: {statistics.median(times['procgen']) / statistics.median(times['nf']):.2f}")
EOF
