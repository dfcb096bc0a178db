#!/bin/bash
set -u
S=lwsg-s-$RANDOM; C=lwsg-c-$RANDOM; VS=lgs$RANDOM; VC=lgc$RANDOM
cleanup() { kill $DPID $TPID 2>/dev/null; sleep 0.3; ip netns del $S; ip netns del $C; }
trap cleanup EXIT
ip netns add $S; ip netns add $C
ip -n $S link set lo up; ip -n $C link set lo up
ip link add $VS type veth peer name $VC
ip link set $VS netns $S; ip link set $VC netns $C
ip -n $S addr add 10.77.0.1/24 dev $VS; ip -n $S link set $VS up; ip -n $C link set $VC up
cat > /tmp/dg/dnsmasq.conf <<EOC
interface=$VS
bind-interfaces
no-resolv
no-hosts
domain=test.lan
local=/test.lan/
dhcp-range=10.77.0.50,10.77.0.150,255.255.255.0,2m
dhcp-option=option:router,10.77.0.1
dhcp-option=option:dns-server,10.77.0.1
dhcp-option=option:ntp-server,10.77.0.1
dhcp-option=option:domain-name,test.lan
dhcp-authoritative
dhcp-rapid-commit
log-dhcp
log-facility=-
EOC
rm -f /tmp/dg/leases
ip netns exec $S tcpdump -i $VS -n -U --immediate-mode -w /tmp/dg/f.pcap 'udp port 67 or 68' 2>/dev/null & TPID=$!
ip netns exec $S dnsmasq --keep-in-foreground --conf-file=/tmp/dg/dnsmasq.conf --dhcp-leasefile=/tmp/dg/leases --pid-file= --no-ping >/tmp/dg/dnsmasq.log 2>&1 & DPID=$!
sleep 1
printf '#!/bin/sh\nexit 0\n' > /tmp/dg/hook; chmod +x /tmp/dg/hook
ip netns exec $C busybox udhcpc -i $VC -f -q -n -t 10 -T 1 -s /tmp/dg/hook -x hostname:golden 2>&1
# NAK: dhclient INIT-REBOOT with an address outside the range
cat > /tmp/dg/dhc.leases <<EOL
lease {
  interface "$VC";
  fixed-address 10.77.9.9;
  option subnet-mask 255.255.255.0;
  option dhcp-lease-time 120;
  renew 6 2099/01/01 00:00:00;
  rebind 6 2099/01/01 00:00:00;
  expire 6 2099/01/01 00:00:00;
}
EOL
printf '#!/bin/sh\nexit 0\n' > /tmp/dg/dhook; chmod +x /tmp/dg/dhook
timeout 15 ip netns exec $C dhclient -d -1 -v -sf /tmp/dg/dhook -lf /tmp/dg/dhc.leases -pf /tmp/dg/dhc.pid $VC 2>&1 | tail -12
sleep 0.5
