#!/usr/bin/env bash
# Trains the image's AOT cache with a run that sends no packet off the host: lwsd on the host-managed
# profile until OPERATIONAL, queried once by lwsctl, then SIGTERM. The cache goes to
# lib/server/classes.jsa, where the JVM finds it without flags; lwsctl's query trains lwsctl's own cache
# (lib/lwsctl.aot, named by its launcher). The training JVM flags are the
# launcher's own (JDK_JAVA_OPTIONS only adds the cache output): a flag that differs at run time makes
# the JVM ignore the cache silently.
set -euo pipefail
IMAGE=${1:?image}
WORK=$(mktemp -d)
trap 'kill $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
SOCK=$WORK/ctl.sock

JDK_JAVA_OPTIONS="-XX:AOTCacheOutput=$IMAGE/lib/server/classes.jsa" \
  "$IMAGE/bin/lwsd" --set control.socket="$SOCK" --set echo.port=0 >"$WORK/lwsd.log" 2>&1 &
PID=$!
for _ in $(seq 1 200); do
  grep -q "state OPERATIONAL" "$WORK/lwsd.log" 2>/dev/null && break
  sleep 0.05
done
grep -q "state OPERATIONAL" "$WORK/lwsd.log" || { cat "$WORK/lwsd.log" >&2; echo "AOT training: lwsd did not reach OPERATIONAL" >&2; exit 1; }
if [[ -x "$IMAGE/bin/lwsctl" ]]; then
  # lwsctl's own cache (lib/lwsctl.aot), trained by the launcher itself so that the flags match
  LWSCTL_AOT="-XX:AOTCacheOutput=$IMAGE/lib/lwsctl.aot" "$IMAGE/bin/lwsctl" --socket "$SOCK" status \
    >/dev/null 2>"$WORK/lwsctl.log" || { cat "$WORK/lwsctl.log" >&2; echo "AOT training: lwsctl status failed" >&2; exit 1; }
  test -s "$IMAGE/lib/lwsctl.aot" || { echo "AOT training wrote no lwsctl cache" >&2; exit 1; }
fi
kill -TERM $PID
wait $PID
test -s "$IMAGE/lib/server/classes.jsa" || { echo "AOT training wrote no cache" >&2; exit 1; }
