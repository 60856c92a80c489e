#!/usr/bin/env bash
# The in-process render benchmark (issue 14): installs procgen's jar into the local Maven
# repository (without tests), builds bench/jmh and runs its JMH benchmarks: the render of 1 and of
# 100 apps for every target, in memory, JVM start left out. Not a test: `mvn verify` never runs it.
#
# Usage: bench/jmh.sh [JMH options, for example -f 1 -wi 3 -i 3]
set -euo pipefail
root="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")/.." && pwd)"
mvn -q -B -f "$root/pom.xml" -DskipTests install
mvn -q -B -f "$root/bench/jmh/pom.xml" package
exec java -jar "$root/bench/jmh/target/benchmarks.jar" "$@"
