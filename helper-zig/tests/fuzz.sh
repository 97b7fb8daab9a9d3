#!/bin/sh
# Runs the mutation fuzzer over the frame decoder, validator and canonical writer for SECONDS
# (default 30), seeded with test-vectors/requests, the objects of test-vectors/rulesets and, when
# present, the external expression corpus (helper-zig/tests/rulesets.zig).
#   usage: tests/fuzz.sh [SECONDS] [SEED]
# A crash saves its input under tests/fuzz-crashes/ and fails; turn it into a regression vector
# (frame_hex) in test-vectors/generate.py, fix, and run again.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-30}
seed=${2:-$(date +%s)}
cd "$here"
python3 -m ziglang build fuzz
echo "fuzz: ${seconds}s, seed $seed"
exec ./zig-out/bin/nftj-fuzz "$seconds" "$seed"
