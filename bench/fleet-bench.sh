#!/usr/bin/env bash
# Fleet audit benchmark (issue 14 "How it is tested"): three real dockerd engines (vfs, no bridge, their own sockets and
# data roots) with 30 containers each over three small images pushed to a real docker-registry on 127.0.0.1, audited by
# `drydock host audit` with all three hosts at once (--concurrency 3) and one after another (--concurrency 1).
# Prints the median wall time of RUNS runs of each. No vulnerability database unless DB=PATH is given (counts n/a
# otherwise: the bench measures the Engine API and registry work). Needs root, dockerd, docker, docker-registry.
# Usage: [RUNS=3] [CONTAINERS=30] [DB=vuln.db] bench/fleet-bench.sh     (DRYDOCK_BIN may point at an AOT build)
# Everything lives in one mktemp folder; the daemons it starts are stopped by PID on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}; CONTAINERS=${CONTAINERS:-30}
for p in dockerd docker docker-registry bc; do command -v $p >/dev/null || { echo "fleet-bench: $p is not installed (scripts/install-deps.sh)" >&2; exit 2; }; done
[ "$(id -u)" = 0 ] || { echo "fleet-bench: dockerd needs root" >&2; exit 2; }
if [ -z "${DRYDOCK_BIN:-}" ]; then
  dotnet build src/Drydock.Cli -c Release -nologo -clp:ErrorsOnly -v:q -m:1 >&2
  DRYDOCK=(dotnet src/Drydock.Cli/bin/Release/net10.0/drydock.dll)
else
  DRYDOCK=("$DRYDOCK_BIN")
fi
source bench/measure.sh
WORK=$(mktemp -d /tmp/drydock-fleet-bench.XXXXXX)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done; done
  # dockerd leaves its netns bind mounts under its exec root
  awk -v d="$WORK/" 'index($2, d)==1 {print $2}' /proc/self/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
REG=127.0.0.1:$PORT
mkdir -p "$WORK/registry"
cat > "$WORK/registry/config.yml" <<YML
version: 0.1
storage: { filesystem: { rootdirectory: $WORK/registry/data }, delete: { enabled: true } }
http: { addr: $REG }
YML
docker-registry serve "$WORK/registry/config.yml" >"$WORK/registry/log" 2>&1 & PIDS+=($!)

HOSTS=()
for e in 1 2 3; do
  d=$WORK/engine$e; mkdir -p "$d"
  dockerd --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false --bridge=none --storage-driver=vfs \
    --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/dockerd.pid" --host "unix://$d/docker.sock" \
    --userland-proxy=false --insecure-registry "$REG" >"$d/log" 2>&1 & PIDS+=($!)
  HOSTS+=("unix://$d/docker.sock")
done
for h in "${HOSTS[@]}"; do
  for _ in $(seq 300); do docker -H "$h" version >/dev/null 2>&1 && break; sleep 0.2; done
  docker -H "$h" version >/dev/null || { echo "fleet-bench: dockerd at $h did not start" >&2; exit 3; }
done
for _ in $(seq 100); do curl -s "http://$REG/v2/" >/dev/null && break; sleep 0.1; done

# Three one-file images pushed from engine 1 and pulled by the others; CONTAINERS containers per engine over them.
for i in 1 2 3; do
  mkdir -p "$WORK/img$i"; echo "app $i" >"$WORK/img$i/v"; tar -C "$WORK/img$i" -cf "$WORK/img$i.tar" .
  docker -H "${HOSTS[0]}" import -c 'CMD ["/v"]' "$WORK/img$i.tar" "$REG/bench/app$i:1" >/dev/null
  docker -H "${HOSTS[0]}" push -q "$REG/bench/app$i:1" >/dev/null
done
for h in "${HOSTS[@]}"; do
  for i in 1 2 3; do docker -H "$h" pull -q "$REG/bench/app$i:1" >/dev/null; done
  for c in $(seq "$CONTAINERS"); do docker -H "$h" create -q --name "c$c" "$REG/bench/app$(( (c % 3) + 1 )):1" >/dev/null 2>&1; done
done

export DRYDOCK_CACHE_DIR=$WORK/cache DRYDOCK_DB=${DB:-$WORK/no-database.db}
ARGS=(host audit --format json --state-dir "$WORK/state" --insecure-registry "$REG")
for h in "${HOSTS[@]}"; do ARGS+=(--host "$h"); done
"${DRYDOCK[@]}" "${ARGS[@]}" >"$WORK/warm.json" 2>>"$WORK/stderr.log"   # warm-up: JIT, and the stored inventories when DB is given
n=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["containers"]), len([h for h in r["hosts"] if "error" not in h]))' "$WORK/warm.json")
echo "fleet-bench: 3 engines, $CONTAINERS containers each; audited: $n (containers, hosts); load: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for conc in 3 1; do
  times=()
  for _ in $(seq "$RUNS"); do times+=("$(measure "${DRYDOCK[@]}" "${ARGS[@]}" --concurrency "$conc" | cut -d' ' -f1)"); done
  label=$([ "$conc" = 3 ] && echo parallel || echo serial)
  printf '%-8s --concurrency %s  median %.2f s  (runs: %s)\n' "$label" "$conc" "$(printf '%s\n' "${times[@]}" | median)" "${times[*]}"
done
