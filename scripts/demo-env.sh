# Sourced by scripts/main and jlink-image/test.sh: the demo's two network namespaces.
#
#   client namespace  10.77.0.2/24 ── veth ── 10.77.0.1/24  server namespace (the firewall)
#   relays DIR/tcp-PORT.sock -> 10.77.0.1:PORT              TCP servers on each PORT (as nobody)
#
# demo_env_up TAG PORT...   creates them and sets DEMO_SERVER, DEMO_CLIENT, DEMO_RELAY
# demo_env_down             removes everything demo_env_up created (safe to call twice)
# All traffic stays inside these two namespaces; the addresses exist nowhere else.
DEMO_PIDS=()
DEMO_SERVER=""
DEMO_CLIENT=""
DEMO_RELAY=""

demo_env_up() {
  local tag=$1; shift
  local here; here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  DEMO_SERVER="nftj-demo-server-$tag"
  DEMO_CLIENT="nftj-demo-client-$tag"
  ip netns add "$DEMO_SERVER"
  ip netns add "$DEMO_CLIENT"
  ip link add "nftj-s-$tag" type veth peer name "nftj-c-$tag"
  ip link set "nftj-s-$tag" netns "$DEMO_SERVER"
  ip link set "nftj-c-$tag" netns "$DEMO_CLIENT"
  ip -n "$DEMO_SERVER" addr add 10.77.0.1/24 dev "nftj-s-$tag"
  ip -n "$DEMO_CLIENT" addr add 10.77.0.2/24 dev "nftj-c-$tag"
  ip -n "$DEMO_SERVER" link set lo up
  ip -n "$DEMO_CLIENT" link set lo up
  ip -n "$DEMO_SERVER" link set "nftj-s-$tag" up
  ip -n "$DEMO_CLIENT" link set "nftj-c-$tag" up
  DEMO_RELAY=$(mktemp -d /run/nftj-relay-XXXXXX)
  chmod 0755 "$DEMO_RELAY"
  ip netns exec "$DEMO_SERVER" setpriv --reuid=65534 --regid=65534 --clear-groups \
      /usr/bin/python3 "$here/demo-net.py" serve "$@" &
  DEMO_PIDS+=($!)
  ip netns exec "$DEMO_CLIENT" /usr/bin/python3 "$here/demo-net.py" relay "$DEMO_RELAY" 10.77.0.1 "$@" &
  DEMO_PIDS+=($!)
  local p ready
  for _ in $(seq 100); do
    ready=yes
    for p in "$@"; do
      [ -S "$DEMO_RELAY/tcp-$p.sock" ] || ready=no
      ip netns exec "$DEMO_SERVER" ss -Hltn "sport = :$p" | grep -q . || ready=no
    done
    [ "$ready" = yes ] && return 0
    sleep 0.1
  done
  echo "demo-env: servers or relays did not come up" >&2
  return 1
}

demo_env_down() {
  local p
  for p in "${DEMO_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${DEMO_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  DEMO_PIDS=()
  [ -n "$DEMO_SERVER" ] && ip netns del "$DEMO_SERVER" 2>/dev/null || true
  [ -n "$DEMO_CLIENT" ] && ip netns del "$DEMO_CLIENT" 2>/dev/null || true
  [ -n "$DEMO_RELAY" ] && rm -rf "$DEMO_RELAY"
  DEMO_SERVER=""; DEMO_CLIENT=""; DEMO_RELAY=""
}
