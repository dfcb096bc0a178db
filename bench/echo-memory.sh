#!/usr/bin/env bash
# Memory per connection of the running lwsd daemon with the echo plug-in (issue 3), against the field
# report on libwebsockets (~200 MB per 1000 connections, growing on every reconnect wave).
#
# Builds the daemon (runtime modules in jlink/target/modules, echo plug-in in jlink/target/plugins) and
# the client, starts the daemon as its own process on a free loopback port, then a client JVM
# (bench/echo-memory) opens 10 000 concurrent TCP connections that each echo one message, and runs 10
# connect/disconnect waves of 10 000; after every phase it samples the daemon's VmRSS and heap after a
# full GC (jcmd GC.run, GC.heap_info). Prints a table; the last line is
#   RESULT conns=… kb_per_conn=… growth_pct=…
# kb_per_conn: daemon VmRSS with the connections open minus before, per connection (KiB);
# growth_pct: VmRSS growth from after wave 1 to after wave 10, all connections closed (percent).
# Targets: kb_per_conn <= 2, no growth. Exit status: 0 targets met, 1 a target missed, other: failure.
# Takes about 3 minutes on 2 cores (each sample is repeated until RSS settles). Loopback only.
#
# Environment: ECHO_BENCH_CONNS (10000), ECHO_BENCH_WAVES (10), ECHO_BENCH_JVM_FLAGS (daemon JVM flags,
# default: what the JVM's ergonomics pick on a 512 MB single-board appliance, see the README),
# ECHO_BENCH_NMT=1 (diagnosis: run the daemon with Native Memory Tracking, print native memory by category).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CONNS=${ECHO_BENCH_CONNS:-10000}
WAVES=${ECHO_BENCH_WAVES:-10}
# SerialGC, 8 MB initial and 128 MB maximum heap: what ergonomics choose with 512 MB of RAM (fewer than
# 2 CPUs or less than 1792 MB selects SerialGC; initial heap 1/64 and maximum 1/4 of RAM). Native heap
# trimmed every 5 s: glibc keeps what the JIT compilers' arenas freed (5-20 MB here) unless told.
read -r -a DAEMON_FLAGS <<< "${ECHO_BENCH_JVM_FLAGS:--XX:+UseSerialGC -Xms8m -Xmx128m -XX:TrimNativeHeapInterval=5000}"
NMT=false
if [[ -n "${ECHO_BENCH_NMT:-}" ]]; then # diagnosis: native memory per category (NMT costs memory itself)
  DAEMON_FLAGS+=(-XX:NativeMemoryTracking=summary)
  NMT=true
fi

# Each side holds CONNS sockets; leave room for the JVM's own files.
NEED_FDS=$((CONNS + 1024))
HARD_FDS=$(ulimit -Hn)
if [[ "$HARD_FDS" != unlimited ]] && (( HARD_FDS < NEED_FDS )); then
  ulimit -Hn "$NEED_FDS" 2>/dev/null || {
    echo "echo-memory: need $NEED_FDS file descriptors, hard limit is $HARD_FDS (raise it as root)" >&2; exit 3; }
fi
ulimit -n "$NEED_FDS"
if [[ "$(cat /proc/sys/net/ipv4/tcp_tw_reuse 2>/dev/null || echo 0)" == 0 ]]; then
  echo "echo-memory: note: net.ipv4.tcp_tw_reuse=0; the waves may run out of ephemeral ports (TIME_WAIT)" >&2
fi

./dev mvn -B -q -Dstyle.color=never -DskipTests package
./dev mvn -B -q -Dstyle.color=never -Pbench -pl bench/echo-memory package -DskipTests
JDK=$(./dev java-home)
OUT="$ROOT/bench/results/echo-memory"
mkdir -p "$OUT"
LOG="$OUT/daemon.log"
RESULT="$OUT/result.txt"
rm -f "$LOG" "$RESULT"

"$JDK/bin/java" "${DAEMON_FLAGS[@]}" -p "$ROOT/jlink/target/modules" -m lws.system/lws.system.Lwsd \
  --set plugins.dir="$ROOT/jlink/target/plugins" --set echo.port=0 --set dns.servers=127.0.0.1:53 >"$LOG" 2>&1 &
DAEMON=$!
stop_daemon() {
  if kill -0 "$DAEMON" 2>/dev/null; then
    kill -TERM "$DAEMON"
    for _ in $(seq 100); do kill -0 "$DAEMON" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$DAEMON" 2>/dev/null && { echo "echo-memory: daemon $DAEMON ignored SIGTERM for 10 s, killing it" >&2; kill -KILL "$DAEMON"; }
  fi
  wait "$DAEMON" 2>/dev/null
}
trap 'stop_daemon || true' EXIT

for _ in $(seq 600); do
  grep -q "app echo started" "$LOG" && break
  kill -0 "$DAEMON" 2>/dev/null || { echo "echo-memory: the daemon exited; its log:" >&2; cat "$LOG" >&2; exit 3; }
  sleep 0.1
done
grep -q "app echo started" "$LOG" || { echo "echo-memory: no \"app echo started\" in 60 s; log in $LOG" >&2; exit 3; }
PORT=$(sed -n 's/.*echo: serving TCP and UDP on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$LOG" | head -1)
[[ -n "$PORT" ]] || { echo "echo-memory: no echo port in $LOG" >&2; exit 3; }

STATUS=0
"$JDK/bin/java" -XX:+UseSerialGC -Xmx512m -cp "$ROOT/bench/echo-memory/target/lws.bench.echo-memory-0.1.0-SNAPSHOT.jar" \
  lws.bench.echomemory.EchoMemoryBench --pid "$DAEMON" --port "$PORT" --conns "$CONNS" --waves "$WAVES" \
  --jcmd "$JDK/bin/jcmd" --result "$RESULT" --flags "${DAEMON_FLAGS[*]}" --nmt "$NMT" || STATUS=$?

trap - EXIT
DAEMON_EXIT=0
stop_daemon || DAEMON_EXIT=$?
echo "daemon stopped on SIGTERM with exit code $DAEMON_EXIT; log: $LOG"
if [[ ! -s "$RESULT" ]]; then
  echo "echo-memory: the client failed (exit $STATUS), no result" >&2
  exit "$(( STATUS == 0 ? 3 : STATUS ))"
fi
if (( DAEMON_EXIT != 0 )); then STATUS=3; fi
cat "$RESULT"
exit "$STATUS"
