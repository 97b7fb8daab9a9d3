#!/usr/bin/env bash
# Mutation check of the helper's switchable mitigations. Slow (one helper build per mutant):
# run on demand, as root, not by scripts/test. Writes threat-model/mutation-score.md.
#
#   bash threat-model/mutation-check.sh            lockdown mutants and core mutants
#   bash threat-model/mutation-check.sh --core     core mutants only (keeps the lockdown section)
#   bash threat-model/mutation-check.sh --lockdown lockdown mutants only (keeps the core section)
#   bash threat-model/mutation-check.sh --rerun NAME...
#                                              the named core mutants only (after the baseline):
#                                              their rows of the score are replaced (or added),
#                                              the core score is counted again from every row,
#                                              and a line says which were re-run, when and where
#
# Lockdown mutants (seccomp, no_new_privs, dumpable, caps, self_check, pipes, sigpipe, rlimits,
# close_fds, route_socket_caps) are the lockdown side's own build option -Dmutate=...: helper-zig/tests/mutation-check.sh
# builds each and runs startup-matrix.sh, lockdown-status.sh and lockdown-selftest.sh against it;
# its CAUGHT/SURVIVED lines are copied into the score.
#
# Core mutants (policy enforcement, listing filter, canonical JSON, lookup refusal, duplicate
# keys, rate limit, error text, crash path) are build options too (-Dmutate=..., src/mutation.zig:
# each removes ONE mitigation where the code says `mutation.removed(.name)`, so no mutant can go
# stale when the code moves). Each is built in a throwaway copy of helper-zig/ and run against
# `zig build test` (unit tests and the shared vectors), tests/run-blackbox.sh,
# tests/run-hostile.sh and tests/run-direct.sh (the installed helper in network namespaces),
# tests/startup-matrix.sh and
# tests/lockdown-selftest.sh (start-up checks, the sealed crash path); it is caught when at least
# one of them fails. The unmutated build must pass them all, and a mutant whose helper is
# byte-identical to the unmutated one is reported as not compiled in.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
score=$here/mutation-score.md
[ "$(id -u)" = 0 ] || { echo "run as root (the helper tests use network namespaces and setcap)" >&2; exit 2; }
only_core=0; only_lockdown=0; rerun=()
case "${1:-}" in
  --core) only_core=1 ;;
  --lockdown) only_lockdown=1 ;;
  --rerun)
    shift; rerun=("$@"); only_core=1
    [ ${#rerun[@]} -gt 0 ] || { echo "--rerun needs mutant names" >&2; exit 2; }
    grep -q '^| mutant | removes' "$score" 2>/dev/null || { echo "--rerun needs a core table in $score" >&2; exit 2; }
    ;;
esac

# name @@ where the mutation removes it @@ what the mutant removes
core_mutants=(
  'policy@@src/judge.zig:judgeTree@@the policy check of every command (tables and operations)'
  'listing_filter@@src/service.zig:result@@the filter that drops tables outside the policy from answers'
  'canonical_forward@@src/service.zig:runNft@@canonical re-serialisation: the client'"'"'s frame bytes go to libnftables'
  'canonical_forward_batch@@src/service.zig:clientBatchBytes@@canonical re-serialisation: the client'"'"'s own bytes of the batch member go to libnftables, without the policy'"'"'s rewrites (add as create, set sizes)'
  'canonical_escape@@src/writer.zig:string@@string escaping of the canonical writer'
  'lookup_refusal@@src/validate/expressions.zig:typedString@@the refusal of strings that make libnftables look names up'
  'duplicate_keys@@src/json.zig:checkDuplicate@@the parser'"'"'s refusal of duplicate member names'
  'rate_limit@@src/service.zig:charge@@the rate limit of mutating requests'
  'rate_limit_shared@@src/ratelimit.zig:setName@@one rate-limit bucket per policy for all helper processes (the mutant keeps one per process)'
  'rate_limit_by_work@@src/ratelimit.zig:units@@charging the rate limit by commands and elements (the mutant charges one unit per frame)'
  'rate_limit_anonymous@@src/ratelimit.zig:workOf@@charging the elements of anonymous sets in rules (the mutant charges only `elem` lists)'
  'rate_limit_reserved@@src/policy.zig:parseTables@@the refusal of a policy that names the rate limit'"'"'s table'
  'direct_generation@@src/direct.zig:build@@the ruleset generation on the direct path'"'"'s transactions (a set replaced since it was read would be written with the old type'"'"'s encoding)'
  'direct_mismatch@@src/element_encoding.zig:parseAddress@@the typed refusal of an address of the other family on the direct path (the request goes to libnftables instead)'
  'direct_overlap@@src/direct.zig:probeSets@@the check of intervals that overlap one in the set where the kernel would not notice (same end)'
  'error_text@@src/service.zig:nftFailure@@the rebuilt error message: libnftables'"'"' text (with its "did you mean" hints) goes to the client'
  'crash_handler@@src/crash.zig:install@@the fatal-signal handler that names a crash and where it happened'
  'crash_tgkill@@src/lockdown.zig:compileFilter@@the seccomp entry that lets abort() end the helper by SIGABRT instead of a sandbox kill'
  'policy_nofollow@@src/policy.zig:readFile@@O_NOFOLLOW on the policy file: a symbolic link in its place would be followed'
  'policy_fstat@@src/policy.zig:readFile@@the check of the opened policy file'"'"'s mode (group/other-writable)'
  'add_as_create@@src/policy.zig:addIsCreate@@the rewrite of add as create under a policy without replace (add-only)'
  'set_size@@src/service.zig:writeCommand@@the size the helper gives every set it creates (the policy'"'"'s elementsPerSet)'
  'census@@src/service.zig:runNft@@the count of sets, chains, rules and element targets against the policy'"'"'s limits'
  'hostwide@@src/judge.zig:judgeTree@@the version 2 restrictions of base chains, devices and host-wide statements'
  'anonymous_elements@@src/resources.zig:anonymousElements@@the count of anonymous sets'"'"' elements (sets written in rules) against elementsPerSet'
  'hostwide_mangle@@src/hostwide.zig:restrictedStatement@@the reading of a mangle of ct helper as the ct helper statement'
  'hostwide_log_limit@@src/hostwide.zig:boundsLog@@the conditions on the limit before a log (in the rule, not over, packets, at most 100/second)'
  'crash_map_array@@src/validate/commands.zig:values@@the refusal of a map declared with concatenated data (libnftables 1.0.6 makes it a set; dnat to it crashes)'
  'crash_nat_set@@src/resources.zig:crashShape@@the census'"'"' refusal of snat/dnat to a lookup in a set that exists (libnftables 1.0.6 crashes on it)'
  'crash_nat_concat_port@@src/validate/statements.zig:concatDataMap@@the refusal of snat/dnat with a port beside an address map of concatenated data (libnftables 1.0.6 aborts)'
  'crash_nat_concat_map@@src/resources.zig:crashShape@@the census'"'"' refusal of snat/dnat with a port beside a lookup in an existing map of concatenated data (libnftables 1.0.6 aborts)'
  'crash_shapes@@src/schema.zig:verbAccepts@@the refusal of known libnftables 1.0.6 crash shapes (delete of a ct timeout or ct expectation)'
  'release_memory@@src/service.zig:afterFrame@@giving back, after a large request, the pages of the request buffers and what libnftables holds of the C heap'
  'refused_charge@@src/direct.zig:refused@@the charge of a transaction the kernel refused on the element path (its spend rolled back with it)'
  'direct_doomed_probe@@src/direct.zig:describe@@the check that every element encodes before the element path asks the kernel overlap probes (a request refused for free would make the kernel work)'
)

# NFTJ_TREE describes the tree in the score file when it is not a plain commit of this repository.
tree_description=${NFTJ_TREE:-commit $(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$top" diff --quiet HEAD 2>/dev/null || echo ' with uncommitted changes')}
run_info="Run on $(date -u '+%Y-%m-%d %H:%M UTC') against $tree_description."
work=$(mktemp -d /tmp/nftj-tm-mutants-XXXXXX)
trap 'rm -rf "$work"' EXIT
log_dir=$work/logs; mkdir -p "$log_dir"

# copy_tree DEST: helper-zig/ and test-vectors/ without build outputs.
copy_tree() {
  mkdir -p "$1"
  (cd "$top" && tar -c --exclude=zig-out --exclude=.zig-cache --exclude=fuzz-crashes helper-zig test-vectors) | tar -x -C "$1"
}

# run_core_suites DIR NAME MUTATION: builds DIR's helper with -Dmutate=MUTATION, runs the suites
# against it; prints the failing suites ("" when every suite passes).
run_core_suites() {
  local dir=$1 name=$2 mutation=$3 failures=()
  if ! (cd "$dir/helper-zig" && python3 -m ziglang build -Doptimize=ReleaseSafe -Dmutate="$mutation") >"$log_dir/$name-build.log" 2>&1; then
    echo "BUILD-FAILED"; return
  fi
  cp "$dir/helper-zig/zig-out/bin/nftj-helper" "$work/$name.helper"
  (cd "$dir/helper-zig" && python3 -m ziglang build test -Doptimize=ReleaseSafe -Dmutate="$mutation") >"$log_dir/$name-unit.log" 2>&1 \
    || failures+=("zig build test: $(grep -m2 -E 'FAIL|error:|expected' "$log_dir/$name-unit.log" | tr '\n' ' ' | cut -c1-160)")
  NFTJ_SKIP_BUILD=1 bash "$dir/helper-zig/tests/run-blackbox.sh" >"$log_dir/$name-blackbox.log" 2>&1 \
    || failures+=("run-blackbox.sh: $(grep -m2 '^FAIL' "$log_dir/$name-blackbox.log" | tr '\n' ' ' | cut -c1-160)")
  NFTJ_SKIP_BUILD=1 bash "$dir/helper-zig/tests/run-hostile.sh" >"$log_dir/$name-hostile.log" 2>&1 \
    || failures+=("run-hostile.sh: $(grep -m2 '^FAIL' "$log_dir/$name-hostile.log" | tr '\n' ' ' | cut -c1-160)")
  NFTJ_SKIP_BUILD=1 bash "$dir/helper-zig/tests/run-direct.sh" 8 >"$log_dir/$name-direct.log" 2>&1 \
    || failures+=("run-direct.sh: $(grep -m2 '^FAIL' "$log_dir/$name-direct.log" | tr '\n' ' ' | cut -c1-160)")
  HELPER_BIN=$dir/helper-zig/zig-out/bin/nftj-helper bash "$dir/helper-zig/tests/startup-matrix.sh" >"$log_dir/$name-startup.log" 2>&1 \
    || failures+=("startup-matrix.sh: $(grep -m2 '^FAIL' "$log_dir/$name-startup.log" | tr '\n' ' ' | cut -c1-160)")
  HELPER_BIN=$dir/helper-zig/zig-out/bin/nftj-helper bash "$dir/helper-zig/tests/lockdown-selftest.sh" >"$log_dir/$name-selftest.log" 2>&1 \
    || failures+=("lockdown-selftest.sh: $(grep -m2 '^FAIL' "$log_dir/$name-selftest.log" | tr '\n' ' ' | cut -c1-160)")
  printf '%s\n' "${failures[@]+"${failures[@]}"}"
}

if [ "$only_lockdown" = 0 ]; then
core_rows=(); core_caught=0; core_counted=0
copy_tree "$work/tree"
baseline=$(run_core_suites "$work/tree" baseline none)
baseline_text=$baseline
core_baseline_ok=1
if [ -n "$baseline" ]; then
  core_baseline_ok=0
  echo "the unmutated helper fails its own tests; core mutants not run:"; echo "$baseline"
  for log in "$log_dir"/baseline-*.log; do echo "== $log"; tail -n 20 "$log"; done
else
  echo "core baseline (no mutation): every suite passes"
fi
for entry in "${core_mutants[@]}"; do
  [ "$core_baseline_ok" = 1 ] || break
  rest=$entry
  name=${rest%%@@*}; rest=${rest#*@@}
  where=${rest%%@@*}; what=${rest#*@@}
  if [ ${#rerun[@]} -gt 0 ] && ! printf '%s\n' "${rerun[@]}" | grep -qx "$name"; then continue; fi
  failures=$(run_core_suites "$work/tree" "$name" "$name")
  if [ "$failures" = BUILD-FAILED ]; then
    verdict="INVALID (the mutant does not build: $(grep -m1 'error' "$log_dir/$name-build.log" | cut -c1-120))"
  elif cmp -s "$work/baseline.helper" "$work/$name.helper"; then
    verdict="NOT COMPILED IN (the mutant helper is identical to the unmutated one)"
  elif [ -n "$failures" ]; then
    verdict="CAUGHT by $(tr '\n' ';' <<<"$failures" | sed 's/;$//')"
    [[ $what == *"EXPECTED EQUIVALENT"* ]] || core_caught=$((core_caught + 1))
  else
    verdict="SURVIVED (every suite passes without it)"
  fi
  [[ $what == *"EXPECTED EQUIVALENT"* ]] || core_counted=$((core_counted + 1))
  echo "$name: $verdict"
  core_rows+=("| \`$name\` | $what | \`-Dmutate=$name\` in \`helper-zig/$where\` | $(sed 's/|/\\|/g' <<<"$verdict") |")
done

fi

if [ ${#rerun[@]} -gt 0 ]; then
  [ "$core_baseline_ok" = 1 ] || exit 1
  # The re-run rows replace theirs (or are added); the score is counted again from every row.
  printf '%s\n' "${core_rows[@]}" >"$work/rows"
  python3 - "$score" "$work/rows" "Re-run alone: $(printf '`%s` ' "${rerun[@]}")on $(date -u '+%Y-%m-%d %H:%M UTC') against $tree_description." <<'PY'
import re, sys
score, rows_path, note = sys.argv[1], sys.argv[2], sys.argv[3]
lines = open(score, encoding="utf-8").read().split("\n")
new_rows = [row for row in open(rows_path, encoding="utf-8").read().split("\n") if row.startswith("| `")]
cells = lambda row: re.split(r"(?<!\\)\|", row)  # cells; an escaped \| stays inside one
name = lambda row: cells(row)[1].strip()
fresh = {name(row): row for row in new_rows}
table = [i for i, line in enumerate(lines) if line.startswith("| `")]
for i in table:
    if name(lines[i]) in fresh:
        lines[i] = fresh.pop(name(lines[i]))
lines[table[-1] + 1:table[-1] + 1] = list(fresh.values())
rows = [line for line in lines if line.startswith("| `")]
counted = [row for row in rows if "EXPECTED EQUIVALENT" not in cells(row)[2]]
caught = [row for row in counted if cells(row)[4].strip().startswith("CAUGHT")]
for i, line in enumerate(lines):
    if line.startswith("Core score: "):
        lines[i] = re.sub(r"^Core score: \d+/\d+", f"Core score: {len(caught)}/{len(counted)}", line)
        lines[i:i] = [note, ""]
        break
open(score, "w", encoding="utf-8").write("\n".join(lines))
print(f"core mutation score: {len(caught)}/{len(counted)} caught; written to {score}")
sys.exit(0 if len(caught) == len(counted) else 1)
PY
  exit $?
fi

lockdown_section=""
if [ "$only_core" = 0 ]; then
  if [ -f "$top/helper-zig/tests/mutation-check.sh" ]; then
    lockdown_log=$work/lockdown.log
    bash "$top/helper-zig/tests/mutation-check.sh" >"$lockdown_log" 2>&1
    lockdown_status=$?
    cat "$lockdown_log" | grep -vE '^(info|debug)' | tail -40
    lockdown_section=$(printf '%s\n\n```\n%s\n```\n' "Output of \`bash helper-zig/tests/mutation-check.sh\` (exit $lockdown_status):" \
      "$(grep -E '^(baseline|CAUGHT|SURVIVED|mutation score| {12})' "$lockdown_log")")
  else
    lockdown_section="helper-zig/tests/mutation-check.sh is not in this tree: lockdown mutants not run."
  fi
elif [ -f "$score" ]; then
  lockdown_section=$(sed -n '/^## Lockdown mutants/,/^## Core mutants/p' "$score" | sed '1d;$d')
fi

kept_core_section=""
if [ "$only_lockdown" = 1 ] && [ -f "$score" ]; then
  kept_core_section=$(sed -n '/^## Core mutants/,$p' "$score" | sed '1,2d')
fi
{
  echo "# Mutation score"
  echo
  echo "Produced by \`bash threat-model/mutation-check.sh\` (as root; slow, run on demand). A mutant is the helper"
  echo "built with ONE mitigation removed; it is caught when at least one test suite fails against it."
  echo "Each section says when and against which tree it was run. Re-run after changing the helper."
  echo
  echo "## Lockdown mutants"
  echo
  [ "$only_core" = 1 ] || echo "$run_info"
  [ "$only_core" = 1 ] || echo
  echo "$lockdown_section"
  echo
  echo "## Core mutants"
  echo
  if [ "$only_lockdown" = 1 ]; then
    printf '%s\n' "$kept_core_section"
  else
    echo "$run_info"
    echo
  fi
  if [ "$only_lockdown" = 1 ]; then
    :
  elif [ "$core_baseline_ok" = 0 ]; then
    echo "Not run: the unmutated helper failed its own suites:"
    echo
    printf '%s\n' "$baseline_text" | sed 's/^/    /'
  else
  echo "Core score: $core_caught/$core_counted caught (suites: \`zig build test\`, \`helper-zig/tests/run-blackbox.sh\`, \`run-hostile.sh\`, \`run-direct.sh\`, \`startup-matrix.sh\`, \`lockdown-selftest.sh\`);"
  echo "a mutant marked EXPECTED EQUIVALENT would be run and reported but not counted."
  echo
  echo "| mutant | removes | build | result |"
  echo "|---|---|---|---|"
  printf '%s\n' "${core_rows[@]}"
  echo
  echo "Note on \`canonical_forward_batch\`: the helper's parser accepts only JSON that jansson reads the"
  echo "same way (no duplicate keys, no \\u0000, valid UTF-8, integers below 2^53, depth 32), so the"
  echo "client's own bytes of the batch and a plain re-serialisation would mean the same to libnftables."
  echo "The mutant was once expected to be equivalent for that reason. It is not any more: the canonical"
  echo "writer also carries the policy's rewrites (add as create without \`replace\`, the cap as the size"
  echo "of a set declared without one), which the client's bytes lack, so tests of those rewrites catch it."
  fi
} >"$score.new"
mv "$score.new" "$score"
if [ "$only_lockdown" = 1 ]; then
  echo "written to $score"
  [ "${lockdown_status:-1}" = 0 ]
else
  echo "core mutation score: $core_caught/$core_counted caught; written to $score"
  [ "$core_baseline_ok" = 1 ] && [ "$core_caught" = "$core_counted" ] && { [ "$only_core" = 1 ] || [ "${lockdown_status:-1}" = 0 ]; }
fi
