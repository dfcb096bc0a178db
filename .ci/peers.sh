#!/usr/bin/env bash
# Installs the real peers the end-to-end tests run against (dnsmasq, chrony, busybox, nftables, …)
# when they are missing. Needs root for apt-get; without root it only reports what is missing.
# The chrony package would start chronyd with Debian's internet pool: a policy-rc.d that forbids
# service starts is kept in place while installing.
set -euo pipefail
need=()
for pair in dnsmasq:dnsmasq-base chronyd:chrony busybox:busybox ip:iproute2 nft:nftables \
            dnsperf:dnsperf dig:bind9-dnsutils tcpdump:tcpdump dhclient:isc-dhcp-client; do
  bin=${pair%%:*}; pkg=${pair#*:}
  command -v "$bin" >/dev/null 2>&1 || [[ -x /usr/sbin/$bin || -x /sbin/$bin ]] || need+=("$pkg")
done
[[ ${#need[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -ne 0 ]]; then
  echo "lwsd tests: missing peers (${need[*]}); install them as root, or end-to-end tests will be skipped" >&2
  exit 0
fi
echo "lwsd tests: installing ${need[*]}" >&2
created_policy=
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; created_policy=1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || true
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
[[ -n $created_policy ]] && rm -f /usr/sbin/policy-rc.d
# chrony's package may have started a daemon despite everything: never let it talk to the internet.
if pgrep -x chronyd >/dev/null && [[ -e /run/chrony/chronyd.pid ]]; then
  kill "$(cat /run/chrony/chronyd.pid)" 2>/dev/null || true
fi
exit 0
