#!/usr/bin/env bash
# NTP benchmark: time from loop start to TIME_VALID against chronyd on loopback, compared in the same run
# with `chronyd -Q 'server 127.0.0.1 port P iburst maxsamples 1'`. Needs chronyd (.ci/peers.sh installs it).
# Usage: bench/ntp.sh [runs]   — the last line is the RESULT line.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chronyd >/dev/null || [[ -x /usr/sbin/chronyd ]] || { echo "bench/ntp.sh: chronyd not installed (run .ci/peers.sh as root)" >&2; exit 1; }
export PATH="$PATH:/usr/sbin"
./dev mvn -B -q -Pbench -pl bench/ntp -am package -DskipTests
JAVA="$(./dev java-home)/bin/java"
exec "$JAVA" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn --enable-native-access=ALL-UNNAMED \
  -cp "bench/ntp/target/lws.bench.ntp-0.1.0-SNAPSHOT.jar:bench/ntp/target/lib/*" lws.bench.ntp.NtpBench "$@"
