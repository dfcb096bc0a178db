#!/usr/bin/env bash
# Figures of the appliance image: size, `lwsctl status` wall time, lwsd exec → OPERATIONAL.
#   bench/image.sh [runs]      (default 20 runs for each timing)
# Builds the image first. Loopback only: the default profile sends no packet off the host.
# Last line: RESULT image_mb=… status_ms=… boot_ms=…
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-20}
./dev mvn -B -q -DskipTests package
IMAGE=jlink/target/image
WORK=$(mktemp -d)
PID=
trap '[[ -n $PID ]] && kill $PID 2>/dev/null; rm -rf "$WORK"' EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
now_ms() { date +%s%3N; }

image_mb=$(du -sm "$IMAGE" | cut -f1)
aot_mb=$(du -sm "$IMAGE/lib/server/classes.jsa" | cut -f1)

# lwsd exec → the log line "state OPERATIONAL" (its HH:mm:ss.SSS stamp, converted to epoch ms).
boots=()
for i in $(seq 1 "$RUNS"); do
  log=$WORK/boot-$i.log
  t0=$(now_ms)
  "$IMAGE/bin/lwsd" --set control.socket="$WORK/b.sock" --set echo.port=0 --set dns.servers=127.0.0.1:53 >"$log" 2>&1 &
  PID=$!
  while ! grep -q "state OPERATIONAL" "$log" 2>/dev/null; do sleep 0.005; done
  stamp=$(grep "state OPERATIONAL" "$log" | head -1 | cut -d' ' -f1)
  t1=$(date -d "$(date +%F) $stamp" +%s%3N)
  kill -TERM $PID; wait $PID || true; PID=
  boots+=($((t1 - t0)))
done
boot_ms=$(printf '%s\n' "${boots[@]}" | median)

# lwsctl status against a running daemon, wall time per run.
"$IMAGE/bin/lwsd" --set control.socket="$WORK/s.sock" --set echo.port=0 --set dns.servers=127.0.0.1:53 >"$WORK/lwsd.log" 2>&1 &
PID=$!
while ! grep -q "state OPERATIONAL" "$WORK/lwsd.log"; do sleep 0.01; done
"$IMAGE/bin/lwsctl" --socket "$WORK/s.sock" status >/dev/null   # warm the page cache
statuses=()
for i in $(seq 1 "$RUNS"); do
  t0=$(date +%s%N)
  "$IMAGE/bin/lwsctl" --socket "$WORK/s.sock" status >/dev/null
  t1=$(date +%s%N)
  statuses+=($(( (t1 - t0) / 100000 )))   # tenths of ms
done
status_ms=$(printf '%s\n' "${statuses[@]}" | median | awk '{printf "%.1f", $1/10}')
kill -TERM $PID; wait $PID || true; PID=

printf '%-34s %10s %10s\n' "figure" "measured" "target"
printf '%-34s %10s %10s\n' "image size (MB, AOT cache $aot_mb MB)" "$image_mb" "<= 60"
printf '%-34s %10s %10s\n' "lwsctl status, median wall (ms)" "$status_ms" "<= 80"
printf '%-34s %10s %10s\n' "lwsd exec -> OPERATIONAL, median (ms)" "$boot_ms" "<= 300"
echo "RESULT image_mb=$image_mb status_ms=$status_ms boot_ms=$boot_ms"
