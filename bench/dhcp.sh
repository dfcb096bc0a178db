#!/usr/bin/env bash
# Time to lease in a network namespace: lws.dhcp in-process (warm JVM after one uncounted warm-up lease,
# start() → lease) and as a whole process (JVM start included, with a JDK 25 AOT cache), against busybox
# udhcpc and ISC dhclient.
# Every client gets a fresh MAC per run and runs the same no-op hook script (none touches the host's
# resolv.conf). dnsmasq runs with --no-ping. Needs root. RUNS=10 by default; the last line is the RESULT.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${RUNS:-10}
[[ $(id -u) -eq 0 ]] || { echo "bench/dhcp.sh: needs root (network namespaces, port 68, AF_PACKET)" >&2; exit 1; }
for bin in ip dnsmasq busybox dhclient; do
  command -v "$bin" >/dev/null || { echo "bench/dhcp.sh: $bin missing (run .ci/peers.sh as root)" >&2; exit 1; }
done

./dev mvn -B -q -Pbench -pl bench/dhcp -am package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime -DskipTests
JAVA="$(./dev java-home)/bin/java"
DEPS=$(cat bench/dhcp/target/classpath.txt)
CP="$ROOT/bench/dhcp/target/lws.bench.dhcp-0.1.0-SNAPSHOT.jar:$DEPS"
JFLAGS=(--enable-native-access=lws.dhcp --add-exports java.base/sun.nio.ch=lws.dhcp -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData)

SUF=$(printf '%06x' $((RANDOM * 32768 + RANDOM)))
S=lwsbench-s-$SUF; C=lwsbench-c-$SUF; VS=lbs$SUF; VC=lbc$SUF
TMP=$(mktemp -d /tmp/lws-bench-dhcp.XXXXXX)
DNSMASQ_PID=
cleanup() {
  [[ -n $DNSMASQ_PID ]] && kill "$DNSMASQ_PID" 2>/dev/null || true
  # whatever still runs inside our namespaces is ours (a dhclient that daemonised late, dnsmasq)
  for ns in "$S" "$C"; do ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true; done
  ip netns del "$S" 2>/dev/null || true
  ip netns del "$C" 2>/dev/null || true
  rm -rf "$TMP"
}
trap cleanup EXIT
ip netns add "$S"; ip netns add "$C"
ip -n "$S" link set lo up; ip -n "$C" link set lo up
ip link add "$VS" type veth peer name "$VC"
ip link set "$VS" netns "$S"; ip link set "$VC" netns "$C"
ip -n "$S" addr add 10.77.0.1/24 dev "$VS"; ip -n "$S" link set "$VS" up; ip -n "$C" link set "$VC" up
cat > "$TMP/dnsmasq.conf" <<CONF
interface=$VS
bind-interfaces
no-resolv
no-hosts
domain=test.lan
dhcp-range=10.77.0.10,10.77.0.250,255.255.255.0,2m
dhcp-option=option:router,10.77.0.1
dhcp-option=option:dns-server,10.77.0.1
dhcp-option=option:ntp-server,10.77.0.1
dhcp-authoritative
dhcp-rapid-commit
CONF
ip netns exec "$S" dnsmasq --keep-in-foreground --conf-file="$TMP/dnsmasq.conf" --dhcp-leasefile="$TMP/dnsmasq.leases" \
  --pid-file= --no-ping --log-facility=- >"$TMP/dnsmasq.log" 2>&1 &
DNSMASQ_PID=$!
sleep 0.5
printf '#!/bin/sh\nexit 0\n' > "$TMP/hook"; chmod +x "$TMP/hook"

fresh() { # new MAC, no address, no lease files
  ip -n "$C" link set dev "$VC" address "02:$(od -An -N5 -tx1 /dev/urandom | tr -s ' ' ':' | cut -c2-)"
  ip -n "$C" -4 addr flush dev "$VC"
  rm -rf "$TMP/leases"
}
now() { date +%s%N; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1e6 }'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.1f", v[(NR + 1) / 2]; else printf "%.1f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

udhcpc=(); dhclient=(); wall=(); inproc=()
for i in $(seq "$RUNS"); do
  fresh; t0=$(now)
  ip netns exec "$C" busybox udhcpc -i "$VC" -f -q -n -t 10 -T 1 -s "$TMP/hook" >/dev/null 2>&1
  udhcpc+=("$(ms "$t0" "$(now)")")
done
for i in $(seq "$RUNS"); do
  fresh; t0=$(now)
  # -1: one try; without -d dhclient returns once bound (its daemon child is killed right after)
  ip netns exec "$C" dhclient -1 -q -sf "$TMP/hook" -lf "$TMP/dhclient-$i.leases" -pf "$TMP/dhclient.pid" "$VC" >/dev/null 2>&1
  dhclient+=("$(ms "$t0" "$(now)")")
  ip netns pids "$C" | xargs -r kill 2>/dev/null || true  # the daemonised dhclient
done
MAIN=(-p "$DEPS" -m lws.dhcp/lws.dhcp.DhcpMain -i "$VC" --set "dhcp.lease-dir=$TMP/leases" --set "dhcp.script=$TMP/hook" --exit-on-lease --timeout 60)
fresh  # one training run writes the AOT cache (JDK 25, JEP 514); it is not measured
ip netns exec "$C" "$JAVA" "${JFLAGS[@]}" -XX:AOTCacheOutput="$TMP/dhcp.aot" "${MAIN[@]}" >/dev/null 2>&1
for i in $(seq "$RUNS"); do
  fresh; t0=$(now)
  ip netns exec "$C" "$JAVA" "${JFLAGS[@]}" -XX:AOTCache="$TMP/dhcp.aot" "${MAIN[@]}" >/dev/null 2>&1
  wall+=("$(ms "$t0" "$(now)")")
done
fresh
ip netns exec "$C" "$JAVA" --enable-native-access=ALL-UNNAMED \
  --add-exports java.base/sun.nio.ch=ALL-UNNAMED -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$CP" \
  lws.bench.dhcp.InProcessLease "$VC" "$RUNS" "$TMP/hook" "$TMP/leases" > "$TMP/inproc.txt"
while read -r _ run value; do inproc+=("$value"); done < <(grep '^inproc_ms' "$TMP/inproc.txt")
WARMUP=$(awk '/^inproc_warmup_ms/ { print $2 }' "$TMP/inproc.txt")

printf '%-34s %s\n' "client (ms per run)" "runs"
printf '%-34s %s\n' "busybox udhcpc" "${udhcpc[*]}"
printf '%-34s %s\n' "ISC dhclient" "${dhclient[*]}"
printf '%-34s %s\n' "lws.dhcp process (JVM + AOT cache)" "${wall[*]}"
printf '%-34s %s\n' "lws.dhcp in-process (warm JVM)" "${inproc[*]}"
printf '%-34s %s\n' "  (its warm-up run, not counted)" "$WARMUP"
U=$(echo "${udhcpc[*]}" | median); D=$(echo "${dhclient[*]}" | median)
W=$(echo "${wall[*]}" | median); I=$(echo "${inproc[*]}" | median)
printf '%-34s udhcpc %s  dhclient %s  process %s  in-process %s\n' "median of $RUNS (ms)" "$U" "$D" "$W" "$I"
echo "RESULT inproc_ms=$I wall_ms=$W udhcpc_ms=$U dhclient_ms=$D inproc_vs_dhclient=$(awk -v a="$I" -v b="$D" 'BEGIN { printf "%.2f", a / b }') wall_vs_udhcpc=$(awk -v a="$W" -v b="$U" 'BEGIN { printf "%.2f", a / b }')"
