#!/usr/bin/env bash
# DNS resolver benchmark: one dnsmasq on 127.0.0.1 (random free port), 100 queries in flight, the same
# 1000 names: dnsperf, lws.dns (cache off), Netty DnsNameResolver (caches off), dnsjava's default
# async transport, a bare NIO send/receive loop with no DNS work (the ceiling of the machine) and lws.dns
# cache hits. Prints a table; the last line is the RESULT line.
#   bench/dns.sh [seconds per client, default 5] [rounds, default 3]
# Clients run in interleaved rounds (dnsperf, lws.dns, Netty, dnsjava, again…) and the medians are
# reported, so a noisy neighbour hurts all of them alike.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_CLIENT=${1:-5}
ROUNDS=${2:-3}
INFLIGHT=100

for bin in dnsmasq dnsperf dig; do
  command -v "$bin" >/dev/null || [[ -x /usr/sbin/$bin ]] || { echo "bench/dns.sh: $bin missing (run .ci/peers.sh as root)" >&2; exit 1; }
done
DNSMASQ=$(command -v dnsmasq || echo /usr/sbin/dnsmasq)

./dev mvn -B -q -Pbench -pl bench/dns -am package -DskipTests

WORK=$(mktemp -d /tmp/lws-bench-dns.XXXXXX)
DNSMASQ_PID=
cleanup() {
  [[ -n $DNSMASQ_PID ]] && kill "$DNSMASQ_PID" 2>/dev/null && wait "$DNSMASQ_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

for _ in $(seq 1 20); do
  PORT=$(( 20000 + RANDOM % 40000 ))
  ss -Hlnu "sport = :$PORT" | grep -q . || ss -Hlnt "sport = :$PORT" | grep -q . || break
done
cat > "$WORK/dnsmasq.conf" <<CONF
port=$PORT
listen-address=127.0.0.1
bind-interfaces
no-resolv
no-hosts
no-poll
local=/test/
address=/perf.test/192.0.2.99
local-ttl=3600
CONF
"$DNSMASQ" --keep-in-foreground --conf-file="$WORK/dnsmasq.conf" --log-facility="$WORK/dnsmasq.log" --pid-file= &
DNSMASQ_PID=$!
for _ in $(seq 1 50); do
  dig +short +time=1 +tries=1 @127.0.0.1 -p "$PORT" q1.perf.test A 2>/dev/null | grep -q 192.0.2.99 && break
  sleep 0.1
done

for i in $(seq 1 1000); do echo "q$i.perf.test A"; done > "$WORK/queries.txt"

JAVA="$(./dev java-home)/bin/java"
"$JAVA" -Xms256m -Xmx256m -cp "bench/dns/target/classes:$(cat bench/dns/target/classpath.txt)" lws.bench.dns.DnsBench \
  --port "$PORT" --names "$WORK/queries.txt" --seconds "$SECONDS_PER_CLIENT" --warmup 3 --inflight "$INFLIGHT" \
  --rounds "$ROUNDS" --dnsperf "$(command -v dnsperf)"
