#!/usr/bin/env bash
# Event-loop benchmark: lws.system.EventLoop against Netty 4.1 NioEventLoop.execute and a single-thread
# ExecutorService, in one run. Prints a table and ratios; the last line is
#   RESULT tput1=… tput4=… tput1_vs_netty=… tput4_vs_netty=… p50_us=… p99_us=… p99_vs_netty=… bytes_per_task=…
# (tput in tasks/s run by the loop, latencies in µs, bytes of heap per pending task).
# Takes about 6 to 8 minutes on 2 cores (set by the defaults in LoopBench). Quick smoke run: LOOP_BENCH_QUICK=1 bench/loop.sh (figures meaningless).
# Exit status: 0 when every lws target is met, 1 when one is missed, other on failure.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

./dev mvn -B -q -Pbench -pl bench/loop -am package -DskipTests
JAVA="$(./dev java-home)/bin/java"
TARGET="$ROOT/bench/loop/target"
CP="$TARGET/lws.bench.loop-0.1.0-SNAPSHOT.jar:$TARGET/lib/*"
OUT="$ROOT/bench/results/loop"
mkdir -p "$OUT"
RESULTS="$OUT/results.properties"
rm -rf "$RESULTS" "$OUT/jmh" "$OUT/pingpong"

PROPS=()
if [[ -n "${LOOP_BENCH_QUICK:-}" ]]; then
  PROPS=(-Dbench.forks=1 -Dbench.warmups=1 -Dbench.iterations=1 -Dbench.tasks=200000 -Dbench.rounds=1
         -Dbench.pingpong.forks=1 -Dbench.pingpong.warmup=1 -Dbench.pingpong.seconds=2)
fi
bench() { "$JAVA" -Xmx1g --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  "${PROPS[@]}" -cp "$CP" lws.bench.loop.LoopBench "$@"; }

CPUS=$(nproc)
echo "== lws event-loop benchmark: $CPUS CPUs, $("$JAVA" -version 2>&1 | head -1)"
echo "== throughput (producers and loop free to use every CPU)"
bench throughput "$RESULTS"
# Pin loop and pinger (the whole forked JVM) to the last CPU: cross-core wake-ups on a VM cost tens of
# microseconds for every system and would hide the difference between them.
PIN=$((CPUS - 1))
echo "== ping-pong round trip (taskset -c $PIN)"
taskset -c "$PIN" "$JAVA" -Xmx1g --sun-misc-unsafe-memory-access=allow -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
  "${PROPS[@]}" -cp "$CP" lws.bench.loop.LoopBench latency "$RESULTS"
echo "== bytes retained per pending task (one JVM per system)"
for system in lws lws+socket netty executor; do
  bench retained "$system" "$RESULTS"
done
echo "== JMH logs and raw figures: $OUT"
bench report "$RESULTS"
