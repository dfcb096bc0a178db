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

modules=(lws.launcher lws.system lws.ctl org.slf4j.simple org.slf4j.jdk.platform.logging)
for jar in "$TARGET"/modules/*.jar; do
  name=$("$JDK/bin/jar" --describe-module --file "$jar" | head -1 | sed 's/@.*//; s/ .*//')
  case "$name" in lws.dns|lws.ntp|lws.dhcp) modules+=("$name") ;; esac
done
rm -rf "$IMAGE"
"$JDK/bin/jlink" --module-path "$TARGET/modules" --add-modules "$(IFS=,; echo "${modules[*]}")" \
  --strip-debug --no-header-files --no-man-pages --compress=zip-6 --output "$IMAGE" \
  --exclude-files='/java.base/lib/classlist,/java.base/lib/jrt-fs.jar'
# (classlist only serves -Xshare:dump; jrt-fs.jar lets other JDKs read this image's modules)
# The JDK's native libraries keep their symbol tables (~5 MB in libjvm.so; jlink's
# --strip-native-debug-symbols removes only debug sections, which Temurin ships separately). Strip
# them when binutils is there: dynamic symbols stay, an appliance loses only names in crash reports.
if command -v objcopy >/dev/null; then
  find "$IMAGE/lib" -name '*.so' -exec objcopy --strip-unneeded {} \;
fi

# Launchers. Both start the multi-call module lws.launcher with the same JVM options (lib/lws.args, a java
# argument file), so that one AOT cache, trained by one run of both programs, serves both: a JDK AOT
# cache is ignored by a JVM whose main module or module options differ from the training run's.
native="lws.system"
[[ " ${modules[*]} " == *" lws.dhcp "* ]] && native="$native,lws.dhcp"
[[ " ${modules[*]} " == *" lws.ntp "* ]] && native="$native,lws.ntp"
exports=""
# lws.dhcp reads the fd of its DatagramChannel for SO_BINDTODEVICE (see lws.dhcp/README.md).
[[ " ${modules[*]} " == *" lws.dhcp "* ]] && exports="--add-exports java.base/sun.nio.ch=lws.dhcp"
cat > "$IMAGE/lib/lws.args" <<ARGS
-XX:+UseSerialGC -Xss512k -XX:TrimNativeHeapInterval=5000 --enable-native-access=$native $exports
-m lws.launcher/lws.launcher.Main
ARGS
cat > "$IMAGE/bin/lwsd" <<'LAUNCHER'
#!/bin/sh
# lwsd launcher (see README.md). The JVM options in lib/lws.args must match the AOT training run's: do
# not edit them; LWSD_JAVA_OPTS adds options (a module option there makes the JVM ignore the AOT cache).
DIR=$(dirname "$(readlink -f "$0")")
exec "$DIR/java" $LWSD_JAVA_OPTS @"$DIR/../lib/lws.args" lwsd "$@"
LAUNCHER
cat > "$IMAGE/bin/lwsctl" <<'LAUNCHER'
#!/bin/sh
# lwsctl launcher (see README.md and lws.ctl/README.md): the same JVM and AOT cache as lwsd, C1 only
# (a short run), no perf-data file, JVM messages on standard error so that they never mix with --json
# output. The image directory is found without a child process unless the launcher is a symbolic link.
SELF=$0
[ -L "$SELF" ] && SELF=$(readlink -f "$SELF")
DIR=${SELF%/*}
exec "$DIR/java" -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr @"$DIR/../lib/lws.args" lwsctl "$@"
LAUNCHER
chmod 755 "$IMAGE/bin/lwsd" "$IMAGE/bin/lwsctl"

cp -r "$HERE/src/image/etc" "$IMAGE/"
mkdir -p "$IMAGE/plugins"
cp "$TARGET"/plugins/*.jar "$IMAGE/plugins/"
cp "$HERE/../README.md" "$IMAGE/README.md"

# The AOT cache at the default CDS location (lib/server/classes.jsa): one deterministic, network-free
# training run of lwsd on the default profile and of every lwsctl command against it.
"$HERE/train-aot.sh" "$IMAGE"

tar -C "$TARGET" -czf "$TARGET/lwsd-$VERSION-linux-x64.tar.gz" --transform "s,^image,lwsd-$VERSION," image
echo "image: $IMAGE ($(du -sm "$IMAGE" | cut -f1) MB), archive: $TARGET/lwsd-$VERSION-linux-x64.tar.gz"
