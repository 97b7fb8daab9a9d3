#!/usr/bin/env bash
# Links the nftj runtime image, jlink-image/build/image:
#   bin/nftj            launcher (nftj.launcher): symlink-safe, cleans JVM option variables, uses the AOT cache
#   bin/java            the image's JVM; security flags baked in with --add-options (they apply to every launch)
#   lib/nftj-helper     the privileged helper, root-owned, mode 0750 (nftj install adds group + file capability)
#   lib/nftj.aot        JDK 25 AOT cache (JEP 483/514), trained by one real `nftj apply` in a throwaway netns
#   conf/               the systemd units, the command's logging configuration. NO helper policy: nftj install
#                       writes conf/nftj-helper.policy.json, so copying a newer image over an installed one
#                       keeps it (docs/operating.md, "Upgrading")
#   legal/              notices: the JDK modules' (from jlink), nftj's and jackson's
# Needs: the Java modules compiled (mvn package) and the helper built (helper-zig/zig-out/bin).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/versions.env"
export JAVA_HOME=${NFTJ_JAVA_HOME:-$JAVA_HOME_DEFAULT}
here="$top/jlink-image"
out="$here/build"
image="$out/image"
helper=${NFTJ_HELPER_BIN:-$top/helper-zig/zig-out/bin/nftj-helper}
[ -x "$helper" ] || { echo "jlink-image: build the helper first ($helper)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/mods" "$out/deps"
cp "$top"/modules/{validation,transport,audit,api,cli}/target/nftj-*[0-9T].jar "$out/mods/"
# Runtime dependencies (jackson-jr and jackson-core), resolved in the reactor so nothing has to be
# installed in the local repository first. jlink takes only the modules org.nftj.cli needs.
(cd "$top" && mvn -q -B -ntp -o dependency:copy-dependencies -pl modules/cli -DincludeScope=runtime \
    -DexcludeGroupIds=org.nftj -DoutputDirectory="$out/deps" 2>/dev/null) \
  || (cd "$top" && mvn -q -B -ntp package -DskipTests -pl modules/cli -am dependency:copy-dependencies \
    -DincludeScope=runtime -DexcludeGroupIds=org.nftj -DoutputDirectory="$out/deps")
cp "$out"/deps/jackson-*.jar "$out/mods/"

# Options baked into the image: no attach (jcmd, heap dumps, agents), no dynamic agents, no
# /tmp/hsperfdata_* file, no Java deserialization. See docs/jvm-surface.md and doctor D9-D12.
vm_options="-XX:+DisableAttachMechanism -XX:-EnableDynamicAgentLoading -XX:-UsePerfData -Djdk.serialFilter=!*"
# Flags the AOT cache is trained with and used with (a cache only applies to the same GC).
aot_flags="-XX:+UseSerialGC -XX:TieredStopAtLevel=1"

# Size (docs/benchmarks.md): --compress=zip-6 stores the class files compressed (classes in the AOT
# cache are not read from there at all); --strip-debug drops line numbers and local variable tables
# (stack traces say "Unknown Source"), not the MethodParameters and Record attributes jackson-jr reads
# (jlink-image/test.sh checks). No header files or man pages: no use here.
"$JAVA_HOME/bin/jlink" \
    --module-path "$out/mods" \
    --add-modules org.nftj.cli \
    --add-options="$vm_options" \
    --compress=zip-6 --strip-debug \
    --no-header-files --no-man-pages \
    --output "$image"

sed "s|@AOT_FLAGS@|$aot_flags|" "$here/nftj.launcher" > "$image/bin/nftj"
chmod 0755 "$image/bin/nftj"

# The helper goes in after linking (a jmod's --libs would drop its executable bit).
install -m 0750 -o root -g root "$helper" "$image/lib/nftj-helper"
install -d -m 0755 "$image/conf"
install -m 0644 "$here/conf/nftj-app.service.example" "$image/conf/nftj-app.service.example"
install -m 0644 "$here/conf/nftj-boot.service" "$image/conf/nftj-boot.service"
install -m 0644 "$here/conf/nftj-logging.properties" "$image/conf/nftj-logging.properties"

# Notices beside the JDK's own legal/<module>/ directories.
install -d -m 0755 "$image/legal/nftj" "$image/legal/jackson"
install -m 0644 "$here/legal/LICENSE" "$image/legal/nftj/LICENSE"
install -m 0644 "$here/legal/NOTICE" "$image/legal/nftj/NOTICE"
for jar in "$out"/deps/jackson-*.jar; do
  name=$(basename "$jar" .jar)
  (cd "$out" && rm -rf meta && mkdir meta && cd meta && "$JAVA_HOME/bin/jar" xf "$jar" META-INF)
  for f in "$out"/meta/META-INF/*LICENSE* "$out"/meta/META-INF/NOTICE; do
    [ -f "$f" ] && install -m 0644 "$f" "$image/legal/jackson/$name-$(basename "$f")"
  done
done
rm -rf "$out/meta"

# The AOT cache, trained by the command's real work: one `nftj apply` through the real helper in a
# throwaway network namespace (the host's ruleset is never touched). Without root or a working
# helper the training still runs parsing and validation up to the failed start, which still helps.
cache="$image/lib/nftj.aot"
train=(-XX:AOTCacheOutput="$cache" $aot_flags -Xlog:aot=error,cds=error -m org.nftj.cli/org.nftj.cli.Main)
ns="nftj-aot-$$"
trained=no
if [ "$(id -u)" = 0 ] && ip netns add "$ns" 2>/dev/null; then
  # The image carries no policy; the training run's helper gets one for its table, removed after.
  printf '{"version":1,"tables":[{"family":"inet","name":"app"}],"operations":["add","list"],"rate":{"perSecond":50,"burst":200}}\n' \
    >"$image/conf/nftj-helper.policy.json"
  chmod 0644 "$image/conf/nftj-helper.policy.json"
  # The helper's self-check refuses to start in a checkout below a directory others can write
  # (/tmp): that refusal is expected and said as such; any other failure is shown whole.
  train_log=$(mktemp)
  if ip netns exec "$ns" "$image/bin/java" "${train[@]}" apply "$here/aot-training.json" >/dev/null 2>"$train_log"; then
    trained=helper
  elif grep -q 'self_check' "$train_log"; then
    echo "jlink-image: note (expected): the training run's helper refused to start, as it must in a checkout below a directory others can write such as /tmp ($(grep -m1 -o 'directory [^:;]*' "$train_log" || echo self_check))" >&2
  else
    echo "jlink-image: warning: the training run through the helper failed:" >&2
    sed 's/^/  /' "$train_log" >&2
  fi
  rm -f "$image/conf/nftj-helper.policy.json" "$train_log"
  ip netns del "$ns"
fi
if [ "$trained" = no ]; then
  echo "jlink-image: training the AOT cache without a running helper" >&2
  "$image/bin/java" "${train[@]}" --helper /nonexistent/nftj-helper check "$here/aot-training.json" >/dev/null 2>&1 || true
fi
[ -s "$cache" ] || { echo "jlink-image: the AOT cache was not written" >&2; exit 1; }
chmod 0644 "$cache"
echo "jlink-image: $image ($(du -sh "$image" | cut -f1), AOT cache trained with: $trained)"
