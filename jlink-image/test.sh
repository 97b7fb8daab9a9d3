#!/usr/bin/env bash
# Image tests (part of scripts/test): the built image's modules and baked JVM flags (attach really
# refused, no perf data file), its AOT cache, launcher and layout; then a deployment of it
# (nftj install) used by an UNPRIVILEGED user in throwaway network namespaces: every subcommand once
# from the image, the demo, the example application on the module path, and the compiles that must
# fail (an application reaching org.nftj.transport, org.nftj.validation or the audit's internals).
# Ends with "image: N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/versions.env"
. "$top/scripts/demo-env.sh"
export JAVA_HOME=${NFTJ_JAVA_HOME:-$JAVA_HOME_DEFAULT}
image="$top/jlink-image/build/image"
work=$(mktemp -d /tmp/nftj-image-test-XXXXXX)
dest=""
ns="nftj-img-$$"
fifo_fd=""
passed=0; failed=0
pass() { passed=$((passed + 1)); echo "ok   $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1${2:+: $2}"; }
# t NAME COMMAND...: passes when the command exits 0; its output is shown only on failure.
t() {
  local name=$1; shift
  if "$@" >"$work/out" 2>&1; then pass "$name"; else fail "$name" "$(tail -n 15 "$work/out" | tr -d '\0')"; fi
}
cleanup() {
  [ -n "$fifo_fd" ] && exec 3>&- 2>/dev/null
  demo_env_down
  ip netns del "$ns" 2>/dev/null || true
  [ -n "$dest" ] && rm -rf "$dest"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
[ -x "$image/bin/nftj" ] || { echo "no image at $image: run jlink-image/build.sh"; echo "image: 0 passed, 1 failed"; exit 1; }

# ---- the image itself --------------------------------------------------------------------------
modules=$("$image/bin/java" --list-modules | sed 's/@.*//' | sort | tr '\n' ' ')
forbidden_absent() {
  local m
  for m in jdk.jdwp.agent jdk.management.agent java.rmi jdk.attach java.instrument; do
    case " $modules " in *" $m "*) echo "present: $m"; return 1;; esac
  done
}
t "no jdk.jdwp.agent, jdk.management.agent, java.rmi, jdk.attach, java.instrument" forbidden_absent
t "only the modules nftj needs" test "$modules" = "java.base java.logging java.management jdk.management org.nftj.api org.nftj.audit org.nftj.cli org.nftj.transport org.nftj.validation tools.jackson.core tools.jackson.jr.ob "

flags=$("$image/bin/java" -XX:+PrintFlagsFinal -version 2>/dev/null)
flag() { grep -Eq "^ *bool $1 += $2 " <<<"$flags"; }
t "baked flag: -XX:+DisableAttachMechanism" flag DisableAttachMechanism true
t "baked flag: -XX:-EnableDynamicAgentLoading" flag EnableDynamicAgentLoading false
t "baked flag: -XX:-UsePerfData" flag UsePerfData false
t "baked property: jdk.serialFilter=!*" bash -c "'$image/bin/java' -XshowSettings:properties -version 2>&1 | grep -Eq '^ +jdk.serialFilter = !\*$'"

# A running image JVM: `nftj check -` waits for its file on stdin (a FIFO held open); its helper
# path leads nowhere, so nothing is ever started outside a namespace.
# $JAVA_HOME/bin/jcmd must be refused, and no hsperfdata file may exist for it. The control run
# (the same JVM with attach and perf data switched back on) shows the probes can see a JVM.
running_jvm() { # extra JVM options...; sets jvm_pid
  rm -f "$work/fifo"; mkfifo "$work/fifo"
  "$image/bin/java" "$@" -m org.nftj.cli/org.nftj.cli.Main --helper /nonexistent/nftj-helper check - <"$work/fifo" >/dev/null 2>&1 &
  jvm_pid=$!
  exec 3>"$work/fifo"; fifo_fd=3
  for _ in $(seq 100); do
    grep -q 'tools.jackson\|org.nftj\|jdk.internal' "/proc/$jvm_pid/maps" 2>/dev/null && break
    [ -r "/proc/$jvm_pid/status" ] && grep -q '^Threads:[[:space:]]*[1-9][0-9]' "/proc/$jvm_pid/status" && break
    sleep 0.1
  done
  sleep 0.5
}
stop_jvm() { exec 3>&-; fifo_fd=""; wait "$jvm_pid" 2>/dev/null || true; }
running_jvm
if "$JAVA_HOME/bin/jcmd" "$jvm_pid" VM.version >"$work/jcmd" 2>&1; then
  fail "jcmd against a running image JVM is refused" "jcmd answered: $(head -3 "$work/jcmd")"
else
  pass "jcmd against a running image JVM is refused ($(grep -m1 -o 'AttachNotSupportedException' "$work/jcmd" | head -1))"
fi
if ls /tmp/hsperfdata_*/"$jvm_pid" >/dev/null 2>&1; then fail "no hsperfdata file for the image JVM"; else pass "no hsperfdata file for the image JVM"; fi
stop_jvm
running_jvm -XX:-DisableAttachMechanism -XX:+UsePerfData
t "control: with attach enabled, jcmd reaches the same JVM" "$JAVA_HOME/bin/jcmd" "$jvm_pid" VM.version
t "control: with perf data on, its hsperfdata file exists" bash -c "ls /tmp/hsperfdata_*/$jvm_pid"
stop_jvm

launch_line=$(grep '^exec ' "$image/bin/nftj")
aot_flags=$(sed -E 's/.*AOTCache="[^"]*" (.*) -m org.nftj.cli.*/\1/' <<<"$launch_line")
t "AOT cache in the image: lib/nftj.aot" test -s "$image/lib/nftj.aot"
t "the launcher uses the AOT cache" grep -q 'AOTCache="$image/lib/nftj.aot"' "$image/bin/nftj"
# -XX:AOTMode=on makes the JVM fail unless it can map the cache with these very flags.
t "the AOT cache is usable with the launcher's flags (AOTMode=on)" "$image/bin/java" -XX:AOTCache="$image/lib/nftj.aot" \
    -XX:AOTMode=on $aot_flags -m org.nftj.cli/org.nftj.cli.Main --version
mkdir -p "$work/links"; ln -s "$image/bin/nftj" "$work/links/nftj"
t "bin/nftj works through a symbolic link" bash -c "'$work/links/nftj' --version | grep -q '^nftj '"
ln -s "$image" "$work/links/image"
t "bin/nftj works through a symbolic link to the image" bash -c "'$work/links/image/bin/nftj' --version | grep -q '^nftj '"
t "bin/nftj works by a relative path" bash -c "cd '$image/..' && '$(basename "$image")/bin/nftj' --version | grep -q '^nftj '"
t "bin/nftj works by its real path" bash -c "'$image/bin/nftj' --version | grep -q '^nftj '"
t "bin/nftj drops JAVA_TOOL_OPTIONS, _JAVA_OPTIONS, JDK_JAVA_OPTIONS" bash -c \
    "out=\$(JAVA_TOOL_OPTIONS=-Dx=1 _JAVA_OPTIONS=-Dy=1 JDK_JAVA_OPTIONS=-Dz=1 '$image/bin/nftj' --version 2>&1); echo \"\$out\"; ! grep -qi 'picked up' <<<\"\$out\""
t "lib/nftj-helper: root:root, mode 0750, regular file" test "$(stat -c '%U:%G %a %F' "$image/lib/nftj-helper")" = "root:root 750 regular file"
t "conf/: no helper policy (nftj install writes it, so copying a newer image over an installed one keeps it)" \
    test ! -e "$image/conf/nftj-helper.policy.json"
t "conf/: the boot unit and the application unit example" bash -c "grep -q '^NoNewPrivileges=no' '$image/conf/nftj-app.service.example' \
    && grep -q '^Type=oneshot' '$image/conf/nftj-boot.service'"
t "legal/: JDK, nftj and jackson notices" bash -c "ls '$image/legal/java.base/' >/dev/null && test -s '$image/legal/nftj/LICENSE' \
    && ls '$image/legal/jackson/' | grep -q 'jackson-jr-objects.*LICENSE' && ls '$image/legal/jackson/' | grep -q 'jackson-core.*NOTICE'"
t "--strip-debug keeps what jackson-jr reads: the records' parameter names" bash -c \
    "'$JAVA_HOME/bin/jimage' extract --dir '$work/jimage' --include 'regex:/org.nftj.cli/org/nftj/cli/Report.class' '$image/lib/modules' \
     && '$JAVA_HOME/bin/javap' -v '$work/jimage/org.nftj.cli/org/nftj/cli/Report.class' | grep -q MethodParameters"

# ---- a deployment, used by an unprivileged user --------------------------------------------------
dest=$(mktemp -d /run/nftj-image-test-XXXXXX)
chmod 0755 "$dest"
cp -a "$image/." "$dest/"
t "nftj install as root (group nogroup; tables inet app, inet nftj_demo)" \
    "$dest/bin/nftj" install --group nogroup --table inet/app --table inet/nftj_demo
t "installed helper: root:nogroup 0750 cap_net_admin=ep" bash -c \
    "test \"\$(stat -c '%U:%G %a' '$dest/lib/nftj-helper')\" = 'root:nogroup 750' && getcap '$dest/lib/nftj-helper' | grep -q 'cap_net_admin=ep'"
ip netns add "$ns"
nobody() { ip netns exec "$ns" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
nftj() { nobody "$dest/bin/nftj" "$@"; }
cp "$top/jlink-image/aot-training.json" "$work/app.json"
printf '{"nftables":[{"add":{"table":{"family":"inet","name":"not_ours"}}}]}\n' >"$work/other.json"
chmod -R a+rX "$work"
t "nftj --version (as nobody)" nftj --version
t "nftj --help lists the exit codes" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; nftj --help | grep -q '^  77  permission denied'"
t "nftj check FILE changes nothing" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; nftj check '$work/app.json' && ! ip netns exec $ns nft list ruleset | grep -q 'table inet app'"
t "nftj apply FILE (as nobody, through the file capability)" nftj apply "$work/app.json"
t "the kernel has the table" bash -c "ip netns exec $ns nft list table inet app | grep -q 'blocked_ports'"
t "nftj list" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; nftj list | grep -q '^table inet app'"
t "nftj --json list inet/app prints what nft -j list prints" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; \
    cmp <(nftj --json list inet/app) <(ip netns exec $ns nft -j list table inet app)"
t "nftj elements add (stdin)" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; printf '192.0.2.7\n203.0.113.0/24\n' | nftj elements add inet/app/blocklist"
# stdin a pipe, stdout and stderr a terminal (script(1) gives the command a pseudo-terminal): the bar is
# drawn on stderr and erased before the result line.
t "nftj elements add: a progress bar when stderr is a terminal, even from a pipe; erased before the result" bash -c \
    "script -qfec \"printf '192.0.2.8\\n192.0.2.9\\n' | ip netns exec $ns setpriv --reuid=65534 --regid=65534 --clear-groups \
       --inh-caps=-all '$dest/bin/nftj' elements add inet/app/blocklist\" '$work/tty.txt' >/dev/null && python3 -c '
import sys; t = open(sys.argv[1], \"rb\").read(); print(repr(t))
sys.exit(0 if b\"\\x1b[2K2 elements\\r\\x1b[2Kadded 2 elements to inet/app/blocklist (1 transaction)\" in t else 1)' '$work/tty.txt'"
t "nftj elements remove (file)" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; printf '192.0.2.7\n' >'$work/rm.txt'; nftj elements remove inet/app/blocklist '$work/rm.txt' \
    && ! ip netns exec $ns nft list set inet app blocklist | grep -q '192.0.2.7'"
t "nftj sync FILE: plan, then in sync" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; nftj --json list inet/app >'$work/desired.json' \
    && sed -i 's/9090/9191/' '$work/desired.json' && nftj sync '$work/desired.json' | grep -Eq '^  ~ set (inet app )?blocked_ports' \
    && nftj sync '$work/desired.json' | grep -q '^in sync' && ip netns exec $ns nft list table inet app | grep -q 9191"
# The boot unit's recipe (conf/nftj-boot.service): the table as nftj --json list prints it, kept in a
# sync directory; the unit's own ExecStart, run as an unprivileged user, puts the deleted table back.
t "boot recipe: nftj --json list > sync.d/app.json; the boot unit's ExecStart puts the deleted table back as it was" bash -c \
    "$(declare -f nobody nftj); ns=$ns dest=$dest; install -d -m 0755 '$work/sync.d' && install -d -o 65534 -m 0700 '$work/boot-log' \
     && nftj --json list inet/app >'$work/sync.d/app.json' && chmod a+r '$work/sync.d/app.json' \
     && ip netns exec $ns nft list table inet app >'$work/before.nft' && ip netns exec $ns nft delete table inet app \
     && exec_start=\$(sed -nE 's|^ExecStart=/opt/nftj/bin/nftj ||p' '$dest/conf/nftj-boot.service' \
          | sed 's|/var/log/nftj/|$work/boot-log/|; s|/etc/nftj/sync.d|$work/sync.d|') \
     && echo \"ExecStart: nftj \$exec_start\" && nftj \$exec_start \
     && ip netns exec $ns nft list table inet app | diff '$work/before.nft' -"
t "nftj --audit FILE apply, then nftj audit verify FILE: intact" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; \
    install -d -o 65534 -m 0700 '$work/audit' && nftj --audit '$work/audit/log.jsonl' apply '$work/app.json' \
    && nftj audit verify '$work/audit/log.jsonl' | grep -q '^intact: '"
# Commands that share one audit log take turns: started at once, all six succeed and the chain is whole.
t "six nftj --audit LOG elements add started at once (as nobody): all succeed, taking turns; audit verify: intact" bash -c \
    "$(declare -f nobody nftj); ns=$ns dest=$dest; pids=(); \
     for i in 1 2 3 4 5 6; do printf '100.64.7.%s\\n' \$i >'$work/six-'\$i.txt; chmod a+r '$work/six-'\$i.txt; done; \
     for i in 1 2 3 4 5 6; do nftj --audit '$work/audit/shared.jsonl' elements add inet/app/blocklist '$work/six-'\$i.txt & pids+=(\$!); done; \
     ok=0; for p in \${pids[@]}; do wait \$p && ok=\$((ok + 1)); done; echo \"\$ok of 6 succeeded\"; test \$ok -eq 6 \
     && nftj audit verify '$work/audit/shared.jsonl' | tee /dev/stderr | grep -q '^intact: ' \
     && test \$(ip netns exec $ns nft list set inet app blocklist | grep -o '100\\.64\\.7\\.[1-6]' | sort -u | wc -l) -eq 6"
t "nftj audit verify finds an altered record: exit 1" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; \
    sed -i '1s/\"mono\":/\"mono\": /' '$work/audit/log.jsonl'; nftj audit verify '$work/audit/log.jsonl'; test \$? -eq 1"
t "a table outside the policy: exit 77, and stderr is one line" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; \
    nftj apply '$work/other.json' 2>'$work/denied.err'; status=\$?; cat '$work/denied.err'; test \$status -eq 77 \
    && test \$(wc -l <'$work/denied.err') -eq 1 && grep -q '^nftj: policy_denied: ' '$work/denied.err'"
t "nftj --verbose: nftj's log records on stderr, one line each" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; \
    nftj --verbose list inet/app 2>'$work/verbose.err' >/dev/null; cat '$work/verbose.err'; \
    grep -Eq '^nftj: debug: org\.nftj\.transport: helper [0-9]+ started in ' '$work/verbose.err' \
    && grep -q '^nftj: debug: org.nftj.api: request nft: 1 command(s) \[list\]' '$work/verbose.err'"
# The image's conf/nftj-logging.properties (or /etc/nftj/logging.properties) says where records go:
# here a FileHandler, in the deployment under test (the host's /etc is not touched).
t "conf/nftj-logging.properties: a FileHandler configured there receives nftj's records" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; \
    install -d -o 65534 -m 0700 '$work/logs' && cp '$dest/conf/nftj-logging.properties' '$work/logging.saved' \
    && printf 'handlers=java.util.logging.FileHandler\njava.util.logging.FileHandler.pattern=$work/logs/nftj.log\norg.nftj.level=FINE\n' \
       >'$dest/conf/nftj-logging.properties' && nftj list inet/app >/dev/null 2>'$work/logs.err'; status=\$?; \
    cp '$work/logging.saved' '$dest/conf/nftj-logging.properties'; test \$status -eq 0 && test ! -s '$work/logs.err' \
    && grep -q '<logger>org.nftj.transport</logger>' '$work/logs/nftj.log'"
t "nftj doctor (as nobody): helper, policy and the JVM's own flags pass" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; nftj --json doctor >'$work/doctor.json'; \
    python3 -c 'import json,sys; d={c[\"id\"]:c[\"status\"] for c in json.load(open(\"$work/doctor.json\"))[\"checks\"]}; bad=[i for i in \"D1 D2 D3 D4 D5 D6 D7 D8 D9 D10 D11 D12 D13 D14 D15 D16 D17 D18 D20\".split() if d.get(i)!=\"pass\"]; print(d); sys.exit(1 if bad else 0)'"
t "nftj doctor as root: the deployment passes, D15/D17 skipped with the command to run it as the application's user" bash -c \
    "ip netns exec $ns '$dest/bin/nftj' doctor >'$work/doctor-root.txt'; status=\$?; cat '$work/doctor-root.txt'; test \$status -eq 0 \
     && head -1 '$work/doctor-root.txt' | grep -Eq 'runuser -u [a-z_]+ -- $dest/bin/nftj doctor' \
     && grep -Eq '^D15 +skip' '$work/doctor-root.txt' && grep -Eq '^D17 +skip' '$work/doctor-root.txt'"
t "nftj doctor as a user outside the helper's group: D3 and D20 fail and name the group and usermod" bash -c \
    "ip netns exec $ns setpriv --reuid=12345 --regid=12345 --clear-groups --inh-caps=-all '$dest/bin/nftj' doctor >'$work/doctor-out.txt'; \
     status=\$?; cat '$work/doctor-out.txt'; test \$status -eq 78 \
     && grep -A1 -E '^D3 +fail' '$work/doctor-out.txt' | grep -q 'usermod -aG nogroup 12345' \
     && grep -A1 -E '^D20 +fail' '$work/doctor-out.txt' | grep -q 'usermod -aG nogroup 12345'"
# Errors an operator meets, each one line on stderr naming what failed and the next step.
one_line_error() { # expected-exit pattern setpriv-options... -- nftj args...
  local want=$1 pattern=$2; shift 2
  local opts=(); while [ "$1" != "--" ]; do opts+=("$1"); shift; done; shift
  ip netns exec "$ns" setpriv "${opts[@]}" --inh-caps=-all "$dest/bin/nftj" "$@" >/dev/null 2>"$work/err.txt"
  local status=$?; cat "$work/err.txt"
  [ $status -eq "$want" ] && [ "$(wc -l <"$work/err.txt")" -eq 1 ] && grep -q -- "$pattern" "$work/err.txt"
}
t "a user outside the helper's group: exit 77, one line naming the group and the usermod command" \
    one_line_error 77 'usermod -aG nogroup 12345' --reuid=12345 --regid=12345 --clear-groups -- list
t "a JVM with no_new_privs: exit 78, one line naming NoNewPrivileges" \
    one_line_error 78 'NoNewPrivileges=yes' --reuid=65534 --regid=65534 --clear-groups --no-new-privs -- list
t "a bounding set without CAP_NET_ADMIN: exit 78, one line naming CapabilityBoundingSet" \
    one_line_error 78 'CapabilityBoundingSet=CAP_NET_ADMIN' --reuid=65534 --regid=65534 --clear-groups --bounding-set=-all -- list
install -d -m 0755 "$work/root-only"
t "an audit log this user may not write: exit 78, one line naming the user and the install -d command; nothing changed" \
    one_line_error 78 "nobody may not write $work/root-only/audit.*install -d -o nobody -m 0700 $work/root-only/audit" \
    --reuid=65534 --regid=65534 --clear-groups -- --audit "$work/root-only/audit/log.jsonl" apply "$work/other.json"
demo_env_up "i$$" 8080 9090 >"$work/env" 2>&1 || fail "demo namespaces" "$(cat "$work/env")"
t "nftj demo (as nobody, two namespaces): allowed port answers, blocked port does not" bash -c \
    "ip netns exec '$DEMO_SERVER' setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all '$dest/bin/nftj' demo --relay '$DEMO_RELAY' | tee /dev/stderr | grep -q '^== as expected'"
demo_env_down

# ---- an upgrade, the documented way: copy the new image over the installed one, run nftj install ------
cp "$dest/conf/nftj-helper.policy.json" "$work/policy.before"
t "upgrade: copy the new image over the installed one" cp -a "$image/." "$dest/"
t "upgrade: the copied helper lost its group and capability (what install must restore)" bash -c \
    "test \"\$(stat -c '%G' '$dest/lib/nftj-helper')\" = root && ! getcap '$dest/lib/nftj-helper' | grep -q cap_net_admin"
t "upgrade: before nftj install, an application's error names install (never root's group)" \
    one_line_error 77 'as root, nftj install' --reuid=65534 --regid=65534 --clear-groups -- list inet/app
t "upgrade: nftj install with no options keeps the policy" bash -c "'$dest/bin/nftj' install | tee /dev/stderr | grep -q '^set    policy .* kept: '"
t "upgrade: the policy is byte for byte the same; the helper is root:nogroup 0750 cap_net_admin=ep again" bash -c \
    "cmp '$work/policy.before' '$dest/conf/nftj-helper.policy.json' && test \"\$(stat -c '%U:%G %a' '$dest/lib/nftj-helper')\" = 'root:nogroup 750' \
     && getcap '$dest/lib/nftj-helper' | grep -q 'cap_net_admin=ep'"
t "upgrade: the application's user still works the owned tables, and only them" bash -c "$(declare -f nobody nftj); ns=$ns dest=$dest; \
    nftj list inet/app >/dev/null && nftj apply '$work/other.json'; test \$? -eq 77"

# ---- the systemd units ---------------------------------------------------------------------------------
# systemd-analyze verify reads each unit as systemd would (unknown keys, bad values, the ExecStart binary),
# with /opt/nftj pointing at this deployment.
units_ok() {
  local u out status
  for u in nftj-boot.service nftj-app.service.example; do
    sed "s|/opt/nftj/|$dest/|g; s|/opt/myapp/mods|$dest/lib|" "$dest/conf/$u" >"$work/${u%.example}"
  done
  out=$(systemd-analyze verify "$work/nftj-boot.service" "$work/nftj-app.service" 2>&1); status=$?
  echo "$out"
  [ $status -eq 0 ] && [ -z "$out" ]
}
if command -v systemd-analyze >/dev/null; then
  t "systemd-analyze verify: both units, no warning" units_ok
else
  fail "systemd-analyze verify: both units, no warning" "systemd-analyze is not installed"
fi
key() { sed -nE "s/^$2=(.*)/\1/p" "$dest/conf/$1"; }
t "boot unit: Type=oneshot, RemainAfterExit=yes" test "$(key nftj-boot.service Type) $(key nftj-boot.service RemainAfterExit)" = "oneshot yes"
t "boot unit: Before= and Wants= network-pre.target, no default dependencies" bash -c "$(declare -f key); dest=$dest; \
    key nftj-boot.service Before | grep -qw network-pre.target && key nftj-boot.service Wants | grep -qw network-pre.target \
    && test \"\$(key nftj-boot.service DefaultDependencies)\" = no"
t "boot unit: syncs /etc/nftj/sync.d through the image's nftj, with an audit log" bash -c "$(declare -f key); dest=$dest; \
    key nftj-boot.service ExecStart | grep -Eq '^/opt/nftj/bin/nftj --audit /var/log/nftj/[a-z-]+\\.jsonl sync /etc/nftj/sync\\.d\$'"
t "application unit: not ordered before the network is up; no sync under a long-running Type" bash -c "$(declare -f key); dest=$dest; \
    ! key nftj-app.service.example After | grep -q network-pre && ! grep -q 'nftj sync' '$dest/conf/nftj-app.service.example'"
# What the units may and may not say, each shown on the real helper: a unit's hardening emulated around
# `nftj --version` as the application's user, which starts the helper or says why it could not.
forbidden_in_units() {
  local u k
  for u in nftj-boot.service nftj-app.service.example; do
    for k in NoNewPrivileges=yes SystemCallFilter= SystemCallArchitectures= RestrictAddressFamilies= RestrictNamespaces= \
        PrivateDevices= ProtectKernelTunables= ProtectKernelModules= ProtectKernelLogs= ProtectClock= \
        MemoryDenyWriteExecute= RestrictRealtime= RestrictSUIDSGID= LockPersonality= DynamicUser= PrivateNetwork= ProcSubset=; do
      if grep -q "^$k" "$dest/conf/$u"; then echo "$u sets $k"; return 1; fi
    done
    grep -q '^CapabilityBoundingSet=.*CAP_NET_ADMIN' "$dest/conf/$u" || { echo "$u: bounding set without CAP_NET_ADMIN"; return 1; }
  done
}
t "units: nothing that implies no_new_privs, hides /proc/sys or leaves the namespace; CAP_NET_ADMIN bounded in" forbidden_in_units
# hardened WRAPPER...: runs nftj --version in the namespace as nobody under the wrapper's restrictions.
hardened() {
  local mounts=$1; shift
  ip netns exec "$ns" unshare -m --propagation private sh -c "$mounts exec \"\$@\"" sh \
    setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@" "$dest/bin/nftj" --version
}
starts() { local out; out=$(hardened "$@" 2>&1); echo "$out"; grep -q '^helper [0-9.]*, libnftables ' <<<"$out"; }
refused() { local out; out=$(hardened "$@" 2>&1); echo "$out"; grep -q '^helper: not started' <<<"$out"; }
unit_mounts="mount -t proc -o hidepid=invisible proc /proc && for d in /usr /etc $dest; do mount --bind \$d \$d && mount -o remount,bind,ro \$d || exit 97; done \
  && mount -t tmpfs tmpfs /tmp && mount -t tmpfs tmpfs /home && mount -t tmpfs tmpfs /root &&"
t "the units' hardening (bounding set CAP_NET_ADMIN, ProtectProc=invisible, ProtectSystem, PrivateTmp, ProtectHome): the helper starts" \
    starts "$unit_mounts" --bounding-set=-all,+net_admin
t "control: NoNewPrivileges=yes: the helper cannot gain CAP_NET_ADMIN and refuses to start" refused "" --no-new-privs
t "control: a bounding set without CAP_NET_ADMIN: the helper refuses to start" refused "" --bounding-set=-all
# ProcSubset=pid hides /proc/sys: harmless for a policy without sysctl, fatal with one (the helper opens
# /proc/sys/net before its lockdown). Shown with a policy that allows one parameter.
t "control: ProcSubset=pid without sysctl in the policy: the helper starts" starts "mount -t proc -o subset=pid proc /proc &&"
cp "$dest/conf/nftj-helper.policy.json" "$work/policy.saved"
python3 - "$dest/conf/nftj-helper.policy.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1])); p["sysctl"] = ["net.ipv4.ip_forward"]
open(sys.argv[1], "w").write(json.dumps(p) + "\n")
PY
t "the units' hardening with a sysctl policy: the helper starts" starts "$unit_mounts" --bounding-set=-all,+net_admin
t "control: ProcSubset=pid with a sysctl policy: the helper refuses to start (so the units do not set it)" \
    refused "mount -t proc -o subset=pid proc /proc &&"
cp "$work/policy.saved" "$dest/conf/nftj-helper.policy.json"

# ---- library use: the example application on the module path --------------------------------------
mods="$top/jlink-image/build/mods"
t "examples/hello-firewall compiles against org.nftj.api on the module path" "$JAVA_HOME/bin/javac" -Xlint:all -Werror \
    -p "$mods" -d "$work/hello" $(find "$top/examples/hello-firewall/src/main/java" -name '*.java')
chmod -R a+rX "$work"
t "examples/hello-firewall runs (as nobody) against the real helper" bash -c "$(declare -f nobody); ns=$ns; \
    ip netns exec $ns nft delete table inet app; nobody '$JAVA_HOME/bin/java' -XX:-UsePerfData -p '$mods:$work/hello' \
    -m com.example.firewall/com.example.firewall.HelloFirewall '$dest/lib/nftj-helper' | tee /dev/stderr | grep -q '^chain input' \
    && ip netns exec $ns nft list table inet app | grep -q 'set blocklist'"
# The same example as a Maven user builds it: nftj-bom imported, nftj-api as the one dependency, from
# the local repository scripts/build installs to (NFTJ_MAVEN_REPO names another one). Its firewall
# logic has one contract suite (FirewallContract) run against two clients: FakeNftj, as an
# unprivileged user (nobody) with no namespace and no helper, and the real helper in the test
# namespace, also as nobody. Maven runs as nobody on a hard-linked copy of the local repository
# (the default one is under /root), offline.
repo=${NFTJ_MAVEN_REPO:-$HOME/.m2/repository}
cp -al "$repo" "$work/m2" 2>/dev/null || cp -a "$repo" "$work/m2"
cp -r "$top/examples/hello-firewall" "$work/hello-maven"
mkdir -p "$work/nobody-home"
chown -R 65534:65534 "$work/hello-maven" "$work/nobody-home"
mvn_nobody() { # [netns] mvn arguments...
  local prefix=(); if [ "$1" = --netns ]; then prefix=(ip netns exec "$ns"); shift; fi
  "${prefix[@]}" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
    env -i HOME="$work/nobody-home" PATH=/usr/bin:/bin JAVA_HOME="$JAVA_HOME" \
    mvn -q -B -ntp -o -Dmaven.repo.local="$work/m2" "$@"
}
report() { grep -o 'tests="[0-9]*" errors="[0-9]*" skipped="[0-9]*" failures="[0-9]*"' "$work/hello-maven/target/surefire-reports/TEST-com.example.firewall.$1.xml"; }
t "examples/hello-firewall builds with Maven (as nobody, no root) from the installed nftj-bom and nftj-api POMs; its contract suite passes against FakeNftj" \
    bash -c "$(declare -f mvn_nobody report); ns=$ns work=$work JAVA_HOME=$JAVA_HOME; cd '$work/hello-maven' && mvn_nobody test \
     && test -f target/classes/module-info.class && report FirewallFakeTest | tee /dev/stderr \
     | grep -qx 'tests=\"6\" errors=\"0\" skipped=\"0\" failures=\"0\"'"
t "examples/hello-firewall: the same contract suite passes against the real helper in a namespace (as nobody)" \
    bash -c "$(declare -f mvn_nobody report); ns=$ns work=$work JAVA_HOME=$JAVA_HOME; cd '$work/hello-maven' \
     && mvn_nobody --netns surefire:test -Dtest=FirewallHelperTest -Dhello.helper='$dest/lib/nftj-helper' \
     && report FirewallHelperTest | tee /dev/stderr | grep -qx 'tests=\"6\" errors=\"0\" skipped=\"0\" failures=\"0\"' \
     && ! ip netns exec $ns nft list table inet app 2>/dev/null"
t "every published nftj jar is installed with its sources and javadoc jars (javadoc built with doclint, warnings failing)" \
    bash -c "for a in api validation transport audit cli; do d='$repo/org/nftj/nftj-'\$a/0.1.0-SNAPSHOT; \
      for k in '' -sources -javadoc; do test -s \$d/nftj-\$a-0.1.0-SNAPSHOT\$k.jar || { echo missing \$d \$k; exit 1; }; done; done \
      && '$JAVA_HOME/bin/jar' tf '$repo/org/nftj/nftj-api/0.1.0-SNAPSHOT/nftj-api-0.1.0-SNAPSHOT-javadoc.jar' | grep -q 'org/nftj/api/NftjClient.html'"
# The javadoc check itself: a module inheriting the modules' configuration (nftj-parent, installed)
# builds with its javadoc jar when documented, and fails when a bad comment is planted: a broken
# link, a @param naming no parameter, a public method without a comment (doclint "all", set once in
# the parent for every module), each in an incremental build (no clean).
planted="$work/planted"
mkdir -p "$planted/src/main/java/org/nftj/planted"
cat >"$planted/pom.xml" <<'POM'
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.nftj</groupId><artifactId>nftj-parent</artifactId><version>0.1.0-SNAPSHOT</version><relativePath/></parent>
  <artifactId>nftj-planted</artifactId>
</project>
POM
printf '/** A module whose javadoc the build checks. */\nmodule org.nftj.planted {\n    exports org.nftj.planted;\n}\n' \
    >"$planted/src/main/java/module-info.java"
planted_class() { # the comment's first sentence, the @param's name
  printf 'package org.nftj.planted;\n\n/** A documented class. */\npublic final class Planted {\n    private Planted() {}\n\n    /**\n     * %s\n     *\n     * @param %s the number\n     * @return twice the number\n     */\n    public static int twice(int n) { return 2 * n; }\n}\n' \
      "$1" "$2" >"$planted/src/main/java/org/nftj/planted/Planted.java"
}
planted_build() { (cd "$planted" && mvn -B -ntp -o ${NFTJ_MAVEN_REPO:+-Dmaven.repo.local=$NFTJ_MAVEN_REPO} -DskipTests package); }
planted_class "Doubles a number." n
t "a documented module inheriting nftj-parent builds, with its javadoc jar" \
    bash -c "$(declare -f planted_build); planted='$planted'; NFTJ_MAVEN_REPO='${NFTJ_MAVEN_REPO:-}'; planted_build \
      && test -s '$planted/target/nftj-planted-0.1.0-SNAPSHOT-javadoc.jar'"
planted_refused_as_is() { # what is planted, javadoc's words
  if planted_build >"$work/planted.log" 2>&1; then
    fail "a planted $1 fails the build" "the build passed"
  elif grep -q "Planted.java:.*$2" "$work/planted.log"; then
    pass "a planted $1 fails the build (javadoc: $2)"
  else
    fail "a planted $1 fails the build" "it failed otherwise: $(grep -m3 'ERROR' "$work/planted.log")"
  fi
}
planted_refused() { # what is planted, the comment, the @param's name, javadoc's words
  planted_class "$2" "$3"
  planted_refused_as_is "$1" "$4"
}
planted_refused "broken link" "Doubles a number, see {@link NoSuchClass}." n "error: reference not found"
planted_refused "@param naming no parameter" "Doubles a number." m "error: @param name not found"
planted_class "Doubles a number." n
printf '%s\n' '    public static int thrice(int n) { return 3 * n; }' '}' >"$work/planted.tail"
sed -i '$d' "$planted/src/main/java/org/nftj/planted/Planted.java"
cat "$work/planted.tail" >>"$planted/src/main/java/org/nftj/planted/Planted.java"
planted_refused_as_is "public method without a comment" "warning: no comment"
# The same for one of nftj's own modules other than the api: a copy of nftj-validation as it is
# builds (its javadoc has no warning at all), and with one undocumented public method planted in
# it fails, on that method alone, even when asked on the command line for doclint "none".
cp -r "$top/modules/validation" "$work/validation-copy"
rm -rf "$work/validation-copy/target" "$work/validation-copy/src/test"
sed -i 's|<relativePath>[^<]*</relativePath>|<relativePath/>|' "$work/validation-copy/pom.xml"
copy_build() { (cd "$work/validation-copy" && mvn -B -ntp -o ${NFTJ_MAVEN_REPO:+-Dmaven.repo.local=$NFTJ_MAVEN_REPO} -DskipTests "$@" package); }
if copy_build >"$work/validation-copy.log" 2>&1 && ! grep -q 'warning:' "$work/validation-copy.log" \
    && test -s "$work/validation-copy/target/nftj-validation-0.1.0-SNAPSHOT-javadoc.jar"; then
  pass "a copy of nftj-validation builds with its javadoc jar and no javadoc warning (doclint all)"
else
  fail "a copy of nftj-validation builds with its javadoc jar and no javadoc warning (doclint all)" \
      "$(grep -m3 'warning:\|ERROR' "$work/validation-copy.log")"
fi
table_ref="$work/validation-copy/src/main/java/org/nftj/validation/TableRef.java"
sed -i '$d' "$table_ref"
printf '%s\n' '    public String planted() { return family + "/" + name; }' '}' >>"$table_ref"
if copy_build -Ddoclint=none >"$work/validation-copy.log" 2>&1; then
  fail "nftj-validation with a planted undocumented public method fails its build" "the build passed"
elif [ "$(grep -c 'warning:' "$work/validation-copy.log")" = 1 ] \
    && grep -q "TableRef.java:$(wc -l <"$table_ref" | awk '{print $1 - 1}'): warning: no comment" "$work/validation-copy.log"; then
  pass "nftj-validation with a planted undocumented public method fails its build (javadoc: no comment, on that line alone)"
else
  fail "nftj-validation with a planted undocumented public method fails its build" \
      "it failed otherwise: $(grep -m3 'warning:\|ERROR' "$work/validation-copy.log")"
fi
# No module turns its javadoc off or sets doclint for itself: the parent's setting holds for all.
t "no module POM skips its javadoc or sets doclint (one setting, in the parent POM)" \
    bash -c "! grep -l 'maven.javadoc.skip\|<doclint>\|nftj.doclint' '$top'/modules/*/pom.xml"
sneaky=$(find "$top/examples/transport-denied/src/main/java" -name '*.java')
"$JAVA_HOME/bin/javac" -p "$mods" -d "$work/sneaky" $sneaky >"$work/javac" 2>&1
status=$?
if [ $status -ne 0 ] && grep -q 'package org.nftj.transport is not visible' "$work/javac"; then
  pass "examples/transport-denied does NOT compile: org.nftj.transport is not visible to applications"
else
  fail "examples/transport-denied does NOT compile" "javac exit $status: $(head -5 "$work/javac")"
fi
t "control: it compiles once the export is forced, so the export is what stops it" "$JAVA_HOME/bin/javac" -p "$mods" \
    --add-exports org.nftj.transport/org.nftj.transport=com.example.sneaky -d "$work/sneaky2" $sneaky

# Only the api's surface is there for applications: validation and the audit's internals are not
# (the api hands out Batch.validate() and its own Problem; the gate's Auditor is the api's own).
mkdir -p "$work/internals/com/example/internals"
cat >"$work/internals/module-info.java" <<'JAVA'
module com.example.internals { requires org.nftj.api; }
JAVA
cat >"$work/internals/com/example/internals/Internals.java" <<'JAVA'
package com.example.internals;
public final class Internals {
    Object validator = org.nftj.validation.Validator.class;
    Object auditor = org.nftj.audit.internal.Auditor.class;
}
JAVA
"$JAVA_HOME/bin/javac" -p "$mods" -d "$work/internals-out" $(find "$work/internals" -name '*.java') >"$work/javac" 2>&1
status=$?
if [ $status -ne 0 ] && grep -q 'package org.nftj.validation is not visible' "$work/javac" \
    && grep -q 'package org.nftj.audit.internal is not visible' "$work/javac"; then
  pass "an application module does NOT see org.nftj.validation or org.nftj.audit.internal"
else
  fail "an application module does NOT see org.nftj.validation or org.nftj.audit.internal" "javac exit $status: $(head -5 "$work/javac")"
fi
# The command exports nothing: the image launches its main class and other tools find its ToolProvider.
t "java -m org.nftj.cli/org.nftj.cli.Main runs from the image" bash -c "'$image/bin/java' -m org.nftj.cli/org.nftj.cli.Main --version | grep -q '^nftj '"
mkdir -p "$work/tool"
cat >"$work/tool/FindNftj.java" <<'JAVA'
public class FindNftj {
    public static void main(String[] args) {
        System.exit(java.util.spi.ToolProvider.findFirst("nftj").orElseThrow().run(System.out, System.err, args));
    }
}
JAVA
t "ToolProvider.findFirst(\"nftj\") finds the command in the image" bash -c "'$JAVA_HOME/bin/javac' -d '$work/tool' '$work/tool/FindNftj.java' \
    && '$image/bin/java' -cp '$work/tool' FindNftj --version | grep -q '^nftj '"

echo "image: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
