#!/usr/bin/env bash
# Links the nftj runtime image: jlink-image/build/image with bin/nftj, lib/nftj-helper (0750), conf/.
# Needs: the Java modules packaged (mvn package) and the helper built (helper-zig/zig-out/bin).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/versions.env"
export JAVA_HOME=${NFTJ_JAVA_HOME:-$JAVA_HOME_DEFAULT}
out="$top/jlink-image/build"
image="$out/image"
helper="$top/helper-zig/zig-out/bin/nftj-helper"
[ -x "$helper" ] || { echo "jlink-image: build the helper first ($helper)" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/mods"
cp "$top"/modules/{validation,transport,audit,api,cli}/target/nftj-*.jar "$out/mods/"
(cd "$top/modules/cli" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime \
    -DexcludeGroupIds=org.nftj -DoutputDirectory="$out/deps")
cp "$out"/deps/*.jar "$out/mods/"

# Options baked into the image (jlink --add-options): they apply to every launch, bin/nftj included.
# See shared/design/jvm-surface.md: no attach, no dynamic agents, no perf data file, no deserialization.
vm_options="-XX:+DisableAttachMechanism -XX:-EnableDynamicAgentLoading -XX:-UsePerfData -Djdk.serialFilter=!*"

# Not --strip-debug: jackson-jr needs parameter names.
"$JAVA_HOME/bin/jlink" \
    --module-path "$out/mods" \
    --add-modules org.nftj.cli \
    --launcher nftj=org.nftj.cli/org.nftj.cli.Main \
    --add-options="$vm_options" \
    --no-header-files --no-man-pages \
    --output "$image"

# The helper goes in after linking (a jmod's --libs would drop its executable bit).
install -m 0750 -o root -g root "$helper" "$image/lib/nftj-helper"
mkdir -p "$image/conf"
install -m 0644 -o root -g root "$top/helper-zig/conf/nftj-helper.policy.json" "$image/conf/nftj-helper.policy.json"
echo "jlink-image: $image ($(du -sh "$image" | cut -f1))"
