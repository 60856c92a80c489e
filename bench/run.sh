#!/usr/bin/env bash
# Benchmark of procgen at repository scale (issue 12): N descriptors, each with two processes,
# one of them with 3 instances, rendered with --target all. Not a test: `mvn verify` never runs
# it. Reports wall time (hyperfine) of a render into an empty folder, a render again with nothing
# changed, a render with one app changed, a check with nothing changed, and for comparison a
# Python loop that only creates the same files; peak RSS (GNU time -v), output bytes against the
# bytes of the file bodies (header lines left out), and foreman's `foreman export systemd` as a
# baseline (foreman takes one app per run, so BENCH_FOREMAN_RUNS runs are timed and
# extrapolated to N).
#
# Usage: bench/run.sh [N ...]            (default: 10 100 1000)
# Environment: BENCH_RUNS (hyperfine runs, default 5), BENCH_WARMUP (default 1),
#              BENCH_FOREMAN_RUNS (default 20), BENCH_KEEP=1 keeps the temp folder,
#              PROCGEN (default: bin/procgen of this checkout).
set -euo pipefail
export LC_ALL=C.UTF-8 TZ=UTC
umask 022

root="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)"
procgen="${PROCGEN:-$root/bin/procgen}"
runs="${BENCH_RUNS:-5}"
warmup="${BENCH_WARMUP:-1}"
foreman_runs="${BENCH_FOREMAN_RUNS:-20}"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000)

need() { # need COMMAND DEBIAN-PACKAGE
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "bench: installing $2 (for $1)" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$2" >/dev/null
  fi
  command -v "$1" >/dev/null 2>&1 || { echo "bench: error: $1 missing (Debian package $2)" >&2; exit 1; }
}
need hyperfine hyperfine
need foreman ruby-foreman
[ -x /usr/bin/time ] || need /usr/bin/time time
need python3 python3

work="$(mktemp -d "${TMPDIR:-/tmp}/procgen-bench.XXXXXX")"
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: keeping $work" >&2; else trap 'rm -rf -- "$work"' EXIT; fi

# Builds the jar once (bin/procgen rebuilds only when sources are newer), outside the timings.
"$procgen" --version >/dev/null 2>&1 || "$procgen" --help >/dev/null

# gen N DIR: N descriptors app0000.yaml ... , deterministic (values depend on the index only).
gen() {
  local n=$1 dir=$2 i name port
  mkdir -p "$dir"
  for ((i = 0; i < n; i++)); do
    printf -v name 'app%04d' "$i"
    port=$((10000 + 3 * i))
    cat >"$dir/$name.yaml" <<YAML
app: $name
description: Benchmark app $i
user: www
directory: /srv/$name
bin_dir: /srv/$name/bin
environment:
  APP_ENV: production
  APP_INDEX: "$i"
log:
  dir: /srv/$name/logs
processes:
  web:
    command: python -m $name.server --port={port}
    instances: 3
    port: $port
  worker:
    command: python -m $name.worker --queue=default
YAML
  done
}

# foreman_app N DIR: the same apps as Procfile + .env, for foreman.
foreman_gen() {
  local n=$1 dir=$2 i name port
  for ((i = 0; i < n; i++)); do
    printf -v name 'app%04d' "$i"
    port=$((10000 + 3 * i))
    mkdir -p "$dir/$name"
    # shellcheck disable=SC2016 # $PORT is foreman's to expand
    printf 'web: python -m %s.server --port=$PORT\nworker: python -m %s.worker --queue=default\n' "$name" "$name" >"$dir/$name/Procfile"
    printf 'APP_ENV=production\nAPP_INDEX=%s\n' "$i" >"$dir/$name/.env"
  done
}

# body_bytes DIR: bytes of every file under DIR except procgen's header lines and the manifest.
body_bytes() {
  python3 - "$1" <<'PY'
import os, sys
total = files = all_bytes = 0
for base, dirs, names in os.walk(sys.argv[1]):
    dirs.sort()
    for n in sorted(names):
        p = os.path.join(base, n)
        data = open(p, 'rb').read()
        all_bytes += len(data)
        files += 1
        if n.startswith('.procgen'):
            continue  # the manifest is bookkeeping, not a body
        lines = data.split(b'\n')
        # The header is the run of comment lines right after an optional #! line or rc.local
        # "# BEGIN procgen" marker (both belong to the body) that name procgen or regenerating.
        start = 1 if lines and (lines[0].startswith(b'#!') or lines[0].startswith(b'# BEGIN procgen')) else 0
        i = start
        while i < len(lines) and lines[i][:1] in (b'#', b';') and (
                b'procgen' in lines[i] or b'Regenerate' in lines[i]):
            i += 1
        body = lines[:start] + lines[i:]
        total += len(b'\n'.join(body))
print(files, all_bytes, total)
PY
}

# recreate.py SRC DST: creates every file of SRC below DST again, with the same bytes.
cat >"$work/recreate.py" <<'PY'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
files = []
for base, dirs, names in os.walk(src):
    for n in names:
        p = os.path.join(base, n)
        with open(p, 'rb') as f:
            files.append((os.path.relpath(p, src), f.read()))
made = set()
for rel, data in files:
    p = os.path.join(dst, rel)
    d = os.path.dirname(p)
    if d not in made:
        os.makedirs(d, exist_ok=True)
        made.add(d)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    os.write(fd, data)
    os.close(fd)
PY

rss_mib() { # rss_mib COMMAND...: peak RSS of one run in MiB
  local log="$work/time.log"
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>&1 || true
  awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2 / 1024}' "$log"
}

mean_s() { # mean_s JSON: hyperfine's mean and stddev
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.3f ± %.3f" % (r["mean"], r["stddev"] or 0))' "$1"
}

echo "# procgen benchmark $(date -u +%Y-%m-%d) on $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg); JDK: $(java -version 2>&1 | head -1)"
printf '| N | render s (empty DIR) | the same files by Python s | render again s | render, 1 app changed s | render RSS MiB | check s | check RSS MiB | files | output bytes | body bytes | ratio | foreman s (extrapolated) |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for n in "${sizes[@]}"; do
  dir="$work/n$n/deploy" out="$work/n$n/generated"
  gen "$n" "$dir"
  # The render timed by hyperfine starts from an empty folder each run.
  hyperfine -N --style none --runs "$runs" --warmup "$warmup" \
    --prepare "rm -rf $out" --export-json "$work/render$n.json" \
    "$procgen render $dir --target all --out $out" >/dev/null 2>"$work/hf.err" \
    || { cat "$work/hf.err" >&2; exit 1; }
  rm -rf "$out"
  render_rss=$(rss_mib "$procgen" render "$dir" --target all --out "$out")
  # Rendering again into the rendered folder, as a user does after editing: first with nothing
  # changed (no file is written), then with one app changed before each run (its files only).
  hyperfine -N --style none --runs "$runs" --warmup "$warmup" --export-json "$work/again$n.json" \
    "$procgen render $dir --target all --out $out" >/dev/null 2>"$work/hf.err" \
    || { cat "$work/hf.err" >&2; exit 1; }
  toggle="$work/n$n/toggle.sh"
  # shellcheck disable=SC2016 # $f is the toggle script's own variable
  printf '#!/bin/sh\nf=%s/app0000.yaml\nif grep -q "APP_ENV: production" "$f"; then sed -i "s/APP_ENV: production/APP_ENV: staging/" "$f"; else sed -i "s/APP_ENV: staging/APP_ENV: production/" "$f"; fi\n' "$dir" >"$toggle"
  hyperfine -N --style none --runs "$runs" --warmup "$warmup" --prepare "sh $toggle" --export-json "$work/one$n.json" \
    "$procgen render $dir --target all --out $out" >/dev/null 2>"$work/hf.err" \
    || { cat "$work/hf.err" >&2; exit 1; }
  sed -i "s/APP_ENV: staging/APP_ENV: production/" "$dir/app0000.yaml"
  "$procgen" render "$dir" --target all --out "$out" >/dev/null 2>&1
  # The disk's own share of a first render: the same files created by a Python loop (open with
  # O_EXCL, write, close; no rendering, no rename) into a folder emptied by rm -rf, as above.
  hyperfine -N --style none --runs "$runs" --warmup "$warmup" --prepare "rm -rf $work/n$n/copy" \
    --export-json "$work/files$n.json" "python3 $work/recreate.py $out $work/n$n/copy" >/dev/null 2>"$work/hf.err" \
    || { cat "$work/hf.err" >&2; exit 1; }
  rm -rf "$work/n$n/copy"
  "$procgen" check "$dir" --target all --out "$out" >/dev/null \
    || { echo "bench: error: check after render reports drift for N=$n" >&2; exit 1; }
  hyperfine -N --style none --runs "$runs" --warmup "$warmup" --export-json "$work/check$n.json" \
    "$procgen check $dir --target all --out $out" >/dev/null 2>"$work/hf.err" \
    || { cat "$work/hf.err" >&2; exit 1; }
  check_rss=$(rss_mib "$procgen" check "$dir" --target all --out "$out")
  read -r files all_bytes body < <(body_bytes "$out")
  ratio=$(python3 -c "print('%.2f' % ($all_bytes / $body))")

  # foreman: one export per app; time the first min(N, foreman_runs) apps and extrapolate.
  fm="$work/n$n/foreman"
  k=$((n < foreman_runs ? n : foreman_runs))
  foreman_gen "$k" "$fm"
  script="$work/n$n/foreman.sh"
  {
    echo 'set -e'
    for ((i = 0; i < k; i++)); do
      printf -v name 'app%04d' "$i"
      echo "foreman export systemd $fm/out/$name -d $fm/$name -f $fm/$name/Procfile -e $fm/$name/.env -a $name -u www -p $((10000 + 3 * i)) -c web=3,worker=1 >/dev/null"
    done
  } >"$script"
  hyperfine -N --style none --runs 1 --export-json "$work/foreman$n.json" \
    "bash $script" >/dev/null 2>"$work/hf.err" || { cat "$work/hf.err" >&2; exit 1; }
  foreman=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1]))["results"][0]["mean"]; print("%.1f" % (m * int(sys.argv[2]) / int(sys.argv[3])))' "$work/foreman$n.json" "$n" "$k")

  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$n" \
    "$(mean_s "$work/render$n.json")" "$(mean_s "$work/files$n.json")" "$(mean_s "$work/again$n.json")" \
    "$(mean_s "$work/one$n.json")" \
    "$render_rss" "$(mean_s "$work/check$n.json")" "$check_rss" \
    "$files" "$all_bytes" "$body" "$ratio" "$foreman"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
