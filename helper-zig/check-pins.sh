#!/bin/sh
# Fails when the three pins of the Zig release disagree: ../scripts/versions.env (ZIG_VERSION),
# build.zig.zon (.minimum_zig_version) and build.zig (pinned_zig comptime check).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
env_version=$(sed -n 's/^ZIG_VERSION=//p' "$here/../scripts/versions.env")
zon_version=$(sed -n 's/.*\.minimum_zig_version = "\([^"]*\)".*/\1/p' "$here/build.zig.zon")
build_version=$(sed -n 's/.*pinned_zig = std.SemanticVersion{ .major = \([0-9]*\), .minor = \([0-9]*\), .patch = \([0-9]*\) }.*/\1.\2.\3/p' "$here/build.zig")
if [ -z "$env_version" ] || [ -z "$zon_version" ] || [ -z "$build_version" ]; then
    echo "check-pins: could not read a pin (versions.env='$env_version' zon='$zon_version' build.zig='$build_version')" >&2
    exit 1
fi
if [ "$env_version" != "$zon_version" ] || [ "$env_version" != "$build_version" ]; then
    echo "check-pins: Zig pins disagree: versions.env=$env_version build.zig.zon=$zon_version build.zig=$build_version" >&2
    exit 1
fi
echo "check-pins: Zig $env_version pinned consistently"
