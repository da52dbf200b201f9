#!/usr/bin/env bash
# ModeWatch listener overhead benchmark (issue 4, "Benchmark (not a test)").  See bench/listener/README.md.
#
#   bench/listener/run.sh                                 # everything; prints the Markdown tables
#   bench/listener/run.sh reps=6 iterations=3000          # options as key=value (list: README.md)
#   QUICK=1 bench/listener/run.sh                         # smoke run, a few minutes
#   bench/listener/run.sh summarize                       # tables again from bench/listener/work/results.json
#
# Needs Java 17 and Maven (the project's dependencies are resolved by Maven as for the tests).
# Results: bench/listener/work/results.md, results.json, logs/ (one log + JSON per JVM run).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
cd "$ROOT"

echo "== build: mvn -B -q -Pbench -DskipTests -pl bench/listener -am install (modules into ~/.m2, the bench in bench/listener/target)" >&2
mvn -B -q -Dstyle.color=never -Pbench -DskipTests -pl bench/listener -am install
CP_FILE=bench/listener/target/listener-bench.classpath
mvn -B -q -Dstyle.color=never -f bench/listener/pom.xml dependency:build-classpath -Dmdep.outputFile="$ROOT/$CP_FILE" \
  -Dmdep.includeScope=runtime >/dev/null
CP="bench/listener/target/classes:$(cat "$CP_FILE")"

args=("$@")
if [ "${QUICK:-0}" = 1 ]; then
  args=(work=bench/listener/work/quick reps=1 repsDefault=1 warmup=50 iterations=300 warmupDefault=20
        iterationsDefault=100 heapIterations=500 probeEvery=100 realSamples=5000 quietMaxWait=10 retries=0 "${args[@]}")
fi
echo "== machine: $(uptime)" >&2
exec java -cp "$CP" io.github.modewatch.bench.ListenerOverhead "${args[@]}"
