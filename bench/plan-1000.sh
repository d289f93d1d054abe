#!/bin/sh
# Plan time for 1,000 runtimes, and load/validate time for 1,000 manifests.
# Usage: bench/plan-1000.sh [N]    (from the repository root; builds reconciler/core if needed)
set -eu
cd "$(dirname "$0")/.."
N=${1:-1000}
mvn -B -q install -DskipTests -pl reconciler/core -am
CP=$(mktemp)
(cd reconciler/core && mvn -B -q dependency:build-classpath -Dmdep.outputFile="$CP" >/dev/null)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
echo "java: $(java -version 2>&1 | head -1)"
java -cp "$(cat "$CP"):reconciler/core/target/classes" bench/PlanBench.java "$N" 2>&1 | grep -v '^SLF4J'
rm -f "$CP"
