#!/usr/bin/env bash
# Trains the image's AOT cache (JDK 25, JEP 483/514/515): one JVM runs lws.launcher's aot-training program
# (lws.launcher.AotTraining: lwsd on the default profile until OPERATIONAL, every lwsctl command against
# it in-process, then SIGTERM), with exactly the launchers' JVM options (lib/lws.args). Sends no packet
# off the host. The cache goes to lib/server/classes.jsa, where the JVM finds it without flags.
set -euo pipefail
IMAGE=${1:?image}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT
if ! "$IMAGE/bin/java" -XX:AOTCacheOutput="$IMAGE/lib/server/classes.jsa" @"$IMAGE/lib/lws.args" aot-training >"$LOG" 2>&1; then
  cat "$LOG" >&2
  echo "AOT training failed (log above)" >&2
  exit 1
fi
test -s "$IMAGE/lib/server/classes.jsa" || { cat "$LOG" >&2; echo "AOT training wrote no cache" >&2; exit 1; }
