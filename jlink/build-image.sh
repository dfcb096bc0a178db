#!/usr/bin/env bash
# Builds the appliance image from the staged modules (target/modules) and plug-ins (target/plugins):
#   jlink → bin/lwsd, bin/lwsctl → etc/, plugins/ → AOT cache trained by a network-free run → tar.gz.
# Called by Maven (exec plugin, package phase) with the JDK 25 in JAVA_HOME.
# Why a script and not maven-jlink-plugin: the plugin makes one launcher and cannot run the AOT
# training step; jlink itself takes several --launcher options.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TARGET=$HERE/target
IMAGE=$TARGET/image
VERSION=${1:?version}
JDK=${JAVA_HOME:?JAVA_HOME must point to a JDK 25}

modules=(lws.system org.slf4j.simple org.slf4j.jdk.platform.logging)
for jar in "$TARGET"/modules/*.jar; do
  name=$("$JDK/bin/jar" --describe-module --file "$jar" | head -1 | sed 's/@.*//; s/ .*//')
  case "$name" in lws.dns|lws.ntp|lws.dhcp|lws.ctl) modules+=("$name") ;; esac
done
rm -rf "$IMAGE"
"$JDK/bin/jlink" --module-path "$TARGET/modules" --add-modules "$(IFS=,; echo "${modules[*]}")" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$IMAGE"
# The JDK's native libraries keep their symbol tables (~5 MB in libjvm.so; jlink's
# --strip-native-debug-symbols removes only debug sections, which Temurin ships separately). Strip
# them when binutils is there: dynamic symbols stay, an appliance loses only names in crash reports.
if command -v objcopy >/dev/null; then
  find "$IMAGE/lib" -name '*.so' -exec objcopy --strip-unneeded {} \;
fi

# Launchers: per-launcher JVM options (native access only for the daemon's modules), so that the
# daemon's flags at run time are exactly those of the AOT training run.
native="lws.system"
[[ " ${modules[*]} " == *" lws.dhcp "* ]] && native="$native,lws.dhcp"
[[ " ${modules[*]} " == *" lws.ntp "* ]] && native="$native,lws.ntp"
exports=""
# lws.dhcp reads the fd of its DatagramChannel for SO_BINDTODEVICE (see lws.dhcp/README.md).
[[ " ${modules[*]} " == *" lws.dhcp "* ]] && exports="--add-exports java.base/sun.nio.ch=lws.dhcp"
cat > "$IMAGE/bin/lwsd" <<LAUNCHER
#!/bin/sh
# lwsd launcher (see README.md). JVM options must match the AOT training run: do not add flags here.
DIR=\$(dirname "\$(readlink -f "\$0")")
exec "\$DIR/java" -XX:+UseSerialGC -Xss512k -XX:TrimNativeHeapInterval=5000 --enable-native-access=$native $exports \$LWSD_JAVA_OPTS -m lws.system/lws.system.Lwsd "\$@"
LAUNCHER
if [[ " ${modules[*]} " == *" lws.ctl "* ]]; then
  cat > "$IMAGE/bin/lwsctl" <<'LAUNCHER'
#!/bin/sh
# lwsctl launcher (see README.md and lws.ctl/README.md). Its own AOT cache: lwsd's at lib/server/classes.jsa
# cannot serve another main module, and the JVM would say so on standard output, in front of --json
# output. JVM messages go to standard error. LWSCTL_AOT is for the training run (train-aot.sh) only.
DIR=$(dirname "$(readlink -f "$0")")
exec "$DIR/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 "${LWSCTL_AOT:--XX:AOTCache=$DIR/../lib/lwsctl.aot}" \
  -Xlog:disable -Xlog:all=warning:stderr -m lws.ctl/lws.ctl.Lwsctl "$@"
LAUNCHER
fi
chmod 755 "$IMAGE"/bin/lwsd "$IMAGE"/bin/lwsctl 2>/dev/null || chmod 755 "$IMAGE/bin/lwsd"

cp -r "$HERE/src/image/etc" "$IMAGE/"
mkdir -p "$IMAGE/plugins"
cp "$TARGET"/plugins/*.jar "$IMAGE/plugins/"
cp "$HERE/../README.md" "$IMAGE/README.md"

# AOT cache for lwsd at the default CDS location (lib/server/classes.jsa): a deterministic, network-free
# training run on the host-managed profile (no DHCP, host time, echo on a free loopback port).
"$HERE/train-aot.sh" "$IMAGE"

tar -C "$TARGET" -czf "$TARGET/lwsd-$VERSION-linux-x64.tar.gz" --transform "s,^image,lwsd-$VERSION," image
echo "image: $IMAGE ($(du -sm "$IMAGE" | cut -f1) MB), archive: $TARGET/lwsd-$VERSION-linux-x64.tar.gz"
